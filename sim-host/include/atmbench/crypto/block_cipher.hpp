// Block ciphers of the payment key hierarchy, on OpenSSL 3 EVP.
// Single DES is run as 3DES-EDE with K1=K2=K3 (identical to DES by construction) so that OpenSSL's legacy
// provider is never needed; double-length keys are 2-key 3DES (K1,K2,K1), triple-length 3-key 3DES; SM4 is
// GB/T 32907 with 16-byte keys and blocks.
#pragma once

#include "atmbench/bytes.hpp"

#include <stdexcept>
#include <string>

namespace atmbench::crypto {

class CryptoError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class CipherFamily { Tdes, Sm4 };

// A key for one block cipher. DES/3DES keys are 8, 16 or 24 bytes; SM4 keys 16 bytes.
class BlockKey {
public:
    static BlockKey tdes(ByteView key);  // 8 (single DES), 16 or 24 bytes; throws CryptoError otherwise
    static BlockKey sm4(ByteView key);   // 16 bytes; throws CryptoError otherwise
    static BlockKey make(CipherFamily family, ByteView key);

    CipherFamily family() const { return family_; }
    std::size_t block_size() const { return family_ == CipherFamily::Sm4 ? 16 : 8; }
    const Bytes& bytes() const { return key_; }
    // Single-length DES (8 bytes); X9.9 and X9.19 need to know.
    bool single_des() const { return family_ == CipherFamily::Tdes && key_.size() == 8; }

    // ECB over whole blocks; throws CryptoError when data is not a multiple of the block size.
    Bytes encrypt_ecb(ByteView data) const;
    Bytes decrypt_ecb(ByteView data) const;
    // CBC with a zero IV over whole blocks.
    Bytes encrypt_cbc(ByteView data) const;

private:
    BlockKey(CipherFamily f, Bytes k) : family_(f), key_(std::move(k)) {}
    CipherFamily family_;
    Bytes key_;
};

// Parses "3des"/"tdes"/"des" or "sm4"; throws CryptoError naming the accepted values.
CipherFamily parse_cipher_family(const std::string& name);
std::string to_string(CipherFamily f);

}  // namespace atmbench::crypto
