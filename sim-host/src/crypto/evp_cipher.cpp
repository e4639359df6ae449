// OpenSSL 3 EVP plumbing for BlockKey (see block_cipher.hpp for the key conventions).
#include "evp_cipher.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <array>
#include <cstring>
#include <memory>
#include <string>

namespace atmbench::crypto::detail {
namespace {

struct CipherFree {
    void operator()(EVP_CIPHER* c) const { EVP_CIPHER_free(c); }
};
using CipherPtr = std::unique_ptr<EVP_CIPHER, CipherFree>;

// The last OpenSSL error as text, so a failure says what OpenSSL objected to.
std::string openssl_reason() {
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) return "no OpenSSL error recorded";
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    return buf;
}

CipherPtr fetch(const char* name) {
    CipherPtr c(EVP_CIPHER_fetch(nullptr, name, nullptr));
    if (!c) throw CryptoError(std::string("OpenSSL cannot provide ") + name + ": " + openssl_reason());
    return c;
}

// Explicit fetches are cached for the life of the process: an implicit fetch (EVP_des_ede3_ecb()) would repeat
// the provider lookup on every init, and the host runs one MAC per request at 30k req/s. The statics are built
// after OpenSSL has registered its atexit cleanup, so they are destroyed (EVP_CIPHER_free) before it runs.
// All DES work goes through DES-EDE3 (never plain DES) so the legacy provider is not needed.
const EVP_CIPHER* cipher_for(CipherFamily family, Mode mode) {
    if (family == CipherFamily::Tdes) {
        if (mode == Mode::Ecb) {
            static const CipherPtr c = fetch("DES-EDE3-ECB");
            return c.get();
        }
        static const CipherPtr c = fetch("DES-EDE3-CBC");
        return c.get();
    }
    if (mode == Mode::Ecb) {
        static const CipherPtr c = fetch("SM4-ECB");
        return c.get();
    }
    static const CipherPtr c = fetch("SM4-CBC");
    return c.get();
}

}  // namespace

void check_key_length(CipherFamily family, std::size_t length) {
    if (family == CipherFamily::Tdes) {
        if (length != 8 && length != 16 && length != 24)
            throw CryptoError("DES/3DES key must be 8, 16 or 24 bytes, got " + std::to_string(length));
    } else if (length != 16) {
        throw CryptoError("SM4 key must be 16 bytes, got " + std::to_string(length));
    }
}

CipherRun::CipherRun(CipherFamily family, ByteView key, Mode mode, Direction dir) : ctx_(EVP_CIPHER_CTX_new()) {
    if (!ctx_) throw CryptoError("OpenSSL could not allocate a cipher context: " + openssl_reason());
    check_key_length(family, key.size());

    // DES keys are spread onto the 24-byte EDE3 key: K -> K|K|K (E_K D_K E_K = E_K, i.e. single DES),
    // K1|K2 -> K1|K2|K1 (2-key 3DES). A stack copy, wiped afterwards.
    std::array<std::uint8_t, 24> expanded{};
    const std::uint8_t* key_ptr = key.data();
    if (family == CipherFamily::Tdes && key.size() != 24) {
        for (std::size_t i = 0; i < 24; ++i) expanded[i] = key[i % key.size()];
        key_ptr = expanded.data();
    }
    static const std::uint8_t zero_iv[16] = {};
    const int enc = dir == Direction::Encrypt ? 1 : 0;
    const bool ok = EVP_CipherInit_ex2(ctx_, cipher_for(family, mode), key_ptr,
                                       mode == Mode::Cbc ? zero_iv : nullptr, enc, nullptr) == 1 &&
                    EVP_CIPHER_CTX_set_padding(ctx_, 0) == 1;
    OPENSSL_cleanse(expanded.data(), expanded.size());
    if (!ok) {
        EVP_CIPHER_CTX_free(ctx_);
        throw CryptoError("OpenSSL cipher init failed: " + openssl_reason());
    }
}

CipherRun::~CipherRun() { EVP_CIPHER_CTX_free(ctx_); }

void CipherRun::update(const std::uint8_t* in, std::uint8_t* out, std::size_t len) {
    if (len == 0) return;
    if (len > static_cast<std::size_t>(INT32_MAX)) throw CryptoError("data too long for one cipher call");
    int outl = 0;
    if (EVP_CipherUpdate(ctx_, out, &outl, in, static_cast<int>(len)) != 1)
        throw CryptoError("OpenSSL cipher update failed: " + openssl_reason());
    // Padding is off and len is a block multiple, so everything comes out at once.
    if (static_cast<std::size_t>(outl) != len) throw CryptoError("OpenSSL cipher returned a short block");
}

}  // namespace atmbench::crypto::detail
