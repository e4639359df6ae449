// The validator's bill table: which note each of the 24 bill types is (GET BILL TABLE, 0x41). On the wire each
// type is 5 bytes — the denomination's leading digits, a 3-letter country code, and the power of ten that scales
// them (100 CNY = 01 'C' 'N' 'Y' 02) — 120 bytes in all; an unused type is all zeros. The layout comes from the
// public host implementations named in harness-usb.md §3.2, not from a line of that file (see README.md).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace atmbench::ccnet {

constexpr std::size_t kBillTypes = 24;  // the enable and escrow masks are 24 bits

struct Bill {
    std::string currency;  // "CNY"
    std::uint32_t value = 0;  // whole units of the currency

    bool operator==(const Bill&) const = default;
    std::string text() const { return std::to_string(value) + " " + currency; }
};

class BillTable {
public:
    // "CNY:1,5,10,20,50,100": bill types 0, 1, 2… in that order. Throws std::invalid_argument naming the fault.
    static BillTable parse(std::string_view text);
    // The 120-byte answer to GET BILL TABLE; throws std::invalid_argument when it is not 120 bytes.
    static BillTable decode(std::span<const std::uint8_t> bytes);

    std::vector<std::uint8_t> encode() const;
    const std::optional<Bill>& at(std::uint8_t type) const;
    // The bill type of a note of this value (any currency of the table), or nullopt when the table has none.
    std::optional<std::uint8_t> type_of(std::uint32_t value) const;
    void set(std::uint8_t type, Bill bill);

    bool operator==(const BillTable&) const = default;

private:
    std::array<std::optional<Bill>, kBillTypes> types_{};
};

// The mask bit of a bill type as ENABLE BILL TYPES and GET STATUS carry it: 3 bytes, type 23 in the top bit of
// the first byte, type 0 in the low bit of the third.
std::uint32_t bill_type_bit(std::uint8_t type);
void put_mask(std::vector<std::uint8_t>& out, std::uint32_t mask);
std::uint32_t get_mask(std::span<const std::uint8_t> three);

}  // namespace atmbench::ccnet
