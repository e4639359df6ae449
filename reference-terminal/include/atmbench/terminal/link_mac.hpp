// The MAC of the terminal's requests and of the host's replies (F64, F128 with a secondary bitmap), in the algorithm
// the terminal's key file names (docs/references.md [ISO8583] §3.1): ANSI X9.9, ANSI X9.19, CUP "ECB" MAC, SM4 CBC-MAC.
#pragma once

#include "atmbench/terminal/key_cipher.hpp"

namespace atmbench::terminal {

enum class MacAlgorithm { X9_9, X9_19, CupEcb, Sm4Cbc };

// x9.9, x9.19, cup-ecb, sm4-cbc; throws KeyError naming them.
MacAlgorithm mac_algorithm_named(const std::string& name);

// The 8 bytes that travel in F64/F128 for the MAC block `mab`. Throws KeyError when the key does not suit.
Bytes link_mac(MacAlgorithm alg, const CipherKey& mak, ByteView mab);

}  // namespace atmbench::terminal
