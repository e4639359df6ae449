// The line under a device whose own wire protocol the bench drives (issue 14, hardware in the loop): an XFS4IoT
// service of the device set backed by an ESC/POS printer or a CCNET validator that is simulated in-process, on a
// serial line (most such devices are USB-serial underneath) or on USB bulk pipes through libusb. The service's
// driver talks to link(); underneath, in this order, a tap that records every exchange for the trace, the injector
// of line faults (lost, late, corrupted answers: marked as injected, so a verdict never blames a real device for
// what the bench did) and the transport.
#pragma once

#include "atmbench/common/yaml_source.hpp"
#include "atmbench/device_link/link_tap.hpp"

#include <boost/json/object.hpp>

#include <filesystem>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace atmbench::devices {

struct DeviceLineConfig {
    std::string transport = "simulated";  // simulated | serial | usb
    std::filesystem::path path;           // serial: the device node (/dev/ttyUSB0)
    int baud = 9600;                      // serial
    std::string match;                    // usb: VID:PID[:SERIAL] or a bus path (atmbench usb probe lists them)
};

// Reads a device entry's `line:` mapping {transport, path?, baud?, match?}; throws common::FixtureError naming the
// file, the line and the key.
DeviceLineConfig parse_device_line(const common::YamlReader& line);

// Each exchange on the line as the driver saw it, and each injected fault with the bytes the device really sent.
// `protocol` names what the bytes are ("escpos", "ccnet").
using DeviceLineListener = std::function<void(const std::string& protocol, const device_link::LinkExchange& exchange)>;

// One JSON view of an exchange for the wire record and the trace: {protocol, direction: toDevice|fromDevice,
// length, text (printable bytes as they are, the others as \xHH), injected?}. The bytes are not kept as hex: a
// receipt's digits would then escape the card-number masking of everything the bench saves (docs/security.md).
boost::json::object device_line_view(const std::string& protocol, const device_link::LinkExchange& exchange);

// The listener that puts each exchange of a device's line, as device_line_view says it, into a device set's record
// (DeviceContext::device_line) under the XFS4IoT service the device backs; none when `sink` is empty.
DeviceLineListener record_line(const std::function<void(const std::string& service, boost::json::object view)>& sink,
                               const std::string& service);

class DeviceLine {
public:
    // `simulated`: the device model when the transport is "simulated" (ignored otherwise; required then).
    // Throws device_link::LinkError when the serial line or the USB device cannot be opened.
    DeviceLine(const DeviceLineConfig& config, device_link::WireDevice* simulated, std::string protocol,
               DeviceLineListener listener);
    ~DeviceLine();
    DeviceLine(const DeviceLine&) = delete;
    DeviceLine& operator=(const DeviceLine&) = delete;

    device_link::ByteLink& link();  // the driver's end
    // Arms a line fault (device_link::parse_line_fault's text) for the next answers of the device.
    void arm(const device_link::LineFault& fault);
    // A device's lineFault as a device set or scenario gives it: `target` lose | delay:MS | corrupt:OFFSET (empty:
    // lose) for the next `count` answers (0 or 1: one). Throws std::invalid_argument naming what does not read.
    void arm(const std::string& target, std::int64_t count);
    void clear_faults();
    const DeviceLineConfig& config() const { return config_; }
    std::string describe() const;

private:
    DeviceLineConfig config_;
    struct Transport;
    std::unique_ptr<Transport> transport_;
    std::unique_ptr<device_link::InjectingLink> injector_;
    std::unique_ptr<device_link::TappedLink> tap_;
};

}  // namespace atmbench::devices
