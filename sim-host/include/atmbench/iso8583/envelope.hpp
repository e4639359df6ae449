// The envelope of a payload (TPDU, header, MTI) read on its own: what a host needs to answer a request whose
// body does not decode with a format error (host_server.cpp; docs/security.md "Strict input").
#pragma once

#include "atmbench/iso8583/codec.hpp"

#include <optional>

namespace atmbench::iso8583 {

// TPDU, header and MTI of `payload` under the codec's profile; nullopt when even those cannot be read (too short,
// MTI digits that are no digits). The fields are not looked at.
std::optional<Message> read_envelope(const Codec& codec, ByteView payload);

}  // namespace atmbench::iso8583
