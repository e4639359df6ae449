#include "atmbench/usb/printer_class.hpp"

#include <libusb.h>

#include <algorithm>
#include <vector>

namespace atmbench::usb {

std::optional<std::string> printer_device_id(const UsbDevice& device, std::uint8_t interface,
                                             std::chrono::milliseconds timeout) {
    // §4.2.1: class request, device-to-host, to the interface; wValue the configuration index, wIndex the interface
    // in the high byte and the alternate setting in the low one. The answer starts with its length, big-endian,
    // counting those two bytes.
    std::vector<unsigned char> answer(1024);
    int n = libusb_control_transfer(device.handle(), static_cast<std::uint8_t>(int{LIBUSB_ENDPOINT_IN} | int{LIBUSB_REQUEST_TYPE_CLASS} |
                                                              int{LIBUSB_RECIPIENT_INTERFACE}),
                                    0, 0, static_cast<std::uint16_t>(interface << 8), answer.data(),
                                    static_cast<std::uint16_t>(answer.size()),
                                    static_cast<unsigned int>(std::clamp<std::int64_t>(timeout.count(), 1, 60'000)));
    if (n < 2) return std::nullopt;
    const std::size_t length = std::min<std::size_t>(static_cast<std::size_t>(answer[0] << 8 | answer[1]), static_cast<std::size_t>(n));
    if (length <= 2) return std::nullopt;
    return std::string(answer.begin() + 2, answer.begin() + static_cast<std::ptrdiff_t>(length));
}

}  // namespace atmbench::usb
