#include "device_serving.hpp"

#include "atmbench/device_link/pty_device.hpp"
#include "atmbench/usbip/usbip_server.hpp"

#include <optional>

#include <poll.h>
#include <unistd.h>

namespace atmbench::cli {

namespace po = boost::program_options;

void add_serving_options(po::options_description& options) {
    options.add_options()
        ("usbip", po::value<std::string>(), "export the device over USB/IP on ADDRESS:PORT (busid 1-1) instead of a pty; "
                                            "port 0 picks a free one")
        ("expose", "allow a --usbip address beyond loopback (no authentication: an isolated test network only)");
}

struct DeviceServing::Impl {
    std::optional<device_link::PtyDevice> pty;
    std::unique_ptr<usbip::UsbipServer> usbip;
};

DeviceServing::DeviceServing(device_link::WireDevice& device, const po::variables_map& options,
                             const usbip::UsbDescription& usb)
    : impl_(std::make_unique<Impl>()) {
    if (!options.count("usbip")) {
        if (options.count("expose")) throw std::invalid_argument("--expose is for --usbip");
        impl_->pty.emplace(device);
        return;
    }
    impl_->usbip = std::make_unique<usbip::UsbipServer>(options["usbip"].as<std::string>(), options.count("expose") > 0);
    impl_->usbip->add({"1-1", usb, &device});
    impl_->usbip->start();
}

DeviceServing::~DeviceServing() {
    if (impl_->usbip) impl_->usbip->stop();
}

boost::json::object DeviceServing::ready_fields() const {
    if (impl_->pty) return {{"pty", impl_->pty->path().string()}};
    return {{"usbip", impl_->usbip->address()}, {"busid", "1-1"}};
}

void read_control_lines(const std::atomic<bool>& stop, const std::function<bool(const std::string&)>& handle) {
    std::string pending;
    char chunk[1024];
    while (!stop) {
        pollfd p{STDIN_FILENO, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
        if (n <= 0) return;  // the end of stdin: whoever drove us has gone
        pending.append(chunk, static_cast<std::size_t>(n));
        for (auto eol = pending.find('\n'); eol != std::string::npos; eol = pending.find('\n')) {
            std::string line = pending.substr(0, eol);
            pending.erase(0, eol + 1);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.empty()) continue;
            if (!handle(line)) return;
        }
        if (pending.size() > 4096) pending.clear();  // no control line is that long: not a driver's input
    }
}

}  // namespace atmbench::cli
