// Each algorithm as docs/references.md [ISO8583] §3.1 defines it; checked against its §3.2 vectors (tests/unit/terminal).
#include "atmbench/terminal/link_mac.hpp"

namespace atmbench::terminal {

namespace {

// ISO 9797-1 padding method 1: zeros to a whole number of blocks (empty data is one zero block).
Bytes zero_padded(ByteView data, std::size_t block) {
    Bytes b(data.begin(), data.end());
    b.resize(b.empty() ? block : (b.size() + block - 1) / block * block, 0);
    return b;
}

// CBC with IV 0 as ECB steps; returns the last block.
Bytes cbc_last(const CipherKey& key, ByteView data) {
    const std::size_t bs = key.block_size();
    Bytes padded = zero_padded(data, bs), chain(bs, 0);
    for (std::size_t at = 0; at < padded.size(); at += bs) {
        for (std::size_t i = 0; i < bs; ++i) chain[i] ^= padded[at + i];
        chain = key.encrypt_ecb(ByteView(chain));
    }
    return chain;
}

Bytes upper_hex(ByteView b) {
    std::string h = to_hex(b);
    return Bytes(h.begin(), h.end());
}

CipherKey des_part(const Bytes& key, std::size_t at) {
    return CipherKey(CipherFamily::Tdes, Bytes(key.begin() + static_cast<std::ptrdiff_t>(at), key.begin() + static_cast<std::ptrdiff_t>(at + 8)));
}

}  // namespace

MacAlgorithm mac_algorithm_named(const std::string& name) {
    if (name == "x9.9") return MacAlgorithm::X9_9;
    if (name == "x9.19") return MacAlgorithm::X9_19;
    if (name == "cup-ecb") return MacAlgorithm::CupEcb;
    if (name == "sm4-cbc") return MacAlgorithm::Sm4Cbc;
    throw KeyError("MAC algorithm '" + name + "' is not one the terminal knows (x9.9, x9.19, cup-ecb, sm4-cbc)");
}

Bytes link_mac(MacAlgorithm alg, const CipherKey& mak, ByteView mab) {
    Bytes mac;
    switch (alg) {
        case MacAlgorithm::X9_9:  // ISO 9797-1 alg 1, single DES
            if (mak.family() != CipherFamily::Tdes || mak.bytes().size() != 8) throw KeyError("X9.9 needs a single-length DES key");
            mac = cbc_last(mak, mab);
            break;
        case MacAlgorithm::X9_19: {  // ISO 9797-1 alg 3: CBC under K1, then D(K2), E(K1) on the last block
            if (mak.family() != CipherFamily::Tdes || mak.bytes().size() != 16) throw KeyError("X9.19 needs a double-length key K1||K2");
            const CipherKey k1 = des_part(mak.bytes(), 0), k2 = des_part(mak.bytes(), 8);
            mac = k1.encrypt_ecb(ByteView(k2.decrypt_ecb(ByteView(cbc_last(k1, mab)))));
            break;
        }
        case MacAlgorithm::CupEcb: {  // steps 1-7: XOR blocks, expand to hex, E(first half) XOR second half, E, expand
            const std::size_t bs = mak.block_size();
            Bytes result(bs, 0);
            for (std::size_t i = 0; i < mab.size(); ++i) result[i % bs] ^= mab[i];
            const Bytes hex = upper_hex(ByteView(result));
            Bytes block = mak.encrypt_ecb(ByteView(hex).first(bs));
            for (std::size_t i = 0; i < bs; ++i) block[i] ^= hex[bs + i];
            block = mak.encrypt_ecb(ByteView(block));
            mac = upper_hex(ByteView(block).first(4));  // the first 8 hex characters
            break;
        }
        case MacAlgorithm::Sm4Cbc:  // GmSSL sm4_cbc_mac: IV 0, zero padding; the link keeps the first 8 bytes
            if (mak.family() != CipherFamily::Sm4) throw KeyError("SM4 CBC-MAC needs an SM4 key");
            mac = cbc_last(mak, mab);
            break;
    }
    mac.resize(8);
    return mac;
}

}  // namespace atmbench::terminal
