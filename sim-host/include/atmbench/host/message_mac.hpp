// MACs on ISO 8583 messages: the MAC block (MAB) is the encoded body from the MTI up to, not including, the MAC
// field itself, which is the last field — F64 without a secondary bitmap, F128 with one (CUP practice,
// docs/references.md [ISO8583] §1.6 and §3.1). Shared by the host and by anything that plays the terminal's side.
#pragma once

#include "atmbench/crypto/mac.hpp"
#include "atmbench/iso8583/codec.hpp"

namespace atmbench::host {

// 64 or 128, by whether any field 65..127 is present.
int mac_field_for(const iso8583::Message& message);

// Sets the MAC field of `message` and returns the encoded body that carries it.
Bytes sign_message(iso8583::Message& message, const iso8583::Codec& codec, crypto::MacAlgorithm alg,
                   const crypto::BlockKey& mak);

enum class MacCheck { Valid, Missing, Invalid };

// `body` is the body exactly as received (the MAB is taken from it, not re-encoded).
MacCheck verify_message(ByteView body, const iso8583::Message& message, const iso8583::Codec& codec,
                        crypto::MacAlgorithm alg, const crypto::BlockKey& mak);

}  // namespace atmbench::host
