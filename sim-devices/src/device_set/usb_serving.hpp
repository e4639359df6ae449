// How a device set serves its devices whose face is their own protocol on USB (usb_wire_face.hpp): all of them on
// one USB/IP server (busid 1-1, 1-2, … in the set's order; harness-usb.md §2.2, usbip/README.md), so a real host
// attaches them with its usbip client, or — without an address — each on its own pty, as a USB-serial port a
// driver opens (device_link/pty_device.hpp). Never both for one face: a WireDevice is driven from one thread at a
// time.
#pragma once

#include "atmbench/devices/usb_wire_face.hpp"

#include <boost/json/array.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace atmbench::devices {

class UsbServing {
public:
    // Starts serving `faces` ({device id, face}; the faces must outlive this). `usbip_listen` empty: ptys.
    // Throws std::runtime_error naming the address (bad, in use, beyond loopback without `exposed`) or the pty.
    UsbServing(std::vector<std::pair<std::string, std::shared_ptr<UsbWireFace>>> faces, const std::string& usbip_listen,
               bool exposed);
    ~UsbServing();  // stops the server's or the ptys' threads
    UsbServing(const UsbServing&) = delete;
    UsbServing& operator=(const UsbServing&) = delete;

    // What a client needs, per device: {id, protocol, vendor, product, busid, usbip} or {id, protocol, pty}.
    boost::json::array devices() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace atmbench::devices
