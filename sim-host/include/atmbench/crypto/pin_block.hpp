// PIN blocks, ISO 9564-1 format 0 (= ANSI X9.8), and their encryption under a PIN key.
#pragma once

#include "atmbench/crypto/block_cipher.hpp"

#include <string>

namespace atmbench::crypto {

// Clear format-0 block: (0 | len | PIN | F-fill) XOR (0000 | 12 rightmost PAN digits excluding the check digit).
// PIN must be 4..12 digits, PAN at least 13 digits; throws CryptoError otherwise.
Bytes iso0_clear_block(const std::string& pin, const std::string& pan);
// Recovers the PIN from a clear block; throws CryptoError if the block is not a valid format-0 block for this PAN
// (wrong format nibble, length outside 4..12, non-digit PIN nibble, fill not F).
std::string iso0_extract_pin(ByteView clear_block, const std::string& pan);

// Encrypted block as it travels in F52. Under 3DES the 8-byte block is encrypted as is. Under SM4 the 8-byte
// format-0 block is right-filled with 8 bytes of 0xFF to one 16-byte SM4 block [inference: mirrors how CUP SM4
// terminals fill 8-byte structures; make the link profile carry F52 as 16 bytes for SM4 terminals].
Bytes encrypt_pin_block(const BlockKey& pik, const std::string& pin, const std::string& pan);
std::string decrypt_pin(const BlockKey& pik, ByteView encrypted_block, const std::string& pan);
// True when the encrypted block carries exactly this PIN; false for a wrong PIN or a malformed block.
bool verify_pin(const BlockKey& pik, ByteView encrypted_block, const std::string& pan, const std::string& expected_pin);

}  // namespace atmbench::crypto
