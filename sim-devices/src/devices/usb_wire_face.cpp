#include "atmbench/devices/usb_wire_face.hpp"

#include "devices/device_line.hpp"

#include <chrono>

namespace atmbench::devices {

UsbWireFace::UsbWireFace(std::string device_id, std::string wire_protocol, usbip::UsbDescription usb,
                         device_link::WireDevice& model, WireExchangeRecorder record)
    : device_id_(std::move(device_id)),
      wire_protocol_(std::move(wire_protocol)),
      usb_(std::move(usb)),
      model_(model),
      record_(std::move(record)) {}

device_link::Bytes UsbWireFace::receive(std::span<const std::uint8_t> bytes) {
    record(true, device_link::Bytes(bytes.begin(), bytes.end()));
    device_link::Bytes answer = model_.receive(bytes);
    record(false, answer);
    return answer;
}

device_link::Bytes UsbWireFace::unsolicited() {
    device_link::Bytes said = model_.unsolicited();
    record(false, said);
    return said;
}

void UsbWireFace::record(bool to_device, const device_link::Bytes& bytes) const {
    if (!record_ || bytes.empty()) return;
    device_link::LinkExchange exchange{to_device ? device_link::LinkDirection::ToDevice : device_link::LinkDirection::FromDevice,
                                       bytes,
                                       std::chrono::duration_cast<std::chrono::nanoseconds>(
                                           std::chrono::steady_clock::now().time_since_epoch()).count(),
                                       {}};
    record_(device_id_, device_line_view(wire_protocol_, exchange));
}

}  // namespace atmbench::devices
