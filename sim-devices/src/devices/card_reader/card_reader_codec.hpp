// Hex for the card reader adapter: the card fixtures hold track data, ATRs and APDUs as hex, while XFS4IoT
// carries them as base64 (docs/references.md [XFS4IoT] §3.1 ReadRawData `data(base64)`, ChipIO `chipData`; base64 is in
// service_support.hpp).
#pragma once

#include <string>
#include <string_view>

namespace atmbench::devices {

// Upper-case hex of bytes, and bytes of hex (throws std::invalid_argument for odd length or a non-hex digit).
std::string hex_of(std::string_view bytes);
std::string bytes_of_hex(std::string_view hex);

}  // namespace atmbench::devices
