// Every malformed reply the host can send must really be malformed for a correct decoder, and every mutated
// reply must differ from its request in exactly the field the rule names.
#include "host_fixture.hpp"

#include "atmbench/host/reply_faults.hpp"
#include "atmbench/host/response_rule.hpp"

#include <yaml-cpp/yaml.h>
#include "atmbench/host/terminal_link.hpp"

namespace atmbench::host::test {

namespace {

// Decodes a frame as a terminal would; returns "" when it decodes to a complete message, else why not.
std::string terminal_view(const Bytes& frame, const iso8583::Codec& codec, const iso8583::Framer& framer) {
    try {
        auto len = framer.payload_length(ByteView(frame));
        if (!len) return "no length";
        if (frame.size() != framer.header_size() + *len) return "length header disagrees with the bytes";
        iso8583::Message m;
        codec.decode_payload(ByteView(frame).subspan(framer.header_size()), m);
        return "";
    } catch (const iso8583::DecodeError& e) {
        return e.what();
    }
}

}  // namespace

class MalformedReplies : public HostFixture, public ::testing::WithParamInterface<std::tuple<std::string, Malformation>> {};

TEST_P(MalformedReplies, AreNotDecodableByACorrectTerminal) {
    auto [profile_name, malformation] = GetParam();
    iso8583::Profile p = iso8583::Profile::load(fixtures() / ("iso8583/" + profile_name + ".json"));
    iso8583::Codec c(p);
    iso8583::Framer framer(p.framing);
    iso8583::Message reply;
    reply.mti = "0210";
    reply.set(2, "6222020000000000018");
    reply.set(3, "010000");
    reply.set(4, "000000030000");
    reply.set(11, "000123");
    reply.set(37, "000000000001");
    reply.set(39, "00");
    reply.set(41, "ATM00001");
    reply.set(64, std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
    Bytes payload = c.encode_payload(reply);
    std::mt19937_64 rng(7);
    Bytes good = malformed_frame(Malformation::None, payload, c, framer, rng);
    ASSERT_EQ(terminal_view(good, c, framer), "");
    Bytes bad = malformed_frame(malformation, payload, c, framer, rng);
    EXPECT_NE(bad, good);
    EXPECT_NE(terminal_view(bad, c, framer), "") << to_string(malformation) << " decoded cleanly on " << profile_name;
}

INSTANTIATE_TEST_SUITE_P(
    BothProfiles, MalformedReplies,
    ::testing::Combine(::testing::Values("cup-atm", "ascii-1987"),
                       ::testing::Values(Malformation::Truncated, Malformation::WrongLengthHeader,
                                         Malformation::BitWithoutField, Malformation::FieldWithoutBit,
                                         Malformation::WrongFieldLength, Malformation::NonNumeric,
                                         Malformation::Garbage)),
    [](const auto& info) {
        std::string n = std::get<0>(info.param) + "_" + to_string(std::get<1>(info.param));
        for (auto& ch : n)
            if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
        return n;
    });

TEST_F(HostFixture, GarbageIsReproducibleFromTheSeed) {
    iso8583::Framer framer(profile.framing);
    iso8583::Message reply;
    reply.mti = "0810";
    reply.set(11, "000001");
    reply.set(39, "00");
    reply.set(41, "ATM00001");
    Bytes payload = codec.encode_payload(reply);
    std::mt19937_64 a(42), b(42);
    EXPECT_EQ(malformed_frame(Malformation::Garbage, payload, codec, framer, a),
              malformed_frame(Malformation::Garbage, payload, codec, framer, b));
}

TEST_F(HostFixture, EachMutationBreaksExactlyTheNamedMatchField) {
    sign_on();
    iso8583::Message req = financial("01", kPan, kPin, 30000);
    Outcome o = send(req);
    ASSERT_EQ(reply_mismatch(req, *o.reply), "");
    const std::pair<KeyField, std::string> cases[] = {
        {KeyField::Mti, "MTI"},
        {KeyField::ProcessingCode, "processing code (F3)"},
        {KeyField::Stan, "STAN (F11)"},
        {KeyField::Pan, "PAN (F2)"},
        {KeyField::Amount, "amount (F4)"},
        {KeyField::TerminalId, "terminal id (F41)"},
    };
    for (const auto& [field, words] : cases) {
        iso8583::Message r = *o.reply;
        EXPECT_FALSE(mutate_key_field(r, field).empty());
        EXPECT_EQ(reply_mismatch(req, r).rfind(words, 0), 0u) << reply_mismatch(req, r);
    }
}

TEST_F(HostFixture, CorruptedMacNoLongerVerifies) {
    sign_on();
    Outcome o = send(financial("31", kPan, kPin, 0));
    iso8583::Message r = *o.reply;
    ASSERT_TRUE(corrupt_mac(r));
    Bytes body;
    codec.encode_body(r, body);
    EXPECT_EQ(verify_message(ByteView(body), r, codec, crypto::MacAlgorithm::CupEcb, *mak), MacCheck::Invalid);
}

// no_mac: the reply goes out without its MAC field; the terminal's check reports it missing, not valid.
TEST_F(HostFixture, DroppedMacIsMissing) {
    sign_on();
    Outcome o = send(financial("31", kPan, kPin, 0));
    iso8583::Message r = *o.reply;
    ASSERT_TRUE(drop_mac(r));
    EXPECT_FALSE(drop_mac(r));  // nothing left to drop
    Bytes body;
    codec.encode_body(r, body);
    EXPECT_EQ(verify_message(ByteView(body), r, codec, crypto::MacAlgorithm::CupEcb, *mak), MacCheck::Missing);
}

// The rule key parses, and cannot be combined with a corrupted MAC.
TEST(ResponseRuleNoMac, ParsesAndRefusesBadMacTogether) {
    EXPECT_TRUE(parse_rules(YAML::Load("rules:\n  - {when: {mti: \"0400\"}, no_mac: true}\n"), "t.yaml").rules.front().no_mac);
    EXPECT_THROW(parse_rules(YAML::Load("rules:\n  - {when: {mti: \"0400\"}, no_mac: true, bad_mac: true}\n"), "t.yaml"), std::exception);
}

}  // namespace atmbench::host::test
