// The USB Printer Class 1.1 request a spooler identifies a printer by: GET_DEVICE_ID (§4.2.1), the IEEE 1284 device
// ID ("MFG:…;MDL:…;CMD:ESC/POS;"). `atmbench usb sniff` reads it from the real printer so the exported device
// answers a host's driver with the same ID.
#pragma once

#include "atmbench/usb/usb_device.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace atmbench::usb {

// The ID of `interface` (alternate setting 0), or nullopt when the device refuses the request (a STALL: not a
// printer, or one without an ID) or does not answer within `timeout`.
std::optional<std::string> printer_device_id(const UsbDevice& device, std::uint8_t interface,
                                             std::chrono::milliseconds timeout = std::chrono::milliseconds(1000));

}  // namespace atmbench::usb
