// The bench's MACs against tests/unit/vectors/mac.yaml (docs/references.md [ISO8583] §3.2), the same vectors the
// reference terminal's own MAC code is held to.
#include "../vectors/golden_vectors.hpp"
#include "atmbench/crypto/mac.hpp"

#include <gtest/gtest.h>

namespace atmbench::crypto {
namespace {

TEST(MacVectors, TheBenchComputesEveryOne) {
    const auto all = vectors::mac_vectors();
    ASSERT_GE(all.size(), 8u);
    for (const auto& v : all) {
        SCOPED_TRACE(v.name);
        const BlockKey key = BlockKey::make(parse_cipher_family(v.cipher), from_hex(v.key));
        EXPECT_EQ(to_hex(link_mac(parse_mac_algorithm(v.alg), key, ByteView(from_hex(v.data_hex)))), v.mac);
    }
}

}  // namespace
}  // namespace atmbench::crypto
