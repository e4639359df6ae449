// Byte buffers and hex text: the one representation every codec, crypto routine and trace view shares.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace atmbench {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Raised for hex text that is not an even run of [0-9A-Fa-f]; the message says where.
class HexError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// Uppercase hex, as traces and the CUP specs print it.
std::string to_hex(ByteView data);
inline std::string to_hex(const std::string& raw) {
    return to_hex(ByteView(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()));
}
// Accepts upper or lower case and ignores spaces (people paste traces with spaces); anything else throws HexError.
Bytes from_hex(std::string_view text);

inline ByteView view_of(std::string_view s) {
    return ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}
inline std::string to_string(ByteView b) { return std::string(b.begin(), b.end()); }

}  // namespace atmbench
