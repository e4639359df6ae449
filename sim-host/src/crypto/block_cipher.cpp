// BlockKey: DES/3DES/SM4 keys and whole-block ECB/CBC (block_cipher.hpp; docs/references.md [ISO8583] §3.1).
#include "atmbench/crypto/block_cipher.hpp"

#include "evp_cipher.hpp"

#include <algorithm>
#include <cctype>

namespace atmbench::crypto {
namespace {

Bytes run(const BlockKey& key, ByteView data, detail::Mode mode, detail::Direction dir, const char* what) {
    if (data.size() % key.block_size() != 0)
        throw CryptoError(std::string(what) + ": data length " + std::to_string(data.size()) +
                          " is not a multiple of the " + std::to_string(key.block_size()) + "-byte " +
                          to_string(key.family()) + " block");
    Bytes out(data.size());
    if (data.empty()) return out;
    detail::CipherRun r(key.family(), key.bytes(), mode, dir);
    r.update(data.data(), out.data(), data.size());
    return out;
}

}  // namespace

BlockKey BlockKey::tdes(ByteView key) {
    detail::check_key_length(CipherFamily::Tdes, key.size());
    return BlockKey(CipherFamily::Tdes, Bytes(key.begin(), key.end()));
}

BlockKey BlockKey::sm4(ByteView key) {
    detail::check_key_length(CipherFamily::Sm4, key.size());
    return BlockKey(CipherFamily::Sm4, Bytes(key.begin(), key.end()));
}

BlockKey BlockKey::make(CipherFamily family, ByteView key) {
    return family == CipherFamily::Sm4 ? sm4(key) : tdes(key);
}

Bytes BlockKey::encrypt_ecb(ByteView data) const {
    return run(*this, data, detail::Mode::Ecb, detail::Direction::Encrypt, "ECB encrypt");
}
Bytes BlockKey::decrypt_ecb(ByteView data) const {
    return run(*this, data, detail::Mode::Ecb, detail::Direction::Decrypt, "ECB decrypt");
}
Bytes BlockKey::encrypt_cbc(ByteView data) const {
    return run(*this, data, detail::Mode::Cbc, detail::Direction::Encrypt, "CBC encrypt");
}

CipherFamily parse_cipher_family(const std::string& name) {
    std::string n = name;
    std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return std::tolower(c); });
    if (n == "3des" || n == "tdes" || n == "des") return CipherFamily::Tdes;
    if (n == "sm4") return CipherFamily::Sm4;
    throw CryptoError("unknown cipher '" + name + "' (expected 3des, tdes, des or sm4)");
}

std::string to_string(CipherFamily f) { return f == CipherFamily::Sm4 ? "sm4" : "3des"; }

}  // namespace atmbench::crypto
