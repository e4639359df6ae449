// A USB/IP server (protocol version 1.1.1, docs.kernel.org/usb/usbip_protocol.html) exporting simulated devices:
// OP_REQ_DEVLIST lists them, OP_REQ_IMPORT attaches one to the asking connection, which then carries
// USBIP_CMD_SUBMIT / CMD_UNLINK. Control transfers on endpoint 0 are answered from the description (GET_DESCRIPTOR,
// SET_CONFIGURATION, SET_INTERFACE, GET_STATUS, CLEAR_FEATURE, the printer class's GET_DEVICE_ID); bulk OUT bytes go
// to the device's WireDevice and bulk IN URBs complete with its answers as they come (a host's IN URB waits — the
// usual way a driver reads — until data arrives or it unlinks the URB). One thread per attached client; every
// socket read has a bound so stop() always returns.
#pragma once

#include "atmbench/device_link/byte_link.hpp"
#include "atmbench/usbip/usb_description.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace atmbench::usbip {

inline constexpr std::uint16_t kProtocolVersion = 0x0111;

struct ExportedDevice {
    std::string busid;  // "1-1": what `usbip attach -b` names
    UsbDescription description;
    device_link::WireDevice* device = nullptr;  // not owned; must outlive the server
};

// One URB of an attached host, when it was submitted and when it completed: what the host's usbmon would show of it
// (docs.kernel.org/usb/usbmon.html), for a capture of the exchange (`atmbench usb sniff`). An unlinked URB completes
// with -ECONNRESET, one pending at an unplug with -ESHUTDOWN, one on a halted endpoint with -EPIPE.
struct UrbRecord {
    enum class Stage { Submitted, Completed };
    Stage stage = Stage::Submitted;
    std::string busid;
    std::uint32_t seqnum = 0;        // the host's name for the URB (USB/IP seqnum), the same at both stages
    std::uint8_t endpoint = 0;       // number, bit 7 set for an IN URB (on endpoint 0 too: the URB's direction)
    std::uint8_t transfer_type = 0;  // the endpoint's bmAttributes type (USB 2.0 Table 9-13): 0 control, 2 bulk, 3 interrupt
    std::uint32_t transfer_flags = 0;  // as the host sent them (Linux URB flags, usbip_protocol.rst)
    std::uint32_t length = 0;        // Submitted: the buffer's length; Completed: the length transferred
    std::int32_t status = 0;         // Completed: 0 or -errno
    std::int32_t interval = 0;
    std::optional<std::array<std::uint8_t, 8>> setup;  // control transfers
    device_link::Bytes data;         // Submitted OUT: the bytes sent; Completed IN: the bytes answered
};
using UrbListener = std::function<void(const UrbRecord&)>;

class UsbipServer {
public:
    // Listens on `listen` ("127.0.0.1:0" = an ephemeral loopback port; a non-loopback address needs `exposed`,
    // as everywhere in the bench: the protocol has no authentication). Throws std::runtime_error naming the problem.
    UsbipServer(const std::string& listen, bool exposed = false);
    ~UsbipServer();
    UsbipServer(const UsbipServer&) = delete;
    UsbipServer& operator=(const UsbipServer&) = delete;

    void add(ExportedDevice device);  // before start()
    // Hears every URB of every attached host, on that host's thread, in order (before start()); a completion is
    // heard before the host is answered.
    void listen_urbs(UrbListener listener);
    void start();
    void stop();
    std::string address() const;  // "127.0.0.1:PORT"

    // Faults at the USB level, deterministic: the device is pulled out (its client's pending URBs end with
    // -ESHUTDOWN and the connection closes, as vhci reports a disconnect), or an endpoint stalls (URBs on it end
    // with -EPIPE until the host clears the halt).
    void unplug(const std::string& busid);
    void stall(const std::string& busid, std::uint8_t endpoint);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace atmbench::usbip
