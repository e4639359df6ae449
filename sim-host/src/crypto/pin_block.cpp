// ISO 9564-1 format 0 (= ANSI X9.8) PIN blocks and their encryption under a PIK (docs/references.md [ISO8583] §3.1
// "PIN block ISO 9564 format 0").
#include "atmbench/crypto/pin_block.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>

namespace atmbench::crypto {
namespace {

const char kHexDigits[] = "0123456789ABCDEF";

constexpr std::size_t kIso0Length = 8;
constexpr std::size_t kSm4Fill = 8;  // 0xFF bytes after the format-0 block under SM4 (see pin_block.hpp)

bool all_digits(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The PAN block: 0000 | the 12 rightmost PAN digits excluding the check digit (§3.1).
std::array<std::uint8_t, kIso0Length> pan_block(const std::string& pan) {
    if (!all_digits(pan)) throw CryptoError("PAN must be digits only, got '" + pan + "'");
    if (pan.size() < 13)
        throw CryptoError("PAN must be at least 13 digits, got " + std::to_string(pan.size()));
    if (pan.size() > 19)  // ISO/IEC 7812: at most 19 digits
        throw CryptoError("PAN must be at most 19 digits, got " + std::to_string(pan.size()));
    const std::string twelve = pan.substr(pan.size() - 13, 12);
    std::array<std::uint8_t, kIso0Length> b{};
    for (std::size_t i = 0; i < 12; i += 2)
        b[2 + i / 2] = static_cast<std::uint8_t>(((twelve[i] - '0') << 4) | (twelve[i + 1] - '0'));
    return b;
}

}  // namespace

Bytes iso0_clear_block(const std::string& pin, const std::string& pan) {
    if (pin.size() < 4 || pin.size() > 12)
        throw CryptoError("PIN must be 4 to 12 digits, got " + std::to_string(pin.size()) + " characters");
    if (!all_digits(pin)) throw CryptoError("PIN must be digits only");  // the PIN itself is never echoed
    const auto panb = pan_block(pan);
    // PIN field: 0 | L | PIN digits | F fill, 16 nibbles.
    std::array<std::uint8_t, 16> nib;
    nib.fill(0xF);
    nib[0] = 0x0;
    nib[1] = static_cast<std::uint8_t>(pin.size());
    for (std::size_t i = 0; i < pin.size(); ++i) nib[2 + i] = static_cast<std::uint8_t>(pin[i] - '0');
    Bytes block(kIso0Length);
    for (std::size_t i = 0; i < kIso0Length; ++i)
        block[i] = static_cast<std::uint8_t>(((nib[2 * i] << 4) | nib[2 * i + 1]) ^ panb[i]);
    OPENSSL_cleanse(nib.data(), nib.size());
    return block;
}

std::string iso0_extract_pin(ByteView clear_block, const std::string& pan) {
    if (clear_block.size() != kIso0Length)
        throw CryptoError("format-0 PIN block must be 8 bytes, got " + std::to_string(clear_block.size()));
    const auto panb = pan_block(pan);
    std::array<std::uint8_t, 16> nib;
    for (std::size_t i = 0; i < kIso0Length; ++i) {
        const std::uint8_t b = clear_block[i] ^ panb[i];
        nib[2 * i] = b >> 4;
        nib[2 * i + 1] = b & 0x0F;
    }
    if (nib[0] != 0x0)
        throw CryptoError(std::string("PIN block format nibble is ") + kHexDigits[nib[0]] +
                          ", not 0 (not an ISO 9564 format-0 block, or wrong key)");
    const std::size_t len = nib[1];
    if (len < 4 || len > 12)
        throw CryptoError("PIN block length nibble is " + std::to_string(len) + ", outside 4..12 (wrong key?)");
    std::string pin;
    pin.reserve(len);
    for (std::size_t i = 0; i < len; ++i) {
        if (nib[2 + i] > 9) throw CryptoError("PIN block has a non-digit PIN nibble at position " + std::to_string(i + 1));
        pin.push_back(static_cast<char>('0' + nib[2 + i]));
    }
    for (std::size_t i = 2 + len; i < 16; ++i)
        if (nib[i] != 0xF)
            throw CryptoError("PIN block fill nibble " + std::to_string(i + 1) + " is " + kHexDigits[nib[i]] +
                              ", not F (wrong PAN or key?)");
    OPENSSL_cleanse(nib.data(), nib.size());
    return pin;
}

Bytes encrypt_pin_block(const BlockKey& pik, const std::string& pin, const std::string& pan) {
    Bytes block = iso0_clear_block(pin, pan);
    // Under SM4 the 8-byte block is right-filled with 0xFF to one 16-byte block [inference, pin_block.hpp].
    if (pik.family() == CipherFamily::Sm4) block.resize(kIso0Length + kSm4Fill, 0xFF);
    Bytes enc = pik.encrypt_ecb(block);
    OPENSSL_cleanse(block.data(), block.size());
    return enc;
}

std::string decrypt_pin(const BlockKey& pik, ByteView encrypted_block, const std::string& pan) {
    const std::size_t want = pik.block_size() == 16 ? kIso0Length + kSm4Fill : kIso0Length;
    if (encrypted_block.size() != want)
        throw CryptoError("encrypted PIN block under " + to_string(pik.family()) + " must be " +
                          std::to_string(want) + " bytes, got " + std::to_string(encrypted_block.size()));
    Bytes clear = pik.decrypt_ecb(encrypted_block);
    if (pik.family() == CipherFamily::Sm4 &&
        !std::all_of(clear.begin() + kIso0Length, clear.end(), [](std::uint8_t b) { return b == 0xFF; })) {
        OPENSSL_cleanse(clear.data(), clear.size());
        throw CryptoError("SM4 PIN block fill is not FF (wrong key?)");
    }
    struct Wipe {
        Bytes& b;
        ~Wipe() { OPENSSL_cleanse(b.data(), b.size()); }
    } wipe{clear};
    return iso0_extract_pin(ByteView(clear).first(kIso0Length), pan);
}

bool verify_pin(const BlockKey& pik, ByteView encrypted_block, const std::string& pan, const std::string& expected_pin) {
    (void)pan_block(pan);  // a bad PAN is the caller's error and throws; only the block's faults mean "no match"
    std::string pin;
    try {
        pin = decrypt_pin(pik, encrypted_block, pan);
    } catch (const CryptoError&) {
        return false;  // malformed block, wrong key or PAN: not this PIN
    }
    const bool same = pin.size() == expected_pin.size() &&
                      CRYPTO_memcmp(pin.data(), expected_pin.data(), pin.size()) == 0;
    OPENSSL_cleanse(pin.data(), pin.size());
    return same;
}

}  // namespace atmbench::crypto
