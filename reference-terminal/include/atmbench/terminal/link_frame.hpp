// The frame around one message on the terminal's TCP link (docs/references.md [ISO8583] §1.2): a 2-byte big-endian
// length that counts what follows it (not itself), then the TPDU and static header when the dialect has them, then
// the message. Both shipped dialects use this length; only the TPDU/header differ.
#pragma once

#include "atmbench/bytes.hpp"
#include "atmbench/terminal/dialect.hpp"

#include <optional>

namespace atmbench::terminal {

inline constexpr std::size_t kLengthBytes = 2;

Bytes frame_message(const Dialect& d, ByteView message);
// The size of the whole first frame in `inbox` once its length header has arrived.
std::optional<std::size_t> frame_size(ByteView inbox);
// The message inside one whole frame (after TPDU and header). Throws PackError when the frame is too short for them.
ByteView message_of(const Dialect& d, ByteView frame);

}  // namespace atmbench::terminal
