// `atmbench usb sniff --match VID:PID[:SERIAL]|BUSPATH --usbip ADDRESS:PORT [--expose] --pcapng FILE
// [--duration-ms N]` (issue 14): a real USB device on the bench machine, opened through libusb, exported over
// USB/IP so a vendor attaches it on their own host (`usbip attach`) and runs their own driver against it, while the
// bench records every transfer both ways as a pcapng file of Linux usbmon events that Wireshark opens
// (usb/README.md, "Recording a vendor driver's exchange"). One JSON ready line ({"usbip", "busid", "pcapng", …}),
// then, when it stops, one JSON line saying why and how many packets were written.
// Stops on SIGINT/SIGTERM, on `quit` or the end of stdin, or after --duration-ms. Each packet is flushed as it is
// written: a killed run still leaves a readable capture.
// Exit status (commands.hpp): 0 captured until told to stop, 1 --match matched no device, 2 bad input, could not
// start (open, claim, listen, create the file), or the device or the file failed during the run.
#include "cli_common.hpp"
#include "device_serving.hpp"
#include "usb_capture.hpp"
#include "usb_passthrough.hpp"

#include "atmbench/usb/printer_class.hpp"
#include "atmbench/usb/usb_bulk_link.hpp"
#include "atmbench/usbip/usbip_server.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <mutex>
#include <optional>
#include <thread>

#include <unistd.h>

namespace atmbench::cli {

namespace {

const std::string kUsage =
    "atmbench usb sniff --match VID:PID[:SERIAL]|BUSPATH --usbip ADDRESS:PORT [--expose] --pcapng FILE [--duration-ms N]";

std::string required(const po::variables_map& vm, const char* name, const char* expected) {
    if (!vm.count(name)) throw std::invalid_argument(std::string("--") + name + " is required: " + expected);
    return vm[name].as<std::string>();
}

// The first reason given wins: a signal, `quit`, the end of stdin, the duration, or a failure.
class StopReason {
public:
    void set(const std::string& reason) {
        std::lock_guard lock(mutex_);
        if (reason_.empty()) reason_ = reason;
        stopping_ = true;
    }
    std::string get() const {
        std::lock_guard lock(mutex_);
        return reason_;
    }
    const std::atomic<bool>& stopping() const { return stopping_; }

private:
    mutable std::mutex mutex_;
    std::string reason_;
    std::atomic<bool> stopping_{false};
};

}  // namespace

int run_usb_sniff(int argc, char** argv) {
    po::options_description opts("options");
    opts.add_options()
        ("match", po::value<std::string>(), "the device to sniff: VID:PID (0b00:0001), VID:PID:SERIAL or a bus path (1-2.3)")
        ("usbip", po::value<std::string>(), "export it over USB/IP on ADDRESS:PORT (busid 1-1); port 0 picks a free one")
        ("expose", "allow a --usbip address beyond loopback (no authentication: an isolated lab network only)")
        ("pcapng", po::value<std::string>(), "write every transfer to FILE (pcapng, Linux usbmon records: Wireshark opens it)")
        ("duration-ms", po::value<long long>(), "stop after N milliseconds (default: on SIGINT/SIGTERM, 'quit' or the end of stdin)");
    po::variables_map vm;
    int code = 0;
    if (!parse_options("usb sniff", kUsage, opts, argc, argv, vm, code)) return code;
    return guarded("usb sniff", [&] {
        const std::string match_text = required(vm, "match", "the device, VID:PID[:SERIAL] or a bus path like 1-2.3");
        const std::string listen = required(vm, "usbip", "the address to export the device on, ADDRESS:PORT like 127.0.0.1:3240");
        const std::string file = required(vm, "pcapng", "the capture file to write, e.g. vendor-driver.pcapng");
        std::optional<std::chrono::milliseconds> duration;
        if (vm.count("duration-ms")) {
            const long long ms = vm["duration-ms"].as<long long>();
            if (ms <= 0) throw std::invalid_argument("--duration-ms must be a positive number of milliseconds (found " + std::to_string(ms) + ")");
            duration = std::chrono::milliseconds(ms);
        }
        const usb::UsbMatch match = usb::UsbMatch::parse(match_text);

        StopSignals signals;  // before any thread (libusb's, the server's): they all leave SIGINT/SIGTERM to it
        usb::UsbContext context;
        std::optional<usb::UsbDevice> device;
        try {
            device.emplace(context, match);
        } catch (const usb::UsbNoMatch& e) {
            std::cerr << "atmbench usb sniff: " << e.what() << "\n";
            return kExitFail;
        }
        usb::UsbBulkLink link(std::move(*device));
        const usb::InterfaceInfo& itf = claimed_interface(link);
        std::optional<std::string> ieee1284_id;
        if (itf.interface_class == 0x07) ieee1284_id = usb::printer_device_id(link.device(), itf.number);
        const usbip::UsbDescription description = export_description(link, ieee1284_id);

        const std::string busid = "1-1";
        UsbCapture capture(file, link.device().info(), busid);
        UsbPassthrough passthrough(link);
        usbip::UsbipServer server(listen, vm.count("expose") > 0);
        server.add({busid, description, &passthrough});
        server.listen_urbs([&](const usbip::UrbRecord& urb) { capture.record(urb); });
        server.start();
        std::cout << boost::json::serialize(boost::json::object{
                         {"usbip", server.address()}, {"busid", busid}, {"pcapng", file},
                         {"device", link.device().describe()}, {"pid", static_cast<std::int64_t>(::getpid())}})
                  << std::endl;

        StopReason stop;
        const auto deadline = duration ? std::chrono::steady_clock::now() + *duration : std::chrono::steady_clock::time_point::max();
        signals.serve([&] { stop.set("signal"); },
                      [&] {
                          // The duration and the failures are watched beside the control lines, within 20 ms.
                          std::thread watch([&] {
                              while (!stop.stopping()) {
                                  std::this_thread::sleep_for(std::chrono::milliseconds(20));
                                  if (passthrough.failure() || capture.failure()) stop.set("failure");
                                  else if (std::chrono::steady_clock::now() >= deadline) stop.set("duration");
                              }
                          });
                          read_control_lines(stop.stopping(), [](const std::string& line) { return line != "quit"; });
                          stop.set("end of input");  // `quit` or stdin closed, unless something else came first
                          watch.join();
                      },
                      [&] { server.stop(); });

        std::cout << boost::json::serialize(boost::json::object{{"event", "stopped"},
                                                                {"reason", stop.get()},
                                                                {"packets", capture.packets()},
                                                                {"stalls", passthrough.stalls()},
                                                                {"pcapng", file}})
                  << std::endl;
        if (auto why = passthrough.failure()) {
            std::cerr << "atmbench usb sniff: error: " << *why << " (the capture up to then is in " << file << ")\n";
            return kExitError;
        }
        if (auto why = capture.failure()) {
            std::cerr << "atmbench usb sniff: error: " << *why << "\n";
            return kExitError;
        }
        return kExitOk;
    });
}

}  // namespace atmbench::cli
