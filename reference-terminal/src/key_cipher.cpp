// Single DES runs as 3DES-EDE with K1=K2=K3 (identical by construction) so OpenSSL's legacy provider is never needed.
#include "atmbench/terminal/key_cipher.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <memory>

namespace atmbench::terminal {

CipherKey::CipherKey(CipherFamily family, Bytes key) : family_(family), key_(std::move(key)) {
    const std::size_t n = key_.size();
    if (family_ == CipherFamily::Sm4 ? n != 16 : (n != 8 && n != 16 && n != 24))
        throw KeyError(std::string(family_ == CipherFamily::Sm4 ? "an SM4 key is 16 bytes" : "a DES/3DES key is 8, 16 or 24 bytes") +
                       ", got " + std::to_string(n));
}

Bytes CipherKey::run(ByteView data, bool encrypt) const {
    if (data.size() % block_size() != 0)
        throw KeyError(std::to_string(data.size()) + " bytes are not a whole number of " + std::to_string(block_size()) + "-byte blocks");
    Bytes k = key_;
    if (family_ == CipherFamily::Tdes) {
        if (k.size() == 8) k.insert(k.end(), key_.begin(), key_.end()), k.insert(k.end(), key_.begin(), key_.end());
        else if (k.size() == 16) k.insert(k.end(), key_.begin(), key_.begin() + 8);
    }
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    const EVP_CIPHER* cipher = family_ == CipherFamily::Sm4 ? EVP_sm4_ecb() : EVP_des_ede3_ecb();
    Bytes out(data.size() + block_size());
    int n1 = 0, n2 = 0;
    if (!ctx || !cipher || EVP_CipherInit_ex(ctx.get(), cipher, nullptr, k.data(), nullptr, encrypt ? 1 : 0) != 1 ||
        EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1 ||
        EVP_CipherUpdate(ctx.get(), out.data(), &n1, data.data(), static_cast<int>(data.size())) != 1 ||
        EVP_CipherFinal_ex(ctx.get(), out.data() + n1, &n2) != 1)
        throw KeyError(std::string("OpenSSL ") + (family_ == CipherFamily::Sm4 ? "SM4" : "3DES") + " failed");
    out.resize(static_cast<std::size_t>(n1 + n2));
    return out;
}

Bytes CipherKey::encrypt_ecb(ByteView data) const { return run(data, true); }
Bytes CipherKey::decrypt_ecb(ByteView data) const { return run(data, false); }

Bytes check_value(const CipherKey& key, std::size_t length) {
    const std::array<std::uint8_t, 16> zero{};
    Bytes kcv = key.encrypt_ecb(ByteView(zero).first(key.block_size()));
    kcv.resize(length);
    return kcv;
}

SessionKeys unwrap_session_keys(const CipherKey& tmk, ByteView f62, bool has_tdk) {
    constexpr std::size_t kKcv = 4;  // §1.7: each key followed by its 4-byte check value
    const std::size_t count = has_tdk ? 3 : 2;
    if (f62.size() % count != 0 || f62.size() / count <= kKcv)
        throw KeyError("F62 of " + std::to_string(f62.size()) + " bytes does not divide into " + std::to_string(count) +
                       " entries of key + 4-byte KCV");
    const std::size_t entry = f62.size() / count, key_len = entry - kKcv;
    static const char* const names[] = {"PIK", "MAK", "TDK"};
    SessionKeys out;
    for (std::size_t i = 0; i < 2; ++i) {
        const ByteView e = f62.subspan(i * entry, entry);
        Bytes clear = tmk.decrypt_ecb(e.first(key_len));
        const Bytes kcv = check_value(CipherKey(tmk.family(), clear), kKcv);
        if (CRYPTO_memcmp(kcv.data(), e.data() + key_len, kKcv) != 0)
            throw KeyError(std::string("F62: the KCV of the ") + names[i] + " does not match (received " +
                           to_hex(e.subspan(key_len, kKcv)) + ", computed " + to_hex(kcv) + ")");
        (i == 0 ? out.pik : out.mak) = std::move(clear);
    }
    return out;
}

}  // namespace atmbench::terminal
