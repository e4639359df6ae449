#include "atmbench/usbip/usbip_server.hpp"

#include "usbip_wire.hpp"

#include "atmbench/common/host_port.hpp"
#include "atmbench/common/listen_address.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <list>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace atmbench::usbip {

using wire::Bytes;

namespace {

// A transfer larger than this is not a receipt or a bill validator's frame: the client is broken or hostile.
constexpr std::uint32_t kMaxTransfer = 1 << 20;
// Once a message has started, the rest of it must arrive within this (a stalled client cannot hold a thread).
constexpr int kReadBoundMs = 10'000;
// How often an idle connection looks for device output, unplug and stop.
constexpr int kTickMs = 20;

class Closed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

void read_exact(int fd, std::uint8_t* out, std::size_t n, const std::atomic<bool>& stopping) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kReadBoundMs);
    std::size_t done = 0;
    while (done < n) {
        if (stopping) throw Closed("server stopping");
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) throw Closed("message incomplete after " + std::to_string(kReadBoundMs) + " ms");
        pollfd p{fd, POLLIN, 0};
        int r = ::poll(&p, 1, static_cast<int>(std::min<long>(left.count(), 100)));
        if (r < 0 && errno != EINTR) throw Closed(std::string("poll: ") + std::strerror(errno));
        if (r <= 0) continue;
        ssize_t got = ::recv(fd, out + done, n - done, 0);
        if (got == 0) throw Closed("client closed the connection");
        if (got < 0 && errno != EINTR && errno != EAGAIN) throw Closed(std::string("recv: ") + std::strerror(errno));
        if (got > 0) done += static_cast<std::size_t>(got);
    }
}

void send_all(int fd, const Bytes& b) {
    std::size_t done = 0;
    while (done < b.size()) {
        ssize_t n = ::send(fd, b.data() + done, b.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw Closed(std::string("send: ") + std::strerror(errno));
        done += static_cast<std::size_t>(n);
    }
}

Bytes op_header(std::uint16_t code, std::uint32_t status) {
    Bytes b;
    wire::put16(b, kProtocolVersion);
    wire::put16(b, code);
    wire::put32(b, status);
    return b;
}

}  // namespace

struct Exported {
    ExportedDevice spec;
    std::uint32_t devnum = 0;
    std::mutex mutex;  // the WireDevice is called from one thread at a time
    std::set<std::uint8_t> stalled;
    bool unplugged = false;
    bool attached = false;
};

struct UsbipServer::Impl {
    int listen_fd = -1;
    std::string address;
    std::list<Exported> devices;
    std::atomic<bool> stopping{false};
    std::thread acceptor;
    std::mutex threads_mutex;
    std::vector<std::thread> clients;
    bool started = false;
    UrbListener urb_listener;

    Exported* find(const std::string& busid) {
        for (auto& d : devices)
            if (d.spec.busid == busid) return &d;
        return nullptr;
    }
    void accept_loop();
    void serve(int fd);
    void serve_urbs(int fd, Exported& dev);
    // The listener hears the URB `c` submitted (with its OUT bytes), then completed; complete() also answers the
    // host (RET_SUBMIT) unless the URB was unlinked (the host then hears RET_UNLINK instead).
    void submitted(const Exported& dev, const wire::UrbCommand& c, const Bytes& out_data);
    void complete(int fd, const Exported& dev, const wire::UrbCommand& c, std::int32_t status, const Bytes& in_data,
                  std::uint32_t actual, bool answer_host = true);
    // The answer to a control transfer on endpoint 0 (USB 2.0 §9.4; printer class 1.1 §4.2), or nullopt: stall.
    std::optional<Bytes> control(Exported& dev, const std::array<std::uint8_t, 8>& setup, std::uint32_t length);
};

UsbipServer::UsbipServer(const std::string& listen, bool exposed) : impl_(std::make_unique<Impl>()) {
    common::HostPort hp = common::parse_host_port(listen);
    if (net::is_exposed(listen) && !exposed)
        throw std::runtime_error("--usbip " + listen +
                                 ": beyond loopback, anyone on the network could attach the devices; add --expose");
    in_addr a{};
    if (::inet_pton(AF_INET, hp.address.c_str(), &a) != 1)
        throw std::runtime_error("--usbip " + listen + ": expected an IPv4 address (found \"" + hp.address + "\")");
    impl_->listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(impl_->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(hp.port);
    sa.sin_addr = a;
    if (::bind(impl_->listen_fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 ||
        ::listen(impl_->listen_fd, 16) != 0) {
        std::string e = std::strerror(errno);
        ::close(impl_->listen_fd);
        throw std::runtime_error("--usbip " + listen + ": cannot listen: " + e);
    }
    socklen_t len = sizeof sa;
    ::getsockname(impl_->listen_fd, reinterpret_cast<sockaddr*>(&sa), &len);
    impl_->address = net::host_port(hp.address, ntohs(sa.sin_port));
}

UsbipServer::~UsbipServer() { stop(); }

void UsbipServer::add(ExportedDevice device) {
    if (impl_->started) throw std::logic_error("usbip: add devices before start()");
    if (!device.device) throw std::invalid_argument("usbip: " + device.busid + ": no device behind the export");
    if (impl_->find(device.busid)) throw std::invalid_argument("usbip: busid " + device.busid + " exported twice");
    auto& d = impl_->devices.emplace_back();
    d.devnum = static_cast<std::uint32_t>(impl_->devices.size()) + 1;  // 1 is the root hub
    d.spec = std::move(device);
}

void UsbipServer::listen_urbs(UrbListener listener) {
    if (impl_->started) throw std::logic_error("usbip: listen to URBs before start()");
    impl_->urb_listener = std::move(listener);
}

void UsbipServer::start() {
    impl_->started = true;
    impl_->acceptor = std::thread([impl = impl_.get()] { impl->accept_loop(); });
}

void UsbipServer::stop() {
    if (!impl_ || impl_->stopping.exchange(true)) return;
    if (impl_->acceptor.joinable()) impl_->acceptor.join();
    std::vector<std::thread> clients;
    {
        std::lock_guard lock(impl_->threads_mutex);
        clients.swap(impl_->clients);
    }
    for (auto& t : clients) t.join();  // each notices `stopping` within one tick or one read bound slice
    if (impl_->listen_fd >= 0) ::close(impl_->listen_fd);
    impl_->listen_fd = -1;
}

std::string UsbipServer::address() const { return impl_->address; }

void UsbipServer::unplug(const std::string& busid) {
    Exported* d = impl_->find(busid);
    if (!d) throw std::invalid_argument("usbip: no exported device " + busid);
    std::lock_guard lock(d->mutex);
    d->unplugged = true;
}

void UsbipServer::stall(const std::string& busid, std::uint8_t endpoint) {
    Exported* d = impl_->find(busid);
    if (!d) throw std::invalid_argument("usbip: no exported device " + busid);
    std::lock_guard lock(d->mutex);
    d->stalled.insert(endpoint);
}

void UsbipServer::Impl::accept_loop() {
    while (!stopping) {
        pollfd p{listen_fd, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));  // out of descriptors: back off, re-arm
            continue;
        }
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        std::lock_guard lock(threads_mutex);
        clients.emplace_back([this, fd] {
            serve(fd);
            ::close(fd);
        });
    }
}

void UsbipServer::Impl::serve(int fd) {
    try {
        // Wait (in ticks, so stop() is noticed) for the first byte of the operation, then read it within the bound.
        for (;;) {
            if (stopping) return;
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 100) > 0) break;
        }
        std::uint8_t h[8];
        read_exact(fd, h, sizeof h, stopping);
        std::uint16_t version = wire::get16(h), code = wire::get16(h + 2);
        if (version != kProtocolVersion) throw Closed("protocol version " + std::to_string(version));
        if (code == wire::kReqDevlist) {
            Bytes b = op_header(wire::kRepDevlist, 0);
            wire::put32(b, static_cast<std::uint32_t>(devices.size()));
            for (auto& d : devices) {
                Bytes r = wire::device_record(d.spec.busid, 1, d.devnum, d.spec.description);
                b.insert(b.end(), r.begin(), r.end());
                const auto& u = d.spec.description;
                b.insert(b.end(), {u.interface_class, u.interface_subclass, u.interface_protocol, 0});
            }
            send_all(fd, b);
            return;  // the protocol closes the connection after a list
        }
        if (code != wire::kReqImport) throw Closed("unknown operation");
        std::uint8_t busid_raw[wire::kBusidLength];
        read_exact(fd, busid_raw, sizeof busid_raw, stopping);
        std::string busid(reinterpret_cast<char*>(busid_raw), strnlen(reinterpret_cast<char*>(busid_raw), sizeof busid_raw));
        Exported* d = find(busid);
        bool free = false;
        if (d) {
            std::lock_guard lock(d->mutex);
            free = !d->attached && !d->unplugged;
            if (free) d->attached = true;
        }
        if (!free) {
            send_all(fd, op_header(wire::kRepImport, 1));  // no such device, or already attached elsewhere
            return;
        }
        Bytes b = op_header(wire::kRepImport, 0);
        Bytes r = wire::device_record(d->spec.busid, 1, d->devnum, d->spec.description);
        b.insert(b.end(), r.begin(), r.end());
        // However the connection ends (closed, garbage, stop), the device is free for the next client.
        struct Detach {
            Exported& d;
            ~Detach() {
                std::lock_guard lock(d.mutex);
                d.attached = false;
            }
        } detach{*d};
        send_all(fd, b);
        serve_urbs(fd, *d);
    } catch (const Closed&) {
        // The client went away, sent garbage or took too long: its connection ends, the server goes on.
    }
}

std::optional<Bytes> UsbipServer::Impl::control(Exported& dev, const std::array<std::uint8_t, 8>& s,
                                                std::uint32_t length) {
    std::uint8_t type = s[0], request = s[1];
    std::uint16_t value = static_cast<std::uint16_t>(s[2] | s[3] << 8), index = static_cast<std::uint16_t>(s[4] | s[5] << 8);
    const UsbDescription& u = dev.spec.description;
    std::optional<Bytes> answer;
    if (type == 0x80 && request == 6) {  // GET_DESCRIPTOR
        std::uint8_t kind = static_cast<std::uint8_t>(value >> 8), i = static_cast<std::uint8_t>(value);
        if (kind == 1) answer = device_descriptor(u);
        else if (kind == 2 && i == 0) answer = configuration_descriptor(u);
        else if (kind == 3) answer = string_descriptor(u, i);
        // Device qualifier (6) and others: a full-speed device stalls them (USB 2.0 §9.6.2).
    } else if ((type == 0x00 && request == 9) || (type == 0x01 && request == 11)) {  // SET_CONFIGURATION / SET_INTERFACE
        answer = Bytes{};
    } else if ((type == 0x80 || type == 0x81 || type == 0x82) && request == 0) {  // GET_STATUS: device, interface, endpoint
        answer = Bytes{0, 0};
    } else if (type == 0x02 && request == 1 && value == 0) {  // CLEAR_FEATURE(ENDPOINT_HALT)
        dev.stalled.erase(static_cast<std::uint8_t>(index));
        answer = Bytes{};
    } else if (type == 0xA1 && request == 0) {  // printer class GET_DEVICE_ID
        answer = printer_device_id(u);
    } else if (type == 0xA1 && request == 1 && u.interface_class == 7) {  // printer class GET_PORT_STATUS
        answer = Bytes{0x18};  // selected, no error, paper present (the printer's own status goes over bulk IN)
    }
    if (answer && answer->size() > length) answer->resize(length);
    return answer;
}

namespace {

UrbRecord urb_record(const Exported& dev, const wire::UrbCommand& c, UrbRecord::Stage stage) {
    const UsbDescription& u = dev.spec.description;
    UrbRecord r;
    r.stage = stage;
    r.busid = dev.spec.busid;
    r.seqnum = c.seqnum;
    r.endpoint = static_cast<std::uint8_t>((c.ep & 0x0F) | (c.direction == 1 ? 0x80 : 0));
    r.transfer_type = c.ep == 0 ? 0 : (u.interrupt_in && r.endpoint == *u.interrupt_in) ? 3 : 2;
    r.transfer_flags = c.transfer_flags;
    r.interval = c.interval;
    if (c.ep == 0) r.setup = c.setup;
    return r;
}

}  // namespace

void UsbipServer::Impl::submitted(const Exported& dev, const wire::UrbCommand& c, const Bytes& out_data) {
    if (!urb_listener) return;
    UrbRecord r = urb_record(dev, c, UrbRecord::Stage::Submitted);
    r.length = c.length;
    r.data = out_data;
    urb_listener(r);
}

void UsbipServer::Impl::complete(int fd, const Exported& dev, const wire::UrbCommand& c, std::int32_t status,
                                 const Bytes& in_data, std::uint32_t actual, bool answer_host) {
    // The listener first: whatever the host has been answered is already recorded (a capture cut short by a kill
    // still holds every completion the host saw).
    if (urb_listener) {
        UrbRecord r = urb_record(dev, c, UrbRecord::Stage::Completed);
        r.length = actual;
        r.status = status;
        r.data = in_data;
        urb_listener(r);
    }
    if (answer_host) send_all(fd, wire::ret_submit(c.seqnum, status, in_data, actual));
}

void UsbipServer::Impl::serve_urbs(int fd, Exported& dev) {
    std::deque<wire::UrbCommand> pending;  // IN URBs waiting for the device
    Bytes output;  // what the device answered and no IN URB has taken yet
    const UsbDescription& u = dev.spec.description;
    for (;;) {
        {
            std::lock_guard lock(dev.mutex);
            if (dev.unplugged) {
                for (const auto& p : pending) complete(fd, dev, p, -wire::kESHUTDOWN, {}, 0);
                return;
            }
            Bytes more = dev.spec.device->unsolicited();
            output.insert(output.end(), more.begin(), more.end());
            for (auto it = pending.begin(); it != pending.end();) {
                bool stalled = dev.stalled.count(static_cast<std::uint8_t>(it->ep | 0x80)) > 0;
                if (stalled) {
                    complete(fd, dev, *it, -wire::kEPIPE, {}, 0);
                    it = pending.erase(it);
                } else if (it->ep == (u.bulk_in & 0x0F) && !output.empty()) {
                    std::size_t n = std::min<std::size_t>(it->length, output.size());
                    Bytes part(output.begin(), output.begin() + static_cast<std::ptrdiff_t>(n));
                    output.erase(output.begin(), output.begin() + static_cast<std::ptrdiff_t>(n));
                    complete(fd, dev, *it, 0, part, static_cast<std::uint32_t>(n));
                    it = pending.erase(it);
                } else {
                    ++it;
                }
            }
        }
        if (stopping) return;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, kTickMs) <= 0) continue;
        std::uint8_t h[wire::kUrbHeader];
        read_exact(fd, h, sizeof h, stopping);
        wire::UrbCommand c = wire::decode_urb_header(h);
        if (c.command == wire::kCmdUnlink) {
            auto it = std::find_if(pending.begin(), pending.end(),
                                   [&](const wire::UrbCommand& q) { return q.seqnum == c.unlink_seqnum; });
            bool found = it != pending.end();
            if (found) {
                std::lock_guard lock(dev.mutex);
                complete(fd, dev, *it, -wire::kECONNRESET, {}, 0, false);  // the host hears RET_UNLINK, not RET_SUBMIT
                pending.erase(it);
            }
            send_all(fd, wire::ret_unlink(c.seqnum, found ? -wire::kECONNRESET : 0));
            continue;
        }
        if (c.command != wire::kCmdSubmit) throw Closed("unknown URB command");
        if (c.length > kMaxTransfer) throw Closed("transfer of " + std::to_string(c.length) + " bytes");
        if (c.number_of_packets > 0) throw Closed("isochronous transfer");  // no endpoint of ours is isochronous
        Bytes out_data;
        if (c.direction == 0 && c.length > 0) {
            out_data.resize(c.length);
            read_exact(fd, out_data.data(), out_data.size(), stopping);
        }
        std::lock_guard lock(dev.mutex);
        submitted(dev, c, out_data);
        if (c.ep == 0) {
            std::uint32_t wlength = static_cast<std::uint32_t>(c.setup[6] | c.setup[7] << 8);
            std::optional<Bytes> answer = control(dev, c.setup, std::min(c.length, wlength));
            if (!answer) complete(fd, dev, c, -wire::kEPIPE, {}, 0);
            else if (c.direction == 1) complete(fd, dev, c, 0, *answer, static_cast<std::uint32_t>(answer->size()));
            else complete(fd, dev, c, 0, {}, c.length);
            continue;
        }
        std::uint8_t address = static_cast<std::uint8_t>(c.ep | (c.direction == 1 ? 0x80 : 0));
        bool known = address == u.bulk_out || address == u.bulk_in || (u.interrupt_in && address == *u.interrupt_in);
        if (!known) {
            complete(fd, dev, c, -wire::kEINVAL, {}, 0);
            continue;
        }
        if (dev.stalled.count(address)) {
            complete(fd, dev, c, -wire::kEPIPE, {}, 0);
            continue;
        }
        if (c.direction == 0) {
            Bytes answer = dev.spec.device->receive(out_data);
            output.insert(output.end(), answer.begin(), answer.end());
            complete(fd, dev, c, 0, {}, c.length);
        } else {
            pending.push_back(c);  // completes when the device has something to say
        }
    }
}

}  // namespace atmbench::usbip
