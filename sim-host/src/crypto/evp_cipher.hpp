// Private to atmbench_crypto: the one place that talks to OpenSSL EVP. Everything above it (BlockKey, MACs, PIN
// blocks, working keys) works on byte spans and never sees an EVP object.
#pragma once

#include "atmbench/crypto/block_cipher.hpp"

#include <cstddef>
#include <cstdint>

typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;

namespace atmbench::crypto::detail {

enum class Mode { Ecb, Cbc };
enum class Direction { Encrypt, Decrypt };

// One keyed cipher operation, padding disabled; CBC starts from a zero IV and keeps its chaining value across
// update() calls, which lets the MAC code stream data through a small stack buffer instead of copying it.
class CipherRun {
public:
    CipherRun(CipherFamily family, ByteView key, Mode mode, Direction dir);
    ~CipherRun();
    CipherRun(const CipherRun&) = delete;
    CipherRun& operator=(const CipherRun&) = delete;

    // len must be a whole number of blocks (callers check and report the caller-facing error first).
    void update(const std::uint8_t* in, std::uint8_t* out, std::size_t len);

private:
    EVP_CIPHER_CTX* ctx_;
};

// Checks the key length for the family; the message names the family and the length received.
void check_key_length(CipherFamily family, std::size_t length);

}  // namespace atmbench::crypto::detail
