#include "atmbench/usbip/usb_description.hpp"

#include <algorithm>

namespace atmbench::usbip {

namespace {

void put16(DescriptorBytes& b, std::uint16_t v) {  // descriptors are little-endian (USB 2.0 §8.1)
    b.push_back(static_cast<std::uint8_t>(v & 0xFF));
    b.push_back(static_cast<std::uint8_t>(v >> 8));
}

void endpoint(DescriptorBytes& b, std::uint8_t address, std::uint8_t attributes, std::uint16_t max_packet,
              std::uint8_t interval) {
    b.insert(b.end(), {7, 5, address, attributes});
    put16(b, max_packet);
    b.push_back(interval);
}

}  // namespace

DescriptorBytes device_descriptor(const UsbDescription& d) {
    DescriptorBytes b{18, 1};
    put16(b, 0x0200);          // bcdUSB 2.0
    b.insert(b.end(), {0, 0, 0, 64});  // class per interface; EP0 max packet 64
    put16(b, d.vendor_id);
    put16(b, d.product_id);
    put16(b, d.bcd_device);
    b.insert(b.end(), {1, 2, 3, 1});  // iManufacturer, iProduct, iSerialNumber, one configuration
    return b;
}

DescriptorBytes configuration_descriptor(const UsbDescription& d) {
    std::uint8_t endpoints = d.interrupt_in ? 3 : 2;
    DescriptorBytes b{9, 2};
    put16(b, static_cast<std::uint16_t>(9 + 9 + 7 * endpoints));
    b.insert(b.end(), {1, 1, 0, 0x80, 50});  // one interface, value 1, no string, bus powered, 100 mA
    b.insert(b.end(), {9, 4, 0, 0, endpoints, d.interface_class, d.interface_subclass, d.interface_protocol, 0});
    endpoint(b, d.bulk_out, 2, d.max_packet, 0);
    endpoint(b, d.bulk_in, 2, d.max_packet, 0);
    if (d.interrupt_in) endpoint(b, *d.interrupt_in, 3, 8, 10);
    return b;
}

std::optional<DescriptorBytes> string_descriptor(const UsbDescription& d, std::uint8_t index) {
    if (index == 0) return DescriptorBytes{4, 3, 0x09, 0x04};  // LANGID 0x0409
    const std::string* s = index == 1 ? &d.manufacturer : index == 2 ? &d.product : index == 3 ? &d.serial : nullptr;
    if (!s) return std::nullopt;
    DescriptorBytes b{0, 3};
    for (unsigned char c : s->substr(0, 126)) {  // ASCII names as UTF-16LE; bLength is one byte (≤ 254)
        b.push_back(c < 0x80 ? c : '?');
        b.push_back(0);
    }
    b[0] = static_cast<std::uint8_t>(b.size());
    return b;
}

std::optional<DescriptorBytes> printer_device_id(const UsbDescription& d) {
    if (d.ieee1284_id.empty()) return std::nullopt;
    const std::size_t n = std::min<std::size_t>(d.ieee1284_id.size(), 0xFFFD) + 2;
    DescriptorBytes b{static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
    b.insert(b.end(), d.ieee1284_id.begin(), d.ieee1284_id.begin() + static_cast<std::ptrdiff_t>(n - 2));
    return b;
}

}  // namespace atmbench::usbip
