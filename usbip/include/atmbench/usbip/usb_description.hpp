// What a host sees of a simulated USB device: its identity, one interface with a bulk OUT/IN pair (and optionally an
// interrupt IN), and the descriptors built from that (USB 2.0 §9.6). One configuration, one interface: the CCNET
// validator (vendor class 0xFF) and the ESC/POS printer (printer class 7, subclass 1, protocol 2 bidirectional) need
// no more.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::usbip {

struct UsbDescription {
    std::uint16_t vendor_id = 0;
    std::uint16_t product_id = 0;
    std::uint16_t bcd_device = 0x0100;
    std::uint8_t interface_class = 0xFF;  // 0xFF vendor specific; 0x07 printer
    std::uint8_t interface_subclass = 0;
    std::uint8_t interface_protocol = 0;
    std::uint8_t bulk_out = 0x01;  // endpoint addresses (IN has bit 7 set)
    std::uint8_t bulk_in = 0x81;
    std::optional<std::uint8_t> interrupt_in;  // e.g. 0x83: a status pipe
    std::uint16_t max_packet = 64;             // full speed bulk
    std::string manufacturer, product, serial;
    // The printer class's GET_DEVICE_ID answer (IEEE 1284 device ID, "MFG:…;MDL:…;CMD:ESC/POS;"); empty: none.
    std::string ieee1284_id;
};

using DescriptorBytes = std::vector<std::uint8_t>;

DescriptorBytes device_descriptor(const UsbDescription& d);         // 18 bytes
DescriptorBytes configuration_descriptor(const UsbDescription& d);  // configuration + interface + endpoints
// Index 0: the language list (US English); 1 manufacturer, 2 product, 3 serial; nullopt beyond.
std::optional<DescriptorBytes> string_descriptor(const UsbDescription& d, std::uint8_t index);
// The printer class's GET_DEVICE_ID answer (USB Printer Class 1.1 §4.2.1: a big-endian length including its own two
// bytes, then the IEEE 1284 ID); nullopt when the description has none (the request stalls).
std::optional<DescriptorBytes> printer_device_id(const UsbDescription& d);

}  // namespace atmbench::usbip
