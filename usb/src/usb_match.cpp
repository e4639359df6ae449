#include "atmbench/usb/usb_match.hpp"

#include <cctype>
#include <cstdio>

namespace atmbench::usb {

namespace {

constexpr const char* kExpected =
    "expected VID:PID (4 hex digits each, like 0b00:0001), VID:PID:SERIAL, or a bus path like 1-2.3";

[[noreturn]] void bad(std::string_view text, const std::string& why) {
    throw UsbMatchError("usb match '" + std::string(text) + "': " + why + " (" + kExpected + ")");
}

std::uint16_t hex_id(std::string_view text, std::string_view part, const char* name) {
    if (part.size() != 4) bad(text, std::string(name) + " '" + std::string(part) + "' is not 4 hex digits");
    std::uint16_t v = 0;
    for (char c : part) {
        if (!std::isxdigit(static_cast<unsigned char>(c)))
            bad(text, std::string(name) + " '" + std::string(part) + "' is not 4 hex digits");
        v = static_cast<std::uint16_t>(v * 16 + (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10)));
    }
    return v;
}

// One number of a bus path: a bus (1..255, USB 2.0 host controllers are numbered from 1) or a hub port (1..255,
// USB 2.0 §11.23.2.1: a hub has at most 255 ports; port 0 is not a port).
void path_number(std::string_view text, std::string_view part, const char* name) {
    if (part.empty() || part.size() > 3)
        bad(text, std::string(name) + " '" + std::string(part) + "' is not a number 1..255");
    int v = 0;
    for (char c : part) {
        if (!std::isdigit(static_cast<unsigned char>(c)))
            bad(text, std::string(name) + " '" + std::string(part) + "' is not a number 1..255");
        v = v * 10 + (c - '0');
    }
    if (v < 1 || v > 255) bad(text, std::string(name) + " '" + std::string(part) + "' is not a number 1..255");
}

}  // namespace

UsbMatch UsbMatch::parse(std::string_view text) {
    if (text.empty()) bad(text, "empty");
    UsbMatch m;
    auto colon = text.find(':');
    if (colon == std::string_view::npos) {
        auto dash = text.find('-');
        if (dash == std::string_view::npos) bad(text, "neither a VID:PID nor a bus path");
        path_number(text, text.substr(0, dash), "bus");
        std::string_view ports = text.substr(dash + 1);
        int depth = 0;
        for (;;) {
            auto dot = ports.find('.');
            path_number(text, ports.substr(0, dot), "port");
            if (++depth > 7) bad(text, "more than 7 hub tiers (USB 2.0 §4.1.1)");
            if (dot == std::string_view::npos) break;
            ports = ports.substr(dot + 1);
        }
        m.bus_path = std::string(text);
        return m;
    }
    m.vendor_id = hex_id(text, text.substr(0, colon), "vendor id");
    std::string_view rest = text.substr(colon + 1);
    auto second = rest.find(':');
    m.product_id = hex_id(text, rest.substr(0, second), "product id");
    if (second != std::string_view::npos) {
        std::string_view serial = rest.substr(second + 1);
        if (serial.empty()) bad(text, "the serial number after the second ':' is empty");
        m.serial = std::string(serial);
    }
    return m;
}

bool UsbMatch::matches(const UsbDeviceInfo& device) const {
    if (bus_path && device.bus_path != *bus_path) return false;
    if (vendor_id && device.vendor_id != *vendor_id) return false;
    if (product_id && device.product_id != *product_id) return false;
    if (serial && device.serial != *serial) return false;
    return true;
}

std::string UsbMatch::text() const {
    if (bus_path) return *bus_path;
    char id[10];
    std::snprintf(id, sizeof id, "%04x:%04x", vendor_id.value_or(0), product_id.value_or(0));
    return serial ? std::string(id) + ":" + *serial : std::string(id);
}

}  // namespace atmbench::usb
