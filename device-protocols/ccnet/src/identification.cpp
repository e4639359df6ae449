#include "atmbench/ccnet/identification.hpp"

#include <stdexcept>

namespace atmbench::ccnet {

namespace {

constexpr std::size_t kPartNumber = 15, kSerialNumber = 12, kAssetNumber = 7;
constexpr std::size_t kAnswer = kPartNumber + kSerialNumber + kAssetNumber;

void put_text(std::vector<std::uint8_t>& out, const std::string& text, std::size_t width, const char* field) {
    if (text.size() > width)
        throw std::invalid_argument(std::string("identification: the ") + field + " \"" + text + "\" is longer than " +
                                    std::to_string(width) + " characters");
    for (char c : text)
        if (c < 0x20 || c > 0x7E)
            throw std::invalid_argument(std::string("identification: the ") + field + " is printable ASCII only");
    out.insert(out.end(), text.begin(), text.end());
    out.insert(out.end(), width - text.size(), ' ');
}

std::string get_text(const std::uint8_t* at, std::size_t width) {
    std::string text(at, at + width);
    text.erase(text.find_last_not_of(' ') + 1);
    return text;
}

}  // namespace

std::vector<std::uint8_t> Identification::encode() const {
    std::vector<std::uint8_t> out;
    put_text(out, part_number, kPartNumber, "part number");
    put_text(out, serial_number, kSerialNumber, "serial number");
    out.insert(out.end(), asset_number.begin(), asset_number.end());
    return out;
}

Identification Identification::decode(std::span<const std::uint8_t> bytes) {
    if (bytes.size() != kAnswer)
        throw std::invalid_argument("IDENTIFICATION answer: " + std::to_string(bytes.size()) + " bytes, expected " +
                                    std::to_string(kAnswer) + " (part number 15, serial number 12, asset number 7)");
    Identification id;
    id.part_number = get_text(bytes.data(), kPartNumber);
    id.serial_number = get_text(bytes.data() + kPartNumber, kSerialNumber);
    std::copy(bytes.begin() + kPartNumber + kSerialNumber, bytes.end(), id.asset_number.begin());
    return id;
}

}  // namespace atmbench::ccnet
