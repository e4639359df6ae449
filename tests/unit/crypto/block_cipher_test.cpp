// BlockKey: key-length checks, ECB/CBC against standard and independently computed vectors.
#include "atmbench/crypto/block_cipher.hpp"

#include <gtest/gtest.h>

namespace atmbench::crypto {
namespace {

// GB/T 32907-2016 appendix A example 1: key = plaintext = 0123456789ABCDEFFEDCBA9876543210.
TEST(BlockCipher, Sm4StandardVector) {
    const auto key = BlockKey::sm4(from_hex("0123456789ABCDEFFEDCBA9876543210"));
    const Bytes ct = key.encrypt_ecb(from_hex("0123456789ABCDEFFEDCBA9876543210"));
    EXPECT_EQ(to_hex(ct), "681EDF34D206965E86B3E94F536E4246");
    EXPECT_EQ(to_hex(key.decrypt_ecb(ct)), "0123456789ABCDEFFEDCBA9876543210");
}

// FIPS 81 / classic DES example: key 0123456789ABCDEF, "Now is t" -> 3FA40E8A984D4815. Single DES runs as EDE3
// with K1=K2=K3, so this checks that the expansion really is single DES.
TEST(BlockCipher, SingleDesKnownAnswer) {
    const auto key = BlockKey::tdes(from_hex("0123456789ABCDEF"));
    EXPECT_TRUE(key.single_des());
    EXPECT_EQ(to_hex(key.encrypt_ecb(view_of("Now is t"))), "3FA40E8A984D4815");
}

// 2-key 3DES (K1,K2,K1) of a zero block; independent value from
// `printf '\0\0\0\0\0\0\0\0' | openssl enc -des-ede -K 0123456789ABCDEFFEDCBA9876543210 -nopad | xxd -p`.
TEST(BlockCipher, DoubleLengthTdesMatchesOpensslCli) {
    const auto key = BlockKey::tdes(from_hex("0123456789ABCDEFFEDCBA9876543210"));
    EXPECT_FALSE(key.single_des());
    EXPECT_EQ(to_hex(key.encrypt_ecb(Bytes(8, 0))), "08D7B4FB629D0885");
    // The same key spelled as 3-key K1|K2|K1 gives the same cipher.
    const auto key3 = BlockKey::tdes(from_hex("0123456789ABCDEFFEDCBA98765432100123456789ABCDEF"));
    EXPECT_EQ(to_hex(key3.encrypt_ecb(Bytes(8, 0))), "08D7B4FB629D0885");
}

TEST(BlockCipher, RoundTripsEveryKeyLength) {
    const Bytes data = from_hex("00112233445566778899AABBCCDDEEFF0102030405060708090A0B0C0D0E0F10");
    for (const char* hex : {"0123456789ABCDEF", "0123456789ABCDEFFEDCBA9876543210",
                            "0123456789ABCDEFFEDCBA987654321089ABCDEF01234567"}) {
        const auto key = BlockKey::tdes(from_hex(hex));
        const Bytes ct = key.encrypt_ecb(data);
        EXPECT_NE(ct, data) << hex;
        EXPECT_EQ(key.decrypt_ecb(ct), data) << hex;
    }
    const auto sm4 = BlockKey::sm4(from_hex("0123456789ABCDEFFEDCBA9876543210"));
    EXPECT_EQ(sm4.decrypt_ecb(sm4.encrypt_ecb(data)), data);
}

// CBC with IV 0: the first block equals ECB, the second is E(C1 xor P2).
TEST(BlockCipher, CbcChainsFromZeroIv) {
    const auto key = BlockKey::tdes(from_hex("0123456789ABCDEFFEDCBA9876543210"));
    const Bytes data = from_hex("0000000000000000 1111111111111111");
    const Bytes cbc = key.encrypt_cbc(data);
    ASSERT_EQ(cbc.size(), 16u);
    const Bytes c1 = key.encrypt_ecb(Bytes(data.begin(), data.begin() + 8));
    EXPECT_EQ(Bytes(cbc.begin(), cbc.begin() + 8), c1);
    Bytes x(8);
    for (int i = 0; i < 8; ++i) x[i] = c1[i] ^ 0x11;
    EXPECT_EQ(Bytes(cbc.begin() + 8, cbc.end()), key.encrypt_ecb(x));
}

TEST(BlockCipher, EmptyDataGivesEmptyOutput) {
    const auto key = BlockKey::tdes(from_hex("0123456789ABCDEF"));
    EXPECT_TRUE(key.encrypt_ecb({}).empty());
    EXPECT_TRUE(key.encrypt_cbc({}).empty());
}

TEST(BlockCipher, RejectsWrongKeyLengths) {
    for (std::size_t n : {0u, 7u, 9u, 15u, 17u, 23u, 25u, 32u})
        EXPECT_THROW(BlockKey::tdes(Bytes(n, 1)), CryptoError) << n;
    for (std::size_t n : {0u, 8u, 15u, 17u, 24u, 32u}) EXPECT_THROW(BlockKey::sm4(Bytes(n, 1)), CryptoError) << n;
    try {
        BlockKey::sm4(Bytes(8, 1));
        FAIL() << "no throw";
    } catch (const CryptoError& e) {
        EXPECT_NE(std::string(e.what()).find("SM4 key must be 16 bytes, got 8"), std::string::npos) << e.what();
    }
}

TEST(BlockCipher, RejectsPartialBlocks) {
    const auto des = BlockKey::tdes(from_hex("0123456789ABCDEF"));
    EXPECT_THROW(des.encrypt_ecb(Bytes(7)), CryptoError);
    EXPECT_THROW(des.decrypt_ecb(Bytes(9)), CryptoError);
    EXPECT_THROW(des.encrypt_cbc(Bytes(12)), CryptoError);
    const auto sm4 = BlockKey::sm4(from_hex("0123456789ABCDEFFEDCBA9876543210"));
    EXPECT_THROW(sm4.encrypt_ecb(Bytes(8)), CryptoError);  // a DES-sized block is half an SM4 block
    try {
        sm4.encrypt_ecb(Bytes(8));
    } catch (const CryptoError& e) {
        EXPECT_NE(std::string(e.what()).find("not a multiple of the 16-byte sm4 block"), std::string::npos) << e.what();
    }
}

TEST(BlockCipher, FamilyNames) {
    EXPECT_EQ(parse_cipher_family("3des"), CipherFamily::Tdes);
    EXPECT_EQ(parse_cipher_family("tdes"), CipherFamily::Tdes);
    EXPECT_EQ(parse_cipher_family("des"), CipherFamily::Tdes);
    EXPECT_EQ(parse_cipher_family("SM4"), CipherFamily::Sm4);
    EXPECT_THROW(parse_cipher_family("aes"), CryptoError);
    EXPECT_EQ(to_string(CipherFamily::Tdes), "3des");
    EXPECT_EQ(to_string(CipherFamily::Sm4), "sm4");
    const auto k = BlockKey::make(CipherFamily::Sm4, Bytes(16, 7));
    EXPECT_EQ(k.family(), CipherFamily::Sm4);
    EXPECT_EQ(k.block_size(), 16u);
}

}  // namespace
}  // namespace atmbench::crypto
