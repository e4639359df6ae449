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

#include <cstdint>
#include <memory>
#include <string>

namespace atmbench::usbip {

inline constexpr std::uint16_t kProtocolVersion = 0x0111;

struct ExportedDevice {
    std::string busid;  // "1-1": what `usbip attach -b` names
    UsbDescription description;
    device_link::WireDevice* device = nullptr;  // not owned; must outlive the server
};

class UsbipServer {
public:
    // Listens on `listen` ("127.0.0.1:0" = an ephemeral loopback port; a non-loopback address needs `exposed`,
    // as everywhere in the bench: the protocol has no authentication). Throws std::runtime_error naming the problem.
    UsbipServer(const std::string& listen, bool exposed = false);
    ~UsbipServer();
    UsbipServer(const UsbipServer&) = delete;
    UsbipServer& operator=(const UsbipServer&) = delete;

    void add(ExportedDevice device);  // before start()
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
