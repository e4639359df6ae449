// Which USB device a driver talks to, as a device set fixture writes it: "0b00:0001" (vendor and product id, the
// first such device), "0b00:0001:SN123" (and its serial number string), or a bus path "1-2.3" (bus 1, then the
// port number at each hub; what Linux names the device in sysfs, stable while the cabling is).
#pragma once

#include "atmbench/usb/usb_context.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace atmbench::usb {

// The text is not a match: `what()` quotes it and says what was expected.
class UsbMatchError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

struct UsbMatch {
    std::optional<std::uint16_t> vendor_id, product_id;
    std::optional<std::string> serial;
    std::optional<std::string> bus_path;

    static UsbMatch parse(std::string_view text);  // throws UsbMatchError
    bool matches(const UsbDeviceInfo& device) const;
    std::string text() const;  // back to the fixture's spelling
};

}  // namespace atmbench::usb
