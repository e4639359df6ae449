// How `atmbench ccnet-validator` and `atmbench escpos-printer` serve their simulated device: on a pseudo-terminal
// (the default: a USB-serial device as a driver opens it) or exported over USB/IP (`--usbip ADDRESS:PORT`, issue
// 14), so a real Linux or Windows host attaches it with its own usbip client and runs its own driver against the
// model (usbip/README.md). One or the other, never both: a WireDevice is driven from one thread at a time.
// And the one loop both read their control lines with.
#pragma once

#include "atmbench/device_link/byte_link.hpp"
#include "atmbench/usbip/usb_description.hpp"

#include <boost/json/object.hpp>
#include <boost/program_options.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace atmbench::cli {

// --usbip ADDRESS:PORT and --expose.
void add_serving_options(boost::program_options::options_description& options);

class DeviceServing {
public:
    // Starts serving `device` as `options` say; `usb` is what a USB/IP host sees of it. Throws on a bad address
    // or one beyond loopback without --expose.
    DeviceServing(device_link::WireDevice& device, const boost::program_options::variables_map& options,
                  const usbip::UsbDescription& usb);
    ~DeviceServing();
    // The ready line's fields: {"pty": PATH} or {"usbip": ADDRESS:PORT, "busid": "1-1"}.
    boost::json::object ready_fields() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Reads stdin line by line, giving each non-empty line (without its CR/LF) to `handle`, until `handle` returns
// false ("quit"), stdin ends (whoever drove the device has gone) or `stop` is set; polls so that a signal is noticed
// within 100 ms.
void read_control_lines(const std::atomic<bool>& stop, const std::function<bool(const std::string& line)>& handle);

}  // namespace atmbench::cli
