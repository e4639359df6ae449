// Turning a good reply into a faulty one, for response rules (host/response_rule.hpp). Each function is pure and
// deterministic given its inputs (the random source is seeded from the host's seed).
#pragma once

#include "atmbench/host/response_rule.hpp"
#include "atmbench/iso8583/codec.hpp"
#include "atmbench/iso8583/framing.hpp"

#include <random>

namespace atmbench::host {

// Changes one key field so the reply no longer matches its request (7.3.5 e). An absent field is added with a
// value the request did not have (an amount on an inquiry reply). Returns what changed, in words.
std::string mutate_key_field(iso8583::Message& reply, KeyField field);

// Flips one bit of the MAC field (64 or 128) so it no longer verifies. Returns false when there is no MAC.
bool corrupt_mac(iso8583::Message& reply);
// Removes the reply's MAC field; false when it had none.
bool drop_mac(iso8583::Message& reply);

// The frame to put on the wire for a payload with a malformation applied (None: the payload framed as is).
// `payload` must be a payload this codec produced.
Bytes malformed_frame(Malformation m, const Bytes& payload, const iso8583::Codec& codec,
                      const iso8583::Framer& framer, std::mt19937_64& rng);

}  // namespace atmbench::host
