// KCVs, key wrapping under a terminal master key, and the F62 working-key block of a CUP sign-on reply
// (docs/references.md [ISO8583] §1.7 "Sign-on 0800/0810").
#include "atmbench/crypto/working_keys.hpp"

#include <openssl/crypto.h>

#include <array>

namespace atmbench::crypto {
namespace {

constexpr std::size_t kF62KcvLength = 4;  // §1.7: each key followed by a 4-byte check value [unverified there]

void check_wrappable(const BlockKey& master, std::size_t length, const char* what) {
    if (length == 0 || length % master.block_size() != 0)
        throw CryptoError(std::string(what) + ": key length " + std::to_string(length) + " is not a whole number of " +
                          std::to_string(master.block_size()) + "-byte " + to_string(master.family()) +
                          " blocks of the master key");
}

const char* key_name(std::size_t index) {
    static const char* const names[] = {"PIK", "MAK", "TDK"};
    return names[index];
}

}  // namespace

// KCV: the key encrypts one zero block, keep the first `length` bytes.
Bytes key_check_value(const BlockKey& key, std::size_t length) {
    if (length == 0 || length > key.block_size())
        throw CryptoError("KCV length must be 1.." + std::to_string(key.block_size()) + " bytes, got " +
                          std::to_string(length));
    const std::array<std::uint8_t, 16> zero{};
    Bytes kcv = key.encrypt_ecb(ByteView(zero).first(key.block_size()));
    kcv.resize(length);
    return kcv;
}

Bytes wrap_key(const BlockKey& master, ByteView clear_key) {
    check_wrappable(master, clear_key.size(), "wrap");
    return master.encrypt_ecb(clear_key);
}

Bytes unwrap_key(const BlockKey& master, ByteView wrapped_key) {
    check_wrappable(master, wrapped_key.size(), "unwrap");
    return master.decrypt_ecb(wrapped_key);
}

// Working keys are of the master key's family (a 3DES TMK delivers DES/3DES keys, an SM4 TMK SM4 keys).
Bytes build_f62(const BlockKey& master, const WorkingKeys& keys) {
    const std::size_t len = keys.pik.size();
    if (keys.mak.size() != len)
        throw CryptoError("F62: PIK is " + std::to_string(len) + " bytes but MAK is " + std::to_string(keys.mak.size()) +
                          "; all keys of one F62 have one length");
    if (keys.tdk && keys.tdk->size() != len)
        throw CryptoError("F62: PIK is " + std::to_string(len) + " bytes but TDK is " +
                          std::to_string(keys.tdk->size()) + "; all keys of one F62 have one length");
    Bytes out;
    out.reserve((len + kF62KcvLength) * (keys.tdk ? 3 : 2));
    auto add = [&](const Bytes& clear) {
        const BlockKey k = BlockKey::make(master.family(), clear);  // checks the key length for the family
        const Bytes wrapped = wrap_key(master, clear);
        const Bytes kcv = key_check_value(k, kF62KcvLength);
        out.insert(out.end(), wrapped.begin(), wrapped.end());
        out.insert(out.end(), kcv.begin(), kcv.end());
    };
    add(keys.pik);
    add(keys.mak);
    if (keys.tdk) add(*keys.tdk);
    return out;
}

WorkingKeys parse_f62(const BlockKey& master, ByteView f62, bool has_tdk) {
    const std::size_t count = has_tdk ? 3 : 2;
    if (f62.size() % count != 0 || f62.size() / count <= kF62KcvLength)
        throw CryptoError("F62 length " + std::to_string(f62.size()) + " does not divide into " +
                          std::to_string(count) + " entries of key + 4-byte KCV");
    const std::size_t entry = f62.size() / count;
    const std::size_t key_len = entry - kF62KcvLength;
    const bool valid_len = master.family() == CipherFamily::Sm4 ? key_len == 16
                                                                : (key_len == 8 || key_len == 16 || key_len == 24);
    if (!valid_len)
        throw CryptoError("F62 length " + std::to_string(f62.size()) + " gives " + std::to_string(count) +
                          " keys of " + std::to_string(key_len) + " bytes, not a valid " +
                          to_string(master.family()) + " key length");
    WorkingKeys out;
    for (std::size_t i = 0; i < count; ++i) {
        const ByteView e = f62.subspan(i * entry, entry);
        Bytes clear = unwrap_key(master, e.first(key_len));
        const Bytes kcv = key_check_value(BlockKey::make(master.family(), clear), kF62KcvLength);
        const ByteView got = e.subspan(key_len, kF62KcvLength);
        if (CRYPTO_memcmp(kcv.data(), got.data(), kF62KcvLength) != 0)
            throw CryptoError(std::string("F62: KCV of ") + key_name(i) + " does not match (received " + to_hex(got) +
                              ", computed " + to_hex(kcv) + "; wrong master key?)");
        if (i == 0) out.pik = std::move(clear);
        else if (i == 1) out.mak = std::move(clear);
        else out.tdk = std::move(clear);
    }
    return out;
}

}  // namespace atmbench::crypto
