// Key check values and working keys wrapped under a terminal master key, as a CUP sign-on reply (0810) delivers
// them in F62 (docs/references.md [ISO8583] §1.7: 60.3 = 001 single, 003 double, 004 double + track key).
#pragma once

#include "atmbench/crypto/block_cipher.hpp"

#include <optional>

namespace atmbench::crypto {

// KCV: the key encrypts one zero block; the first `length` bytes (3 by convention, 4 in CUP F62).
Bytes key_check_value(const BlockKey& key, std::size_t length = 3);

Bytes wrap_key(const BlockKey& master, ByteView clear_key);    // ECB under the master key
Bytes unwrap_key(const BlockKey& master, ByteView wrapped_key);

struct WorkingKeys {
    Bytes pik;                 // PIN key, clear
    Bytes mak;                 // MAC key, clear
    std::optional<Bytes> tdk;  // track data key, clear, only for 60.3 = 004
};

// F62 layout: for each key in order PIK, MAK[, TDK]: the wrapped key (same length as the clear key), then its
// 4-byte KCV computed on the clear key. All keys of one F62 have one length: 8+4 (single DES, 60.3 = 001: 24
// bytes for two keys), 16+4 (double-length 3DES or SM4, 60.3 = 003: 40 bytes; 004 with TDK: 60 bytes).
// Throws CryptoError if the keys differ in length.
Bytes build_f62(const BlockKey& master, const WorkingKeys& keys);
// Unwraps and checks each KCV; the number of keys is 2, or 3 when has_tdk. Throws CryptoError naming the key
// whose KCV does not match, or the length that does not divide into entries.
WorkingKeys parse_f62(const BlockKey& master, ByteView f62, bool has_tdk);

}  // namespace atmbench::crypto
