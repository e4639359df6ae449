// Encodings the card reader adapter needs on the wire: XFS4IoT carries track data, ATRs and APDUs as base64
// (reference/xfs4iot.md §3.1 ReadRawData `data(base64)`, ChipIO `chipData`); the card fixtures hold hex.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace atmbench::devices {

std::string base64_encode(std::string_view bytes);
// nullopt for text that is not canonical base64 (RFC 4648 alphabet, '=' padding).
std::optional<std::string> base64_decode(std::string_view text);
// Upper-case hex of bytes, and bytes of hex (throws std::invalid_argument for odd length or a non-hex digit).
std::string hex_of(std::string_view bytes);
std::string bytes_of_hex(std::string_view hex);

}  // namespace atmbench::devices
