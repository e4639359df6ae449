#include "atmbench/ccnet/bill_table.hpp"

#include <charconv>
#include <stdexcept>

namespace atmbench::ccnet {

namespace {

constexpr std::size_t kEntry = 5;

std::invalid_argument bad_table(std::string_view text, const std::string& why) {
    return std::invalid_argument("bill table \"" + std::string(text) + "\": " + why +
                                 " (expected CURRENCY:VALUE,VALUE,…, e.g. CNY:1,5,10,20,50,100)");
}

}  // namespace

BillTable BillTable::parse(std::string_view text) {
    auto colon = text.find(':');
    if (colon != 3) throw bad_table(text, "the currency is three letters before ':'");
    std::string currency(text.substr(0, 3));
    for (char c : currency)
        if (c < 'A' || c > 'Z') throw bad_table(text, "the currency is three capital letters");
    BillTable table;
    std::string_view rest = text.substr(4);
    std::uint8_t type = 0;
    while (!rest.empty()) {
        auto comma = rest.find(',');
        std::string_view part = rest.substr(0, comma);
        std::uint32_t value = 0;
        auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (ec != std::errc() || p != part.data() + part.size() || value == 0)
            throw bad_table(text, "\"" + std::string(part) + "\" is not a positive whole value");
        if (type >= kBillTypes) throw bad_table(text, "more than 24 bill types");
        table.set(type++, Bill{currency, value});
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        if (comma != std::string_view::npos && rest.empty()) throw bad_table(text, "a value is missing after ','");
    }
    if (type == 0) throw bad_table(text, "no values");
    return table;
}

void BillTable::set(std::uint8_t type, Bill bill) {
    if (type >= kBillTypes) throw std::invalid_argument("bill type " + std::to_string(type) + " is outside 0..23");
    // The wire has one byte of leading digits and one of the power of ten: 1 … 255 × 10^n.
    std::uint32_t digits = bill.value;
    while (digits >= 10 && digits % 10 == 0) digits /= 10;
    if (digits == 0 || digits > 255)
        throw std::invalid_argument("bill " + bill.text() + ": a CCNET bill table holds 1…255 × 10^n");
    types_[type] = std::move(bill);
}

const std::optional<Bill>& BillTable::at(std::uint8_t type) const {
    static const std::optional<Bill> none;
    return type < kBillTypes ? types_[type] : none;
}

std::optional<std::uint8_t> BillTable::type_of(std::uint32_t value) const {
    for (std::uint8_t t = 0; t < kBillTypes; ++t)
        if (types_[t] && types_[t]->value == value) return t;
    return std::nullopt;
}

std::vector<std::uint8_t> BillTable::encode() const {
    std::vector<std::uint8_t> out(kBillTypes * kEntry, 0);
    for (std::size_t t = 0; t < kBillTypes; ++t) {
        if (!types_[t]) continue;
        std::uint32_t digits = types_[t]->value;
        std::uint8_t power = 0;
        while (digits >= 10 && digits % 10 == 0) {
            digits /= 10;
            ++power;
        }
        std::uint8_t* e = &out[t * kEntry];
        e[0] = static_cast<std::uint8_t>(digits);
        for (int i = 0; i < 3; ++i) e[1 + i] = static_cast<std::uint8_t>(types_[t]->currency[i]);
        e[4] = power;
    }
    return out;
}

BillTable BillTable::decode(std::span<const std::uint8_t> bytes) {
    if (bytes.size() != kBillTypes * kEntry)
        throw std::invalid_argument("GET BILL TABLE answer: " + std::to_string(bytes.size()) + " bytes, expected " +
                                    std::to_string(kBillTypes * kEntry) + " (24 bill types × 5)");
    BillTable table;
    for (std::size_t t = 0; t < kBillTypes; ++t) {
        const std::uint8_t* e = &bytes[t * kEntry];
        if (e[0] == 0) continue;
        if (e[4] > 9)
            throw std::invalid_argument("GET BILL TABLE answer: bill type " + std::to_string(t) + " has power of ten " +
                                        std::to_string(e[4]) + " (at most 9)");
        std::uint32_t value = e[0];
        for (int i = 0; i < e[4]; ++i) value *= 10;
        table.types_[t] = Bill{std::string(e + 1, e + 4), value};
    }
    return table;
}

std::uint32_t bill_type_bit(std::uint8_t type) { return type < kBillTypes ? (1u << type) : 0; }

void put_mask(std::vector<std::uint8_t>& out, std::uint32_t mask) {
    out.push_back(static_cast<std::uint8_t>(mask >> 16));
    out.push_back(static_cast<std::uint8_t>(mask >> 8));
    out.push_back(static_cast<std::uint8_t>(mask));
}

std::uint32_t get_mask(std::span<const std::uint8_t> three) {
    return (static_cast<std::uint32_t>(three[0]) << 16) | (static_cast<std::uint32_t>(three[1]) << 8) | three[2];
}

}  // namespace atmbench::ccnet
