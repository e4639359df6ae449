// Hex for the card reader adapter.
#include "devices/card_reader/card_reader_codec.hpp"

#include <stdexcept>

namespace atmbench::devices {

namespace {
int nibble(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

std::string hex_of(std::string_view bytes) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

std::string bytes_of_hex(std::string_view hex) {
    if (hex.size() % 2) throw std::invalid_argument("hex of odd length");
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0) throw std::invalid_argument("not hex: " + std::string(hex));
        out += static_cast<char>(hi << 4 | lo);
    }
    return out;
}

}  // namespace atmbench::devices
