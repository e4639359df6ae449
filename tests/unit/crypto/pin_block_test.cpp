// ISO 9564 format-0 PIN blocks: psec vectors (docs/references.md [ISO8583] §3.2), encryption round trips, and the
// errors every malformed input must raise.
#include "atmbench/crypto/pin_block.hpp"

#include <gtest/gtest.h>

namespace atmbench::crypto {
namespace {

const char* const kPan = "5555555551234567";

TEST(PinBlock, PsecVectors) {
    EXPECT_EQ(to_hex(iso0_clear_block("1234", kPan)), "041261AAAAEDCBA9");
    EXPECT_EQ(to_hex(iso0_clear_block("123456789012", kPan)), "0C1261032D8226A9");
    EXPECT_EQ(to_hex(iso0_clear_block("1234", "5544332211009966")), "041277CDDEEFF669");
}

TEST(PinBlock, ExtractInvertsBuild) {
    EXPECT_EQ(iso0_extract_pin(from_hex("041261AAAAEDCBA9"), kPan), "1234");
    EXPECT_EQ(iso0_extract_pin(from_hex("0C1261032D8226A9"), kPan), "123456789012");
    EXPECT_EQ(iso0_extract_pin(from_hex("041277CDDEEFF669"), "5544332211009966"), "1234");
    for (const char* pin : {"0000", "98765", "000000000000", "4321098"})
        EXPECT_EQ(iso0_extract_pin(iso0_clear_block(pin, "6222020200112233445"), "6222020200112233445"), pin);
}

// Only the 12 digits left of the check digit count: a 13-digit PAN and a 19-digit PAN ending the same way agree.
TEST(PinBlock, UsesTwelveRightmostDigitsExcludingCheckDigit) {
    EXPECT_EQ(iso0_clear_block("1234", "0555555551234567"), iso0_clear_block("1234", kPan));
    EXPECT_EQ(iso0_clear_block("1234", "9995555555551234567"), iso0_clear_block("1234", kPan));
    EXPECT_EQ(iso0_clear_block("1234", "5555555551234560"), iso0_clear_block("1234", kPan));  // check digit ignored
    EXPECT_EQ(to_hex(iso0_clear_block("1234", "0000000000000")), "041234FFFFFFFFFF");
}

TEST(PinBlock, RejectsBadPinAndPan) {
    EXPECT_THROW(iso0_clear_block("123", kPan), CryptoError);
    EXPECT_THROW(iso0_clear_block("1234567890123", kPan), CryptoError);
    EXPECT_THROW(iso0_clear_block("12a4", kPan), CryptoError);
    EXPECT_THROW(iso0_clear_block("", kPan), CryptoError);
    EXPECT_THROW(iso0_clear_block("1234", "555555555123"), CryptoError);   // 12 digits: too short
    EXPECT_THROW(iso0_clear_block("1234", "55555555512345X7"), CryptoError);
    EXPECT_THROW(iso0_clear_block("1234", "55555555555551234567"), CryptoError);  // 20 digits
    try {
        iso0_clear_block("1234", "555555555123");
    } catch (const CryptoError& e) {
        EXPECT_NE(std::string(e.what()).find("at least 13 digits"), std::string::npos) << e.what();
    }
}

TEST(PinBlock, MalformedClearBlocksThrow) {
    // wrong format nibble (1 = ISO format 1)
    EXPECT_THROW(iso0_extract_pin(from_hex("141261AAAAEDCBA9"), kPan), CryptoError);
    // length nibble 3 and D
    EXPECT_THROW(iso0_extract_pin(from_hex("031261AAAAEDCBA9"), kPan), CryptoError);
    EXPECT_THROW(iso0_extract_pin(from_hex("0D1261AAAAEDCBA9"), kPan), CryptoError);
    // a non-digit PIN nibble: 1A34 in the PIN field
    const Bytes good = iso0_clear_block("1234", kPan);
    Bytes bad_digit = good;
    bad_digit[1] ^= 0x08;  // second PIN digit '2' -> 'A' (the PAN block is 00 there)
    EXPECT_THROW(iso0_extract_pin(bad_digit, kPan), CryptoError);
    // fill not F
    Bytes bad_fill = good;
    bad_fill[7] ^= 0x01;
    EXPECT_THROW(iso0_extract_pin(bad_fill, kPan), CryptoError);
    // wrong size
    EXPECT_THROW(iso0_extract_pin(from_hex("041261AAAAEDCB"), kPan), CryptoError);
    // the block of another PAN does not decode as a valid block here
    EXPECT_THROW(iso0_extract_pin(good, "5544332211009966"), CryptoError);
}

TEST(PinBlock, TdesEncryptDecryptVerify) {
    const auto pik = BlockKey::tdes(from_hex("0123456789ABCDEFFEDCBA9876543210"));
    const Bytes enc = encrypt_pin_block(pik, "1234", kPan);
    // Independent value: Python `cryptography` TripleDES-ECB of 041261AAAAEDCBA9 under this key.
    EXPECT_EQ(to_hex(enc), "230B4C43B8BA2C5C");
    EXPECT_EQ(decrypt_pin(pik, enc, kPan), "1234");
    EXPECT_TRUE(verify_pin(pik, enc, kPan, "1234"));
    EXPECT_FALSE(verify_pin(pik, enc, kPan, "1235"));
    EXPECT_FALSE(verify_pin(pik, enc, kPan, "12345"));
    // Wrong key: the block decrypts to garbage, which verifies as false and decrypts with an error.
    const auto other = BlockKey::tdes(from_hex("1123456789ABCDEFFEDCBA9876543210"));
    EXPECT_FALSE(verify_pin(other, enc, kPan, "1234"));
    EXPECT_THROW(decrypt_pin(other, enc, kPan), CryptoError);
    // Single-length PIK too.
    const auto des = BlockKey::tdes(from_hex("0123456789ABCDEF"));
    EXPECT_EQ(decrypt_pin(des, encrypt_pin_block(des, "987654", kPan), kPan), "987654");
}

TEST(PinBlock, Sm4EncryptDecryptVerify) {
    const auto pik = BlockKey::sm4(from_hex("0123456789ABCDEFFEDCBA9876543210"));
    const Bytes enc = encrypt_pin_block(pik, "1234", kPan);
    ASSERT_EQ(enc.size(), 16u);
    // Independent value: Python `cryptography` SM4-ECB of 041261AAAAEDCBA9 || FF*8.
    EXPECT_EQ(to_hex(enc), "476C6AC1758680478B8BE53EA1CD12E3");
    EXPECT_EQ(to_hex(pik.decrypt_ecb(enc)), "041261AAAAEDCBA9FFFFFFFFFFFFFFFF");
    EXPECT_EQ(decrypt_pin(pik, enc, kPan), "1234");
    EXPECT_TRUE(verify_pin(pik, enc, kPan, "1234"));
    EXPECT_FALSE(verify_pin(pik, enc, kPan, "4321"));
    // SM4 blocks are 16 bytes; an 8-byte block is malformed.
    EXPECT_THROW(decrypt_pin(pik, ByteView(enc).first(8), kPan), CryptoError);
    EXPECT_FALSE(verify_pin(pik, ByteView(enc).first(8), kPan, "1234"));
    // Fill other than FF is rejected.
    const Bytes bad_fill = pik.encrypt_ecb(from_hex("041261AAAAEDCBA90000000000000000"));
    EXPECT_THROW(decrypt_pin(pik, bad_fill, kPan), CryptoError);
}

TEST(PinBlock, MalformedEncryptedBlocks) {
    const auto pik = BlockKey::tdes(from_hex("0123456789ABCDEFFEDCBA9876543210"));
    EXPECT_THROW(decrypt_pin(pik, Bytes(7), kPan), CryptoError);
    EXPECT_THROW(decrypt_pin(pik, Bytes(16), kPan), CryptoError);
    // A block whose clear text has format nibble 1.
    const Bytes fmt1 = pik.encrypt_ecb(from_hex("141261AAAAEDCBA9"));
    EXPECT_THROW(decrypt_pin(pik, fmt1, kPan), CryptoError);
    EXPECT_FALSE(verify_pin(pik, fmt1, kPan, "1234"));
    // A bad PAN is the caller's error, not a non-matching block.
    EXPECT_THROW(verify_pin(pik, encrypt_pin_block(pik, "1234", kPan), "12", "1234"), CryptoError);
}

}  // namespace
}  // namespace atmbench::crypto
