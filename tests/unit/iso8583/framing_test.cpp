// Length headers (every kind, inclusive and exclusive), TPDU + static header, and whole frames through profiles
// that use each framing.
#include "test_support.hpp"

#include "atmbench/iso8583/framing.hpp"

#include <gtest/gtest.h>

namespace atmbench::iso8583 {
namespace {

struct HeaderCase {
    LengthHeader kind;
    bool inclusive;
    std::size_t payload;
    const char* header_hex;
};

class LengthHeaders : public ::testing::TestWithParam<HeaderCase> {};

void PrintTo(const HeaderCase& c, std::ostream* os) {
    *os << to_string(c.kind) << (c.inclusive ? " inclusive " : " exclusive ") << c.payload;
}

TEST_P(LengthHeaders, WritesAndReadsBack) {
    const HeaderCase& c = GetParam();
    const Framer f(c.kind, c.inclusive);
    Bytes header;
    f.write_header(c.payload, header);
    EXPECT_EQ(to_hex(header), c.header_hex);
    EXPECT_EQ(header.size(), f.header_size());

    Bytes stream = header;
    stream.resize(header.size() + c.payload, 0x11);
    if (c.kind != LengthHeader::None) stream.push_back(0x99);  // start of the next frame must not matter
    EXPECT_EQ(f.payload_length(stream), std::optional<std::size_t>(c.payload));
    // Fewer bytes than the header: wait for more.
    if (f.header_size() > 0) {
        EXPECT_EQ(f.payload_length(ByteView(stream).first(f.header_size() - 1)), std::nullopt);
    }
}

INSTANTIATE_TEST_SUITE_P(
    All, LengthHeaders,
    ::testing::Values(HeaderCase{LengthHeader::Binary2, false, 123, "007B"},
                      HeaderCase{LengthHeader::Binary2, true, 123, "007D"},
                      HeaderCase{LengthHeader::Binary2, false, 300, "012C"},
                      HeaderCase{LengthHeader::Bcd2, false, 115, "0115"},
                      HeaderCase{LengthHeader::Bcd2, true, 115, "0117"},
                      HeaderCase{LengthHeader::Ascii4, false, 115, "30313135"},
                      HeaderCase{LengthHeader::Ascii4, true, 115, "30313139"},
                      HeaderCase{LengthHeader::Binary4, false, 70000, "00011170"},
                      HeaderCase{LengthHeader::Binary4, true, 115, "00000077"},
                      HeaderCase{LengthHeader::None, false, 9, ""}));

TEST(Framer, NoneTakesWhateverIsBuffered) {
    const Framer f(LengthHeader::None, false);
    EXPECT_EQ(f.header_size(), 0u);
    EXPECT_EQ(f.payload_length(ByteView()), std::nullopt);
    const Bytes b = from_hex("0800AB");
    EXPECT_EQ(f.payload_length(b), std::optional<std::size_t>(3));
    EXPECT_EQ(f.frame(b), b);
}

TEST(Framer, MaxPayload) {
    EXPECT_EQ(Framer(LengthHeader::Binary2, false).max_payload(), 65535u);
    EXPECT_EQ(Framer(LengthHeader::Binary2, true).max_payload(), 65533u);
    EXPECT_EQ(Framer(LengthHeader::Bcd2, false).max_payload(), 9999u);
    EXPECT_EQ(Framer(LengthHeader::Ascii4, true).max_payload(), 9995u);
    EXPECT_EQ(Framer(LengthHeader::Binary4, false).max_payload(), 0xFFFFFFFFu);
}

TEST(Framer, PayloadTooLargeForHeader) {
    Bytes out;
    EXPECT_THROW(Framer(LengthHeader::Bcd2, false).write_header(10000, out), EncodeError);
    EXPECT_THROW(Framer(LengthHeader::Binary2, true).write_header(65534, out), EncodeError);
    EXPECT_NO_THROW(Framer(LengthHeader::Binary2, true).write_header(65533, out));
}

void expect_bad_header(const Framer& f, const std::string& hex, const std::string& part) {
    try {
        f.payload_length(from_hex(hex));
        ADD_FAILURE() << hex << " accepted";
    } catch (const DecodeError& e) {
        EXPECT_EQ(e.field(), -1);
        EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
}

TEST(Framer, InvalidHeadersThrow) {
    expect_bad_header(Framer(LengthHeader::Bcd2, false), "0A15", "bytes 0A 15");
    expect_bad_header(Framer(LengthHeader::Ascii4, false), "3031783135", "ascii4 length header");
    expect_bad_header(Framer(LengthHeader::Ascii4, false), "20313135", "bytes 20 31 31 35");
    expect_bad_header(Framer(LengthHeader::Binary2, false), "0000", "non-zero");
    expect_bad_header(Framer(LengthHeader::Binary2, true), "0002", "greater than the header");
    expect_bad_header(Framer(LengthHeader::Binary2, true), "0001", "greater than the header");
    expect_bad_header(Framer(LengthHeader::Binary4, true), "00000003", "greater than the header");
}

TEST(Framer, FromProfileFraming) {
    const Framer f(test::cup().framing);
    EXPECT_EQ(f.kind(), LengthHeader::Binary2);
    EXPECT_FALSE(f.inclusive());
}

TEST(Framer, LengthHeaderNames) {
    for (auto h : {LengthHeader::None, LengthHeader::Binary2, LengthHeader::Bcd2, LengthHeader::Ascii4,
                   LengthHeader::Binary4})
        EXPECT_EQ(parse_length_header(to_string(h)), h);
    try {
        parse_length_header("bin2");
        ADD_FAILURE();
    } catch (const ProfileError& e) {
        EXPECT_NE(std::string(e.what()).find("none, binary2, bcd2, ascii4, binary4"), std::string::npos);
    }
}

// ---- whole frames through profiles with each framing --------------------------------------------------------

Profile framed_profile(const std::string& framing) {
    return test::inline_profile(R"("11":{"name":"stan","type":"n","length":6,"encoding":"bcd"})",
                                R"("mti_encoding":"bcd","framing":)" + framing + ",");
}

std::string frame_hex(const Profile& p, Message m) {
    const Bytes payload = Codec(p).encode_payload(m);
    const Framer framer(p.framing);
    const Bytes frame = framer.frame(payload);
    // And back: header says how long, the payload decodes to the same message.
    const auto n = framer.payload_length(frame);
    EXPECT_TRUE(n.has_value());
    Message back;
    Codec(p).decode_payload(ByteView(frame).subspan(framer.header_size(), *n), back);
    EXPECT_EQ(back.fields(), m.fields());
    return to_hex(frame);
}

Message stan_only() {
    Message m;
    m.mti = "0800";
    m.set(11, "000042");
    return m;
}

// Body: MTI 0800 (BCD) + bitmap with bit 11 + STAN = 2 + 8 + 3 = 13 bytes.
const std::string kBody = "0800" "0020000000000000" "000042";

TEST(ProfileFraming, Bcd2InclusiveWithTpduAndHeader) {
    const Profile p = framed_profile(R"({"length_header":"bcd2","length_inclusive":true,"tpdu":true,
        "default_tpdu":"6000120034","header_length":2,"default_header":"4142"})");
    // 5 + 2 + 13 = 20 payload, +2 inclusive = 22 -> BCD 0022.
    EXPECT_EQ(frame_hex(p, stan_only()), "0022" "6000120034" "4142" + kBody);
}

TEST(ProfileFraming, Ascii4Exclusive) {
    const Profile p = framed_profile(R"({"length_header":"ascii4"})");
    EXPECT_EQ(frame_hex(p, stan_only()), to_hex(std::string("0013")) + kBody);
}

TEST(ProfileFraming, Binary4Inclusive) {
    const Profile p = framed_profile(R"({"length_header":"binary4","length_inclusive":true})");
    EXPECT_EQ(frame_hex(p, stan_only()), "00000011" + kBody);
}

TEST(ProfileFraming, NoneWithTpdu) {
    const Profile p = framed_profile(R"({"length_header":"none","tpdu":true,"default_tpdu":"6000000000"})");
    EXPECT_EQ(frame_hex(p, stan_only()), "6000000000" + kBody);
}

TEST(ProfileFraming, FramingIsAValueTheHostCanOverride) {
    Profile p = test::ascii87();
    p.framing.length_header = LengthHeader::Binary4;
    Message m;
    m.mti = "0800";
    m.set(70, "301");
    const Bytes frame = Framer(p.framing).frame(Codec(p).encode_payload(m));
    EXPECT_EQ(to_hex(frame).substr(0, 8), "00000027");  // 4 + 32 + 3 = 39
}

// ---- TPDU and static header ---------------------------------------------------------------------------------

TEST(Envelope, MessageTpduAndHeaderWinOverDefaults) {
    Message m = stan_only();
    m.tpdu = from_hex("6000990001");
    m.header = from_hex("612200000000");
    const Bytes payload = Codec(test::cup()).encode_payload(m);
    EXPECT_EQ(to_hex(payload).substr(0, 22), "6000990001612200000000");
    Message back;
    Codec(test::cup()).decode_payload(payload, back);
    EXPECT_EQ(back, m);
    EXPECT_EQ(Codec(test::cup()).envelope_length(), 11u);
    EXPECT_EQ(Codec(test::ascii87()).envelope_length(), 0u);
}

TEST(Envelope, SwapTpduExchangesDestinationAndSource) {
    EXPECT_EQ(swap_tpdu(from_hex("6000120034")), from_hex("6000340012"));
    EXPECT_EQ(swap_tpdu(swap_tpdu(from_hex("6012345678"))), from_hex("6012345678"));
    EXPECT_EQ(swap_tpdu(from_hex("60")), from_hex("60"));  // not a TPDU: left alone
}

TEST(Envelope, ShortPayloadIsAFrameError) {
    const Codec codec(test::cup());
    Message m;
    for (const char* hex : {"", "60", "60000100", "6000010000", "600001000060310000"}) {
        try {
            codec.decode_payload(from_hex(hex), m);
            ADD_FAILURE() << hex;
        } catch (const DecodeError& e) {
            EXPECT_EQ(e.field(), -1) << hex << ": " << e.what();
        }
    }
}

TEST(Envelope, BodyErrorOffsetsCountFromPayloadStart) {
    Bytes payload = from_hex(test::kCup0200Payload);
    payload[11 + 10 + 3] = 0x0A;  // F2 data: a nibble A
    Message m;
    try {
        Codec(test::cup()).decode_payload(payload, m);
        ADD_FAILURE();
    } catch (const DecodeError& e) {
        EXPECT_EQ(e.field(), 2);
        EXPECT_EQ(e.offset(), 24u);
    }
}

}  // namespace
}  // namespace atmbench::iso8583
