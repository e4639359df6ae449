// A device whose face is its own wire protocol on USB (issue 14): a kiosk's application or service provider that
// drives a CashCode validator in CCNET or a receipt printer in ESC/POS itself, with no XFS4IoT service between
// (harness-usb.md §3.2 CCNET, §4 ESC/POS over USB). The face is the model's device_link::WireDevice as a USB host
// reaches it — bulk OUT bytes in, its answers on bulk IN — with the identity the host enumerates
// (usbip/bench_devices.hpp). The device set serves every such face through one transport: exported over USB/IP,
// or each on its own pty as a USB-serial port (device_set.hpp); the face itself records each exchange in the set's
// wire record, whatever carries it.
//
// Threads: the transport calls receive()/unsolicited() from its own thread, one thread at a time per face (the
// USB/IP server holds the export's lock around them; a pty has one thread); the models (ccnet::Validator,
// escpos::Printer) lock themselves against the bench's hand, which acts on the devices' I/O thread.
#pragma once

#include "atmbench/device_link/byte_link.hpp"
#include "atmbench/devices/wire_face.hpp"
#include "atmbench/usbip/usb_description.hpp"

#include <boost/json/object.hpp>

#include <functional>
#include <string>

namespace atmbench::devices {

// Where a face records one exchange: the face's name and the exchange's JSON view ({protocol, direction, length,
// text}, devices/device_line.hpp's device_line_view). Called on the transport's thread.
using WireExchangeRecorder = std::function<void(const std::string& face, boost::json::object view)>;

class UsbWireFace final : public WireFace, public device_link::WireDevice {
public:
    // `device_id`: the device's id in the set (the face's name and its record's `service`); `wire_protocol`:
    // what its bytes are ("ccnet", "escpos"). `model` must outlive the face. `record` may be empty (nothing records).
    UsbWireFace(std::string device_id, std::string wire_protocol, usbip::UsbDescription usb,
                device_link::WireDevice& model, WireExchangeRecorder record);

    std::string protocol() const override { return "usb"; }
    std::string face_name() const override { return device_id_; }
    const std::string& wire_protocol() const { return wire_protocol_; }
    const usbip::UsbDescription& usb() const { return usb_; }

    // The model's, each direction recorded (empty answers are not: a slave that has nothing to say said nothing).
    device_link::Bytes receive(std::span<const std::uint8_t> bytes) override;
    device_link::Bytes unsolicited() override;

private:
    void record(bool to_device, const device_link::Bytes& bytes) const;

    std::string device_id_;
    std::string wire_protocol_;
    usbip::UsbDescription usb_;
    device_link::WireDevice& model_;
    WireExchangeRecorder record_;
};

}  // namespace atmbench::devices
