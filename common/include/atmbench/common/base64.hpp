// base64 (RFC 4648 §4 alphabet, '=' padding): how XFS4IoT carries binary data (docs/references.md [XFS4IoT] §3.1: track
// data, ATRs, APDUs, key values, PIN blocks, PrintRaw data) and how the bench reads it back out of a trace.
#pragma once

#include "atmbench/common/bytes.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace atmbench {

std::string base64_encode(std::string_view bytes);
inline std::string base64_encode(const Bytes& bytes) {
    return base64_encode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}
// nullopt for text that is not canonical base64 (length not a multiple of 4, padding inside, a foreign character).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace atmbench
