// Link MACs: ANSI X9.9, ANSI X9.19, CUP "ECB" MAC and SM4 CBC-MAC (docs/references.md [ISO8583] §3.1).
#include "atmbench/crypto/mac.hpp"

#include "evp_cipher.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace atmbench::crypto {
namespace {

constexpr std::size_t kMaxBlock = 16;
constexpr std::size_t kLinkMacLength = 8;  // F64/F128 are b64

// CBC with IV 0 over the data zero-padded to a whole number of blocks (ISO 9797-1 padding method 1; empty data
// is one zero block, §3.1 X9.9 "zero-pad data to 8-byte multiple"). Returns the last cipher block in `last`.
// The data is streamed through a stack buffer: the host verifies one MAC per request, so no heap copy of the MAB.
void cbc_last_block(CipherFamily family, ByteView key, ByteView data, std::size_t block, std::uint8_t* last) {
    detail::CipherRun run(family, key, detail::Mode::Cbc, detail::Direction::Encrypt);
    std::array<std::uint8_t, 512> scratch;  // a multiple of both block sizes
    const std::size_t whole = data.size() - data.size() % block;
    std::size_t done = 0;
    while (done < whole) {
        const std::size_t n = std::min(scratch.size(), whole - done);
        run.update(data.data() + done, scratch.data(), n);
        done += n;
    }
    const std::size_t rest = data.size() - whole;
    if (rest != 0 || data.empty()) {
        std::array<std::uint8_t, kMaxBlock> tail{};
        if (rest != 0) std::memcpy(tail.data(), data.data() + whole, rest);
        run.update(tail.data(), scratch.data(), block);
        std::memcpy(last, scratch.data(), block);
    } else {
        // `whole` ended inside scratch: its last block is the final CBC output.
        const std::size_t in_scratch = (whole - 1) % scratch.size() + 1;
        std::memcpy(last, scratch.data() + in_scratch - block, block);
    }
}

void require_des(const BlockKey& key, const char* alg, std::size_t length, const char* what) {
    if (key.family() != CipherFamily::Tdes)
        throw CryptoError(std::string(alg) + " needs a DES key, got an SM4 key");
    if (key.bytes().size() != length)
        throw CryptoError(std::string(alg) + " needs " + what + " (" + std::to_string(length) + " bytes), got " +
                          std::to_string(key.bytes().size()) + " bytes");
}

void append_upper_hex(std::uint8_t b, std::uint8_t* out) {
    static const char digits[] = "0123456789ABCDEF";
    out[0] = static_cast<std::uint8_t>(digits[b >> 4]);
    out[1] = static_cast<std::uint8_t>(digits[b & 0x0F]);
}

}  // namespace

MacAlgorithm parse_mac_algorithm(const std::string& name) {
    if (name == "x9.9") return MacAlgorithm::X9_9;
    if (name == "x9.19") return MacAlgorithm::X9_19;
    if (name == "cup-ecb") return MacAlgorithm::CupEcb;
    if (name == "sm4-cbc") return MacAlgorithm::Sm4Cbc;
    throw CryptoError("unknown MAC algorithm '" + name + "' (expected x9.9, x9.19, cup-ecb or sm4-cbc)");
}

std::string to_string(MacAlgorithm a) {
    switch (a) {
        case MacAlgorithm::X9_9: return "x9.9";
        case MacAlgorithm::X9_19: return "x9.19";
        case MacAlgorithm::CupEcb: return "cup-ecb";
        case MacAlgorithm::Sm4Cbc: return "sm4-cbc";
    }
    return "unknown";
}

// ANSI X9.9 = ISO 9797-1 MAC algorithm 1 with single DES (§3.1): the standard defines it for a single-length
// key only, so a double-length key is refused rather than silently cut to its left half.
Bytes mac_x9_9(const BlockKey& key, ByteView data) {
    require_des(key, "X9.9", 8, "a single-length DES key");
    Bytes mac(8);
    cbc_last_block(CipherFamily::Tdes, key.bytes(), data, 8, mac.data());
    return mac;
}

// ANSI X9.19 retail MAC = ISO 9797-1 MAC algorithm 3 (§3.1): K = K1||K2; DES-CBC under K1 over every block, then
// the last block is decrypted under K2 and encrypted under K1.
Bytes mac_x9_19(const BlockKey& key, ByteView data) {
    require_des(key, "X9.19", 16, "a double-length key K1||K2");
    const ByteView k1 = ByteView(key.bytes()).first(8);
    const ByteView k2 = ByteView(key.bytes()).subspan(8, 8);
    std::array<std::uint8_t, 8> a{}, b{};
    cbc_last_block(CipherFamily::Tdes, k1, data, 8, a.data());
    detail::CipherRun(CipherFamily::Tdes, k2, detail::Mode::Ecb, detail::Direction::Decrypt)
        .update(a.data(), b.data(), 8);
    Bytes mac(8);
    detail::CipherRun(CipherFamily::Tdes, k1, detail::Mode::Ecb, detail::Direction::Encrypt)
        .update(b.data(), mac.data(), 8);
    return mac;
}

// CUP POS "ECB" MAC, §3.1 steps 1-7 (after Swishcard MacEcbUtils.java). For an SM4 MAK the same steps run on
// 16-byte blocks [inference: no authoritative SM4 description was found, §3.1 "SM4"]: XOR 16-byte blocks, expand
// to 32 hex chars, encrypt the first 16, XOR with the last 16, encrypt, expand; the MAC is still the first 8
// characters so it fits F64/F128.
Bytes mac_cup_ecb(const BlockKey& key, ByteView data) {
    const std::size_t bs = key.block_size();
    // Steps 1-2: zero-pad to the block and XOR all blocks into RESULT BLOCK (padding with zeros leaves the XOR
    // of a partial last block unchanged, so the padding needs no copy).
    std::array<std::uint8_t, kMaxBlock> result{};
    for (std::size_t i = 0; i < data.size(); ++i) result[i % bs] ^= data[i];
    // Step 3: RESULT BLOCK as uppercase ASCII hex (2 blocks long).
    std::array<std::uint8_t, 2 * kMaxBlock> hex{};
    for (std::size_t i = 0; i < bs; ++i) append_upper_hex(result[i], hex.data() + 2 * i);
    // Steps 4-6: ENC BLOCK1 = E(first half); TEMP BLOCK = ENC BLOCK1 XOR second half; ENC BLOCK2 = E(TEMP BLOCK).
    detail::CipherRun enc(key.family(), key.bytes(), detail::Mode::Ecb, detail::Direction::Encrypt);
    std::array<std::uint8_t, kMaxBlock> block{};
    enc.update(hex.data(), block.data(), bs);
    for (std::size_t i = 0; i < bs; ++i) block[i] ^= hex[bs + i];
    enc.update(block.data(), block.data(), bs);
    // Step 7: the first 8 uppercase hex characters of ENC BLOCK2, i.e. its first 4 bytes expanded.
    Bytes mac(8);
    for (std::size_t i = 0; i < 4; ++i) append_upper_hex(block[i], mac.data() + 2 * i);
    return mac;
}

// SM4 CBC-MAC, IV 0, zero padding (§3.1 "SM4", as GmSSL sm4_cbc_mac_*); the full 16-byte last block.
Bytes mac_sm4_cbc(const BlockKey& key, ByteView data) {
    if (key.family() != CipherFamily::Sm4) throw CryptoError("SM4 CBC-MAC needs an SM4 key, got a DES/3DES key");
    Bytes mac(16);
    cbc_last_block(CipherFamily::Sm4, key.bytes(), data, 16, mac.data());
    return mac;
}

Bytes compute_mac(MacAlgorithm alg, const BlockKey& key, ByteView data) {
    switch (alg) {
        case MacAlgorithm::X9_9: return mac_x9_9(key, data);
        case MacAlgorithm::X9_19: return mac_x9_19(key, data);
        case MacAlgorithm::CupEcb: return mac_cup_ecb(key, data);
        case MacAlgorithm::Sm4Cbc: return mac_sm4_cbc(key, data);
    }
    throw CryptoError("unknown MAC algorithm");
}

Bytes link_mac(MacAlgorithm alg, const BlockKey& key, ByteView data) {
    Bytes mac = compute_mac(alg, key, data);
    mac.resize(kLinkMacLength);
    return mac;
}

// A received MAC of any length other than 8 cannot match and is reported as a mismatch, not an error: it comes
// off the wire, and the caller's answer to it is the same as to a wrong MAC. Key/algorithm mismatches still throw.
bool verify_link_mac(MacAlgorithm alg, const BlockKey& key, ByteView data, ByteView received) {
    const Bytes expected = link_mac(alg, key, data);
    if (received.size() != kLinkMacLength) return false;
    return CRYPTO_memcmp(expected.data(), received.data(), kLinkMacLength) == 0;
}

}  // namespace atmbench::crypto
