// The terminal's own key arithmetic on OpenSSL: the block ciphers of its key hierarchy (DES/3DES, SM4), key check
// values, and the working keys a sign-on reply delivers in F62 under the terminal master key
// (docs/references.md [ISO8583] §1.7 sign-on, §3.1 algorithms).
#pragma once

#include "atmbench/bytes.hpp"

#include <optional>
#include <stdexcept>
#include <string>

namespace atmbench::terminal {

class KeyError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class CipherFamily { Tdes, Sm4 };

// One key of one family: DES 8 bytes, 3DES 16 (K1 K2 K1) or 24, SM4 16. Throws KeyError on another length.
class CipherKey {
public:
    CipherKey(CipherFamily family, Bytes key);
    CipherFamily family() const { return family_; }
    std::size_t block_size() const { return family_ == CipherFamily::Sm4 ? 16 : 8; }
    const Bytes& bytes() const { return key_; }
    Bytes encrypt_ecb(ByteView data) const;  // whole blocks only
    Bytes decrypt_ecb(ByteView data) const;

private:
    Bytes run(ByteView data, bool encrypt) const;
    CipherFamily family_;
    Bytes key_;
};

// KCV: the key encrypts one zero block; the first `length` bytes.
Bytes check_value(const CipherKey& key, std::size_t length);

struct SessionKeys {
    Bytes pik, mak;  // clear
};
// F62 of an approved sign-on: PIK, MAK[, TDK when `has_tdk`], each the key under the TMK (ECB) and a 4-byte KCV of
// the clear key. Throws KeyError when the length does not divide or a KCV does not match.
SessionKeys unwrap_session_keys(const CipherKey& tmk, ByteView f62, bool has_tdk);

}  // namespace atmbench::terminal
