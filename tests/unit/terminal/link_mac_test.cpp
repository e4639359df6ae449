// The reference terminal's own MACs and key handling: tests/unit/vectors/mac.yaml (docs/references.md [ISO8583] §3.2)
// and an F62 built by hand from the §1.7 layout.
#include "../vectors/golden_vectors.hpp"
#include "atmbench/terminal/link_mac.hpp"

#include <gtest/gtest.h>

namespace atmbench::terminal {
namespace {

TEST(TerminalMac, ComputesEveryVector) {
    const auto all = vectors::mac_vectors();
    ASSERT_GE(all.size(), 8u);
    for (const auto& v : all) {
        SCOPED_TRACE(v.name);
        const CipherKey key(v.cipher == "sm4" ? CipherFamily::Sm4 : CipherFamily::Tdes, from_hex(v.key));
        EXPECT_EQ(to_hex(ByteView(link_mac(mac_algorithm_named(v.alg), key, ByteView(from_hex(v.data_hex))))), v.mac);
    }
}

TEST(TerminalMac, RefusesAKeyTheAlgorithmCannotUse) {
    const CipherKey double_length(CipherFamily::Tdes, from_hex("0123456789ABCDEFFEDCBA9876543210"));
    EXPECT_THROW(link_mac(MacAlgorithm::X9_9, double_length, ByteView()), KeyError);
    EXPECT_THROW(link_mac(MacAlgorithm::Sm4Cbc, double_length, ByteView()), KeyError);
    EXPECT_THROW(mac_algorithm_named("md5"), KeyError);
    EXPECT_THROW(CipherKey(CipherFamily::Sm4, from_hex("0123")), KeyError);
}

// The TMK's KCV as the terminal configuration carries it (fixtures/terminals/reference-config.yaml: 08D7B4), and
// the X9.19 zero-block vector of §3.2 is the same computation (08D7B4FB629D0885).
TEST(TerminalKeys, CheckValueOfTheTestMasterKey) {
    const CipherKey tmk(CipherFamily::Tdes, from_hex("0123456789ABCDEFFEDCBA9876543210"));
    EXPECT_EQ(to_hex(ByteView(check_value(tmk, 3))), "08D7B4");
}

// F62 (§1.7): PIK then MAK, each under the TMK (ECB) and followed by the first 4 bytes of its KCV.
TEST(TerminalKeys, UnwrapsTheWorkingKeysOfASignOnReply) {
    const CipherKey tmk(CipherFamily::Tdes, from_hex("0123456789ABCDEFFEDCBA9876543210"));
    const Bytes pik = from_hex("11111111111111112222222222222222"), mak = from_hex("33333333333333334444444444444444");
    Bytes f62;
    for (const Bytes& k : {pik, mak}) {
        const Bytes wrapped = tmk.encrypt_ecb(ByteView(k));
        const Bytes kcv = check_value(CipherKey(CipherFamily::Tdes, k), 4);
        f62.insert(f62.end(), wrapped.begin(), wrapped.end());
        f62.insert(f62.end(), kcv.begin(), kcv.end());
    }
    const SessionKeys keys = unwrap_session_keys(tmk, ByteView(f62), false);
    EXPECT_EQ(keys.pik, pik);
    EXPECT_EQ(keys.mak, mak);
    f62[39] ^= 1;  // the MAK's KCV
    try {
        unwrap_session_keys(tmk, ByteView(f62), false);
        FAIL() << "a wrong KCV was accepted";
    } catch (const KeyError& e) {
        EXPECT_NE(std::string(e.what()).find("KCV of the MAK does not match"), std::string::npos) << e.what();
    }
    EXPECT_THROW(unwrap_session_keys(tmk, ByteView(f62).first(39), false), KeyError);
}

}  // namespace
}  // namespace atmbench::terminal
