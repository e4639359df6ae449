// XFS4IoT carries binary data (PIN blocks, keys, track data) as base64 (docs/references.md [XFS4IoT] §1).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace atmbench::terminal {

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);  // nullopt when not base64

}  // namespace atmbench::terminal
