#include "atmbench/common/bytes.hpp"

namespace atmbench {

std::string to_hex(ByteView data) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out(data.size() * 2, '0');
    for (std::size_t i = 0; i < data.size(); ++i) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 0x0F];
    }
    return out;
}

namespace {
int nibble(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}
}  // namespace

Bytes from_hex(std::string_view text) {
    Bytes out;
    out.reserve(text.size() / 2);
    int high = -1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') continue;
        int v = nibble(c);
        if (v < 0)
            throw HexError("invalid hex character '" + std::string(1, c) + "' at position " + std::to_string(i));
        if (high < 0) {
            high = v;
        } else {
            out.push_back(static_cast<std::uint8_t>(high << 4 | v));
            high = -1;
        }
    }
    if (high >= 0) throw HexError("hex text has an odd number of digits");
    return out;
}

}  // namespace atmbench
