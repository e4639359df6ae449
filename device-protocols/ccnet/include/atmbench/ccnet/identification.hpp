// The answer to IDENTIFICATION (0x37): part number (15 ASCII characters), serial number (12 ASCII characters) and
// asset number (7 bytes), 34 bytes, text padded with spaces. Layout from the public host implementations of
// harness-usb.md §3.2 (see README.md).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace atmbench::ccnet {

struct Identification {
    std::string part_number = "ATMBENCH-CCNET";
    std::string serial_number = "AB0000000001";
    std::array<std::uint8_t, 7> asset_number{0, 0, 0, 0, 0, 0, 1};

    bool operator==(const Identification&) const = default;

    // Throws std::invalid_argument when a text is longer than its field or not printable ASCII.
    std::vector<std::uint8_t> encode() const;
    // Throws std::invalid_argument when `bytes` is not 34 bytes. Trailing spaces of the texts are dropped.
    static Identification decode(std::span<const std::uint8_t> bytes);
};

}  // namespace atmbench::ccnet
