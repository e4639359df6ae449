// Message authentication codes used on terminal-to-host links (docs/references.md [ISO8583] §3.1).
#pragma once

#include "atmbench/crypto/block_cipher.hpp"

#include <string>

namespace atmbench::crypto {

enum class MacAlgorithm {
    X9_9,    // ANSI X9.9 = ISO 9797-1 alg 1, single DES CBC, zero padding; 8-byte result
    X9_19,   // ANSI X9.19 retail MAC = ISO 9797-1 alg 3, double-length key; 8-byte result
    CupEcb,  // CUP POS "ECB" MAC: XOR blocks, expand to hex, two encryptions; result = 8 ASCII hex chars
    Sm4Cbc,  // SM4 CBC-MAC, IV 0, zero padding; 16-byte result (the link carries its first 8 bytes)
};

// Accepts the command-line spellings: x9.9, x9.19, cup-ecb, sm4-cbc. Throws CryptoError listing them.
MacAlgorithm parse_mac_algorithm(const std::string& name);
std::string to_string(MacAlgorithm a);

Bytes mac_x9_9(const BlockKey& key, ByteView data);
Bytes mac_x9_19(const BlockKey& key, ByteView data);
Bytes mac_cup_ecb(const BlockKey& key, ByteView data);  // DES, 3DES or SM4 MAK
Bytes mac_sm4_cbc(const BlockKey& key, ByteView data);

// The full MAC of the algorithm (lengths as above). Throws CryptoError when the key does not suit it.
Bytes compute_mac(MacAlgorithm alg, const BlockKey& key, ByteView data);
// The 8 bytes that travel in F64/F128: the first 8 bytes of compute_mac.
Bytes link_mac(MacAlgorithm alg, const BlockKey& key, ByteView data);
// Constant-time comparison of a received 8-byte MAC against link_mac.
bool verify_link_mac(MacAlgorithm alg, const BlockKey& key, ByteView data, ByteView received);

}  // namespace atmbench::crypto
