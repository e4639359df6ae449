// The bench's codec against the golden vectors (tests/unit/vectors/<profile>.yaml): bytes packed by hand from the
// specification text, the same ones the reference terminal's codec is held to.
#include "../vectors/golden_vectors.hpp"
#include "atmbench/iso8583/framing.hpp"
#include "test_support.hpp"

#include <set>

namespace atmbench::iso8583::test {
namespace {

Message message_of(const Profile& p, const vectors::MessageVector& v) {
    Message m;
    m.mti = v.mti;
    for (const auto& [n, value] : v.fields) {
        const FieldSpec* spec = p.field(n);
        if (!spec) throw std::runtime_error(v.name + ": the profile has no field " + std::to_string(n));
        m.set(n, spec->type == DataType::Binary ? raw(value) : value);
    }
    return m;
}

TEST(GoldenVectors, EveryShippedProfileHasVectors) {
    std::set<std::string> covered;
    for (const auto& p : vectors::profile_vectors()) covered.insert(p.profile);
    for (const auto& e : std::filesystem::directory_iterator(ATMBENCH_FIXTURES_DIR "/iso8583"))
        if (e.path().extension() == ".json") {
            EXPECT_TRUE(covered.count(e.path().stem().string())) << e.path() << " has no tests/unit/vectors/" << e.path().stem().string() << ".yaml";
        }
}

TEST(GoldenVectors, TheBenchCodecPacksAndUnpacksEveryOne) {
    std::size_t checked = 0;
    for (const auto& pv : vectors::profile_vectors()) {
        const Profile profile = Profile::load(ATMBENCH_FIXTURES_DIR "/iso8583/" + pv.profile + ".json");
        const Codec codec(profile);
        for (const auto& v : pv.vectors) {
            SCOPED_TRACE(pv.profile + ": " + v.name);
            const Message m = message_of(profile, v);
            Bytes body;
            codec.encode_body(m, body);
            EXPECT_EQ(to_hex(body), v.hex);
            Message back;
            codec.decode_body(ByteView(from_hex(v.hex)), back);
            EXPECT_EQ(back.mti, m.mti);
            EXPECT_EQ(back.fields(), m.fields());
            if (!v.frame_head.empty()) {
                const Framer framer(profile.framing);
                EXPECT_EQ(to_hex(framer.frame(ByteView(codec.encode_payload(m)))), v.frame_head + v.hex);
            }
            ++checked;
        }
    }
    EXPECT_GE(checked, 10u);
}

}  // namespace
}  // namespace atmbench::iso8583::test
