// KCVs, key wrapping and the F62 working-key block (docs/references.md [ISO8583] §1.7).
#include "atmbench/crypto/working_keys.hpp"

#include <gtest/gtest.h>

namespace atmbench::crypto {
namespace {

const BlockKey kTmk3des = BlockKey::tdes(from_hex("0123456789ABCDEFFEDCBA9876543210"));
const BlockKey kTmkSm4 = BlockKey::sm4(from_hex("0123456789ABCDEFFEDCBA9876543210"));

// Independent values from the OpenSSL command line:
//   printf '\0\0\0\0\0\0\0\0' | openssl enc -des-ede -K 0123456789ABCDEFFEDCBA9876543210 -nopad | xxd -p
//     -> 08d7b4fb629d0885
//   printf '\0...(16)' | openssl enc -sm4-ecb -K 0123456789ABCDEFFEDCBA9876543210 -nopad | xxd -p
//     -> 2677f46b09c122cc975533105bd4a22a
TEST(WorkingKeys, KcvOfKnownKeys) {
    EXPECT_EQ(to_hex(key_check_value(kTmk3des)), "08D7B4");
    EXPECT_EQ(to_hex(key_check_value(kTmk3des, 4)), "08D7B4FB");
    EXPECT_EQ(to_hex(key_check_value(kTmk3des, 8)), "08D7B4FB629D0885");
    EXPECT_EQ(to_hex(key_check_value(kTmkSm4)), "2677F4");
    EXPECT_EQ(to_hex(key_check_value(kTmkSm4, 16)), "2677F46B09C122CC975533105BD4A22A");
    EXPECT_THROW(key_check_value(kTmk3des, 0), CryptoError);
    EXPECT_THROW(key_check_value(kTmk3des, 9), CryptoError);
}

TEST(WorkingKeys, WrapUnwrap) {
    const Bytes clear = from_hex("11111111111111112222222222222222");
    const Bytes wrapped = wrap_key(kTmk3des, clear);
    // Independent value: Python `cryptography` TripleDES-ECB of the clear key under the TMK.
    EXPECT_EQ(to_hex(wrapped), "9B3A7B883A100F73B4ABA2BB791C50E7");
    EXPECT_EQ(unwrap_key(kTmk3des, wrapped), clear);

    const Bytes sm4_clear = from_hex("00112233445566778899AABBCCDDEEFF");
    const Bytes sm4_wrapped = wrap_key(kTmkSm4, sm4_clear);
    EXPECT_EQ(to_hex(sm4_wrapped), "09325C4853832DCB9337A5984F671B9A");
    EXPECT_EQ(unwrap_key(kTmkSm4, sm4_wrapped), sm4_clear);

    EXPECT_THROW(wrap_key(kTmk3des, Bytes{}), CryptoError);
    EXPECT_THROW(wrap_key(kTmk3des, Bytes(12)), CryptoError);
    EXPECT_THROW(wrap_key(kTmkSm4, Bytes(8)), CryptoError);
    EXPECT_THROW(unwrap_key(kTmkSm4, Bytes(24)), CryptoError);
}

// 60.3 = 001: two single-length keys, 2 x (8 + 4) = 24 bytes.
TEST(WorkingKeys, F62SingleLength001) {
    WorkingKeys keys{from_hex("1111111111111111"), from_hex("2222222222222222"), std::nullopt};
    const Bytes f62 = build_f62(kTmk3des, keys);
    ASSERT_EQ(f62.size(), 24u);
    EXPECT_EQ(Bytes(f62.begin(), f62.begin() + 8), wrap_key(kTmk3des, keys.pik));
    EXPECT_EQ(Bytes(f62.begin() + 8, f62.begin() + 12), key_check_value(BlockKey::tdes(keys.pik), 4));
    const WorkingKeys back = parse_f62(kTmk3des, f62, false);
    EXPECT_EQ(back.pik, keys.pik);
    EXPECT_EQ(back.mak, keys.mak);
    EXPECT_FALSE(back.tdk.has_value());
}

// 60.3 = 003: two double-length keys, 2 x (16 + 4) = 40 bytes.
TEST(WorkingKeys, F62DoubleLength003) {
    WorkingKeys keys{from_hex("11111111111111112222222222222222"), from_hex("33333333333333334444444444444444"),
                     std::nullopt};
    const Bytes f62 = build_f62(kTmk3des, keys);
    ASSERT_EQ(f62.size(), 40u);
    EXPECT_EQ(to_hex(ByteView(f62).first(16)), "9B3A7B883A100F73B4ABA2BB791C50E7");
    // KCV of 1111..2222 (4 bytes), computed with Python `cryptography` TripleDES.
    EXPECT_EQ(to_hex(ByteView(f62).subspan(16, 4)), "D2B91CC5");
    const WorkingKeys back = parse_f62(kTmk3des, f62, false);
    EXPECT_EQ(back.pik, keys.pik);
    EXPECT_EQ(back.mak, keys.mak);
    EXPECT_FALSE(back.tdk.has_value());
}

// 60.3 = 004: PIK, MAK and TDK, 3 x 20 = 60 bytes.
TEST(WorkingKeys, F62WithTrackKey004) {
    WorkingKeys keys{from_hex("11111111111111112222222222222222"), from_hex("33333333333333334444444444444444"),
                     from_hex("55555555555555556666666666666666")};
    const Bytes f62 = build_f62(kTmk3des, keys);
    ASSERT_EQ(f62.size(), 60u);
    const WorkingKeys back = parse_f62(kTmk3des, f62, true);
    EXPECT_EQ(back.pik, keys.pik);
    EXPECT_EQ(back.mak, keys.mak);
    ASSERT_TRUE(back.tdk.has_value());
    EXPECT_EQ(*back.tdk, *keys.tdk);
    // Read as two keys, 60 bytes are 2 x 30 = 26-byte keys, which no DES key has.
    EXPECT_THROW(parse_f62(kTmk3des, f62, false), CryptoError);
}

TEST(WorkingKeys, F62Sm4) {
    WorkingKeys keys{from_hex("00112233445566778899AABBCCDDEEFF"), from_hex("FFEEDDCCBBAA99887766554433221100"),
                     std::nullopt};
    const Bytes f62 = build_f62(kTmkSm4, keys);
    ASSERT_EQ(f62.size(), 40u);
    EXPECT_EQ(to_hex(ByteView(f62).first(16)), "09325C4853832DCB9337A5984F671B9A");
    EXPECT_EQ(Bytes(f62.begin() + 16, f62.begin() + 20), key_check_value(BlockKey::sm4(keys.pik), 4));
    const WorkingKeys back = parse_f62(kTmkSm4, f62, false);
    EXPECT_EQ(back.pik, keys.pik);
    EXPECT_EQ(back.mak, keys.mak);
    // Single-length keys cannot be SM4 working keys.
    EXPECT_THROW(build_f62(kTmkSm4, WorkingKeys{Bytes(8, 1), Bytes(8, 2), std::nullopt}), CryptoError);
}

TEST(WorkingKeys, F62CorruptKcvNamesTheKey) {
    WorkingKeys keys{from_hex("11111111111111112222222222222222"), from_hex("33333333333333334444444444444444"),
                     from_hex("55555555555555556666666666666666")};
    const Bytes f62 = build_f62(kTmk3des, keys);
    const struct {
        std::size_t offset;
        const char* name;
    } cases[] = {{16, "PIK"}, {36 + 3, "MAK"}, {56 + 2, "TDK"}};
    for (const auto& c : cases) {
        Bytes bad = f62;
        bad[c.offset] ^= 0x80;
        try {
            parse_f62(kTmk3des, bad, true);
            ADD_FAILURE() << "corrupted " << c.name << " KCV accepted";
        } catch (const CryptoError& e) {
            EXPECT_NE(std::string(e.what()).find(std::string("KCV of ") + c.name), std::string::npos) << e.what();
        }
    }
    // A corrupted wrapped key fails its own KCV too.
    Bytes bad_key = f62;
    bad_key[20] ^= 0x01;  // first byte of the wrapped MAK
    EXPECT_THROW(parse_f62(kTmk3des, bad_key, true), CryptoError);
    // The wrong master key fails on the first key.
    try {
        parse_f62(BlockKey::tdes(from_hex("FEDCBA98765432100123456789ABCDEF")), f62, true);
        ADD_FAILURE() << "wrong TMK accepted";
    } catch (const CryptoError& e) {
        EXPECT_NE(std::string(e.what()).find("KCV of PIK"), std::string::npos) << e.what();
    }
}

TEST(WorkingKeys, F62BadLengths) {
    EXPECT_THROW(parse_f62(kTmk3des, Bytes(25), false), CryptoError);  // odd
    EXPECT_THROW(parse_f62(kTmk3des, Bytes(8), false), CryptoError);   // no room for a key
    EXPECT_THROW(parse_f62(kTmk3des, Bytes(40), true), CryptoError);   // 40 / 3
    EXPECT_THROW(parse_f62(kTmkSm4, Bytes(24), false), CryptoError);   // 8-byte keys under SM4
    EXPECT_THROW(parse_f62(kTmk3des, Bytes{}, false), CryptoError);
    // Keys of different lengths in one F62.
    EXPECT_THROW(build_f62(kTmk3des, WorkingKeys{Bytes(16, 1), Bytes(8, 2), std::nullopt}), CryptoError);
    EXPECT_THROW(build_f62(kTmk3des, WorkingKeys{Bytes(16, 1), Bytes(16, 2), Bytes(8, 3)}), CryptoError);
    EXPECT_THROW(build_f62(kTmk3des, WorkingKeys{Bytes(12, 1), Bytes(12, 2), std::nullopt}), CryptoError);
}

}  // namespace
}  // namespace atmbench::crypto
