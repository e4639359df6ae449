// The codec against bytes written by hand, every field kind × encoding, realistic round trips through both
// shipped profiles, and what the encoder refuses.
#include "test_support.hpp"

#include "atmbench/iso8583/codec.hpp"
#include "atmbench/iso8583/framing.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <vector>

namespace atmbench::iso8583 {
namespace {

using test::ascii87;
using test::cup;
using test::inline_profile;
using test::raw;

// ---- golden bytes ---------------------------------------------------------------------------------------------

TEST(CodecGolden, Cup0200BodyMatchesHandPackedHex) {
    Bytes out;
    Codec(cup()).encode_body(test::cup_0200(), out);
    EXPECT_EQ(to_hex(out), test::kCup0200Body);
}

TEST(CodecGolden, Cup0200PayloadAndFrame) {
    const Codec codec(cup());
    const Bytes payload = codec.encode_payload(test::cup_0200());
    EXPECT_EQ(to_hex(payload), test::kCup0200Payload);
    EXPECT_EQ(to_hex(Framer(cup().framing).frame(payload)), test::kCup0200Frame);
}

TEST(CodecGolden, Cup0200DecodesFromHandPackedHex) {
    const Bytes frame = from_hex(test::kCup0200Frame);
    const Framer framer(cup().framing);
    ASSERT_EQ(framer.payload_length(frame), std::optional<std::size_t>(123));
    Message m;
    Codec(cup()).decode_payload(ByteView(frame).subspan(2), m);
    EXPECT_EQ(m, test::cup_0200());
}

TEST(CodecGolden, Cup0200DefaultsFillTpduAndHeader) {
    Message m = test::cup_0200();
    m.tpdu.clear();
    m.header.clear();
    EXPECT_EQ(to_hex(Codec(cup()).encode_payload(m)), test::kCup0200Payload);
}

TEST(CodecGolden, Ascii1987NetworkMessageWithSecondaryBitmap) {
    Message m;
    m.mti = "0800";
    m.set(7, "0101120000");
    m.set(11, "000001");
    m.set(70, "001");
    Bytes out;
    Codec(ascii87()).encode_body(m, out);
    // bit 1 (secondary) + 7 + 11 -> 82 20 …; secondary: bit 70 -> 04 …; hex bitmaps in ASCII.
    EXPECT_EQ(atmbench::to_string(out), "0800" "8220000000000000" "0400000000000000" "0101120000" "000001" "001");
    Message back;
    Codec(ascii87()).decode_body(out, back);
    EXPECT_EQ(back, m);
}

TEST(CodecGolden, Ascii1987FinancialFieldsWithPrefixes) {
    Message m;
    m.mti = "0200";
    m.set(2, "4761739001010010");
    m.set(4, "000000001000");
    m.set(52, raw("0123456789ABCDEF"));
    Bytes out;
    Codec(ascii87()).encode_body(m, out);
    // 2,4 -> 0x50; 52 -> byte 7 bit 4 -> 0x10. LL "16", PIN block as 16 hex characters.
    EXPECT_EQ(atmbench::to_string(out), "0200" "5000000000001000" "164761739001010010" "000000001000" "0123456789ABCDEF");
}

// ---- every field kind × encoding ------------------------------------------------------------------------------

struct FieldCase {
    const char* label;
    const char* spec;   // JSON of field 2
    std::string value;  // Message value
    const char* wire;   // hex of prefix + data
    std::string decoded = {};  // when decoding gives a different (but equivalent) value; empty = value
};

class FieldKinds : public ::testing::TestWithParam<FieldCase> {};

TEST_P(FieldKinds, EncodesAndDecodes) {
    const FieldCase& c = GetParam();
    const Profile p = inline_profile(std::string(R"("2":)") + c.spec);
    Message m;
    m.mti = "0100";
    m.set(2, c.value);
    Bytes out;
    Codec(p).encode_body(m, out);
    // ASCII MTI (4) + binary bitmap (8) precede the field.
    EXPECT_EQ(to_hex(out).substr(24), c.wire) << c.label;
    Message back;
    std::vector<FieldSpan> spans;
    Codec(p).decode_body(out, back, &spans);
    EXPECT_EQ(back.at(2), c.decoded.empty() ? c.value : c.decoded) << c.label;
    ASSERT_EQ(spans.size(), 3u);
    EXPECT_EQ(spans[2].field, 2);
    EXPECT_EQ(spans[2].offset, 12u);
    EXPECT_EQ(spans[2].length, out.size() - 12);
}

const FieldCase kFieldCases[] = {
    {"fixed n ascii", R"({"name":"x","type":"n","length":6})", "123456", "313233343536"},
    {"fixed n bcd even", R"({"name":"x","type":"n","length":6,"encoding":"bcd"})", "123456", "123456"},
    {"fixed n bcd odd left", R"({"name":"x","type":"n","length":3,"encoding":"bcd"})", "123", "0123"},
    {"fixed n bcd odd right", R"({"name":"x","type":"n","length":3,"encoding":"bcd","pad":"right"})", "123",
     "1230"},
    {"fixed n ebcdic", R"({"name":"x","type":"n","length":4,"encoding":"ebcdic"})", "1234", "F1F2F3F4"},
    {"fixed an ascii", R"({"name":"x","type":"an","length":3})", "A1 ", "413120"},
    {"fixed ans ebcdic", R"({"name":"x","type":"ans","length":5,"encoding":"ebcdic"})", "Ab!z9", "C1825AA9F9"},
    {"fixed a ascii", R"({"name":"x","type":"a","length":2})", "OK", "4F4B"},
    {"fixed z bcd", R"({"name":"x","type":"z","length":4,"encoding":"bcd"})", "12=4", "12D4"},
    {"fixed z ascii", R"({"name":"x","type":"z","length":4})", "12=4", "31323D34"},
    {"fixed b binary", R"({"name":"x","type":"b","length":2})", raw("01FF"), "01FF"},
    {"fixed b hex", R"({"name":"x","type":"b","length":2,"encoding":"hex"})", raw("AB0F"), "41423046"},
    {"llvar n ascii", R"({"name":"x","kind":"llvar","type":"n","length":19})", "12345", "30353132333435"},
    {"llvar n ascii empty", R"({"name":"x","kind":"llvar","type":"n","length":19})", "", "3030"},
    {"llvar n bcd left", R"({"name":"x","kind":"llvar","type":"n","length":19,"encoding":"bcd"})", "12345",
     "05012345"},
    {"llvar n bcd right", R"({"name":"x","kind":"llvar","type":"n","length":19,"encoding":"bcd","pad":"right"})",
     "12345", "05123450"},
    {"llvar n bcd bytes unit even",
     R"({"name":"x","kind":"llvar","type":"n","length":19,"encoding":"bcd","length_unit":"bytes"})", "123456",
     "03123456"},
    {"llvar n bcd bytes unit odd keeps pad digit",
     R"({"name":"x","kind":"llvar","type":"n","length":19,"encoding":"bcd","length_unit":"bytes"})", "12345",
     "03012345", "012345"},
    {"llvar n bcd bytes unit at odd max drops pad",
     R"({"name":"x","kind":"llvar","type":"n","length":5,"encoding":"bcd","length_unit":"bytes"})", "12345",
     "03012345"},
    {"llvar n bcd binary prefix",
     R"({"name":"x","kind":"llvar","type":"n","length":40,"encoding":"bcd","length_encoding":"binary"})",
     "123456789012", "0C123456789012"},
    {"llvar n ebcdic", R"({"name":"x","kind":"llvar","type":"n","length":11,"encoding":"ebcdic"})", "123",
     "F0F3F1F2F3"},
    {"llvar z bcd", R"({"name":"x","kind":"llvar","type":"z","length":37,"encoding":"bcd"})", "1234=5678",
     "091234D5678F"},
    {"llvar z bcd bytes unit strips F",
     R"({"name":"x","kind":"llvar","type":"z","length":37,"encoding":"bcd","length_unit":"bytes"})", "1234=5678",
     "051234D5678F"},
    {"llvar z bcd left pad",
     R"({"name":"x","kind":"llvar","type":"z","length":37,"encoding":"bcd","pad":"left"})", "1=2", "03F1D2"},
    {"llvar z ascii", R"({"name":"x","kind":"llvar","type":"z","length":37})", "1234=5678",
     "3039313233343D35363738"},
    {"llvar ans ascii with bcd prefix",
     R"({"name":"x","kind":"llvar","type":"ans","length":28,"length_encoding":"bcd"})", "AB CD", "054142204344"},
    {"llvar ans ebcdic", R"({"name":"x","kind":"llvar","type":"ans","length":25,"encoding":"ebcdic"})", "Hi",
     "F0F2C889"},
    {"llvar b hex chars unit", R"({"name":"x","kind":"llvar","type":"b","length":16,"encoding":"hex"})",
     raw("ABCD"), "303241424344"},
    {"llvar b hex bytes unit",
     R"({"name":"x","kind":"llvar","type":"b","length":16,"encoding":"hex","length_unit":"bytes"})", raw("ABCD"),
     "303441424344"},
    {"llvar b binary", R"({"name":"x","kind":"llvar","type":"b","length":200})", raw("0102"), "020102"},
    {"lllvar n bcd", R"({"name":"x","kind":"lllvar","type":"n","length":17,"encoding":"bcd"})",
     "22000001000", "0011022000001000"},
    {"lllvar z bcd", R"({"name":"x","kind":"lllvar","type":"z","length":104,"encoding":"bcd"})", "1=2",
     "00031D2F"},
    {"lllvar ans ascii", R"({"name":"x","kind":"lllvar","type":"ans","length":999})", "abc", "303033616263"},
    {"lllvar ans ebcdic", R"({"name":"x","kind":"lllvar","type":"ans","length":999,"encoding":"ebcdic"})", "abc",
     "F0F0F3818283"},
    {"lllvar b binary prefix", R"({"name":"x","kind":"lllvar","type":"b","length":999})", raw("AABBCC"),
     "0003AABBCC"},
    {"lllvar b bcd prefix", R"({"name":"x","kind":"lllvar","type":"b","length":255,"length_encoding":"bcd"})",
     raw("AABBCC"), "0003AABBCC"},
    {"lllvar b ascii prefix", R"({"name":"x","kind":"lllvar","type":"b","length":255,"length_encoding":"ascii"})",
     raw("AABBCC"), "303033AABBCC"},
    {"lllvar b hex", R"({"name":"x","kind":"lllvar","type":"b","length":255,"encoding":"hex"})", raw("01"),
     "3030313031"},
};

INSTANTIATE_TEST_SUITE_P(AllKinds, FieldKinds, ::testing::ValuesIn(kFieldCases),
                         [](const auto& info) {
                             std::string n = info.param.label;
                             for (char& ch : n)
                                 if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                             return n;
                         });

TEST(FieldKinds, LllvarBinaryPrefixCarriesMoreThan255Bytes) {
    const Profile p = inline_profile(R"("55":{"name":"x","kind":"lllvar","type":"b","length":2000,
                                            "length_encoding":"binary"})");
    Message m;
    m.mti = "0100";
    m.set(55, std::string(300, '\x5A'));
    Bytes out;
    Codec(p).encode_body(m, out);
    EXPECT_EQ(to_hex(out).substr(24, 4), "012C");  // 300, big-endian
    Message back;
    Codec(p).decode_body(out, back);
    EXPECT_EQ(back, m);
}

TEST(FieldKinds, EbcdicMtiAndHexBitmap) {
    const Profile p = inline_profile(R"("3":{"name":"x","type":"n","length":6,"encoding":"ebcdic"})",
                                     R"("mti_encoding":"ebcdic","bitmap_encoding":"hex",)");
    Message m;
    m.mti = "0200";
    m.set(3, "310000");
    Bytes out;
    Codec(p).encode_body(m, out);
    EXPECT_EQ(to_hex(out), "F0F2F0F0" + to_hex(std::string("2000000000000000")) + "F3F1F0F0F0F0");
    Message back;
    Codec(p).decode_body(out, back);
    EXPECT_EQ(back, m);
}

TEST(FieldKinds, HexBitmapAcceptsLowerCaseOnDecode) {
    Message back;
    // Fields 12-15 -> second bitmap byte 0x1E, written "1e".
    Codec(ascii87()).decode_body(view_of("0800" "001e000000000000" "120000" "0101" "2512" "0102"), back);
    EXPECT_EQ(back.at(15), "0102");
}

// ---- realistic round trips --------------------------------------------------------------------------------------

Message msg_0210() {
    Message m = test::cup_0200();
    m.mti = "0210";
    m.erase(35);
    m.erase(52);
    m.erase(53);
    m.erase(26);
    m.set(37, "240101123456");
    m.set(38, "A1B2C3");
    m.set(39, "00");
    m.set(54, "1002156C000000123456");
    m.set(15, "0101");
    m.set(32, "01020000");
    return m;
}

Message msg_0800() {
    Message m;
    m.mti = "0800";
    m.set(11, "000001");
    m.set(41, "ATM00001");
    m.set(42, "123456789012345");
    m.set(60, "00000001003");
    m.set(63, "001");
    return m;
}

Message msg_0810() {
    Message m = msg_0800();
    m.mti = "0810";
    m.set(37, "240101000001");
    m.set(39, "00");
    m.set(62, raw("00112233445566778899AABBCCDDEEFF0011223300112233445566778899AABBCCDDEEFF00112233"));
    return m;
}

Message msg_0400() {
    Message m = test::cup_0200();
    m.mti = "0400";
    m.erase(52);
    m.erase(26);
    m.erase(64);
    m.set(39, "98");
    // 90.1 original MTI, 90.2 STAN, 90.3 transmission date-time, 90.4 acquirer id, 90.5 forwarder id.
    m.set(90, std::string("0200") + "000123" + "0101120000" + "00000001000" + "00000000000");
    m.set(128, raw("0102030405060708"));
    return m;
}

Message msg_0420() {
    Message m = msg_0400();
    m.mti = "0420";
    m.set(7, "0101120005");
    m.set(32, "12345678901");
    m.set(33, "1");
    m.set(55, raw("9F2608A1B2C3D4E5F6A7B89F2701809F101307010103A0A802010A010000000000A1B2C3D4"));
    m.set(102, "6222021234567890123");
    m.set(103, "ACCT-0002 X");
    m.set(100, "0100");
    m.set(48, "free text; with symbols #%&");
    m.set(44, "RESP 44");
    m.set(45, "B6222021234567890123^ZHANG/SAN^2512101");
    m.set(36, "996222021234567890123=1561560000000000000003000000214000025121=000000000=000000000000=");
    std::string location = "ATMBENCH TEST BRANCH 1";
    location.resize(32, ' ');
    m.set(43, location + "SHANGHAI");
    m.set(96, raw("1122334455667788"));
    m.set(70, "301");
    m.set(23, "001");
    m.set(14, "2512");
    m.set(13, "0101");
    m.set(12, "120005");
    return m;
}

using Builder = std::function<Message()>;

struct RoundTrip {
    const char* name;
    Builder build;
};

class RoundTrips : public ::testing::TestWithParam<RoundTrip> {};

void PrintTo(const RoundTrip& r, std::ostream* os) { *os << r.name; }
void PrintTo(const FieldCase& c, std::ostream* os) { *os << c.label; }

void check_round_trip(const Profile& p, Message m) {
    m.tpdu.clear();  // the envelope comes from the profile's defaults
    m.header.clear();
    const Codec codec(p);
    const Bytes payload = codec.encode_payload(m);
    Message back;
    std::vector<FieldSpan> spans;
    codec.decode_payload(payload, back, &spans);
    EXPECT_EQ(back.mti, m.mti);
    EXPECT_EQ(back.fields(), m.fields());
    EXPECT_EQ(back.tpdu, p.framing.tpdu ? p.framing.default_tpdu : Bytes{});
    EXPECT_EQ(codec.encode_payload(back), payload);
    // Spans tile the body: MTI, bitmap, then each field in order, without gaps.
    ASSERT_EQ(spans.size(), m.fields().size() + 2);
    std::size_t at = codec.envelope_length();
    for (const auto& s : spans) {
        EXPECT_EQ(s.offset, at);
        at += s.length;
    }
    EXPECT_EQ(at, payload.size());
}

TEST_P(RoundTrips, CupAtm) { check_round_trip(cup(), GetParam().build()); }
TEST_P(RoundTrips, Ascii1987) { check_round_trip(ascii87(), GetParam().build()); }

INSTANTIATE_TEST_SUITE_P(Messages, RoundTrips,
                         ::testing::Values(RoundTrip{"m0200", test::cup_0200}, RoundTrip{"m0210", msg_0210},
                                           RoundTrip{"m0800", msg_0800}, RoundTrip{"m0810", msg_0810},
                                           RoundTrip{"m0400", msg_0400}, RoundTrip{"m0420", msg_0420}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(RoundTrips, SecondaryBitmapOnlyWhenNeeded) {
    Bytes out;
    Codec(cup()).encode_body(msg_0400(), out);
    EXPECT_EQ(out[2] & 0x80, 0x80);  // bit 1
    out.clear();
    Codec(cup()).encode_body(test::cup_0200(), out);
    EXPECT_EQ(out[2] & 0x80, 0x00);
}

TEST(RoundTrips, DecodeIntoReusedMessageKeepsEnvelopeAndReplacesFields) {
    const Codec codec(cup());
    Bytes a, b;
    codec.encode_body(msg_0420(), a);
    codec.encode_body(msg_0800(), b);
    Message m;
    m.tpdu = from_hex("6000000001");
    codec.decode_body(a, m);
    codec.decode_body(b, m);
    EXPECT_EQ(m.mti, "0800");
    EXPECT_EQ(m.fields(), msg_0800().fields());
    EXPECT_EQ(m.tpdu, from_hex("6000000001"));
}

// ---- encoder rejections -----------------------------------------------------------------------------------------

void expect_encode_error(const Profile& p, const Message& m, int field, const std::string& expected_part) {
    Bytes out;
    try {
        Codec(p).encode_body(m, out);
        ADD_FAILURE() << "no EncodeError for field " << field;
    } catch (const EncodeError& e) {
        EXPECT_EQ(e.field(), field) << e.what();
        EXPECT_NE(std::string(e.what()).find(expected_part), std::string::npos) << e.what();
    }
}

Message with(int field, std::string value, std::string mti = "0200") {
    Message m;
    m.mti = std::move(mti);
    m.set(field, std::move(value));
    return m;
}

TEST(EncodeErrors, FieldNotInProfile) { expect_encode_error(cup(), with(5, "000000000001"), 5, "defines"); }
TEST(EncodeErrors, VariableValueTooLong) {
    expect_encode_error(cup(), with(2, "62220212345678901234"), 2, "at most 19 digits, found 20");
}
TEST(EncodeErrors, FixedNumericShortIsNotPadded) {
    expect_encode_error(cup(), with(4, "100"), 4, "exactly 12 digits, found 3");
    expect_encode_error(ascii87(), with(11, "1"), 11, "exactly 6 digits");
}
TEST(EncodeErrors, FixedTextWrongLength) { expect_encode_error(cup(), with(41, "ATM1"), 41, "exactly 8 characters"); }
TEST(EncodeErrors, FixedBinaryWrongLength) { expect_encode_error(cup(), with(52, raw("0102")), 52, "exactly 8 bytes"); }
TEST(EncodeErrors, NumericWithLetter) { expect_encode_error(cup(), with(3, "31000A"), 3, "'A' at position 5"); }
TEST(EncodeErrors, TrackWithLetterD) {
    expect_encode_error(cup(), with(35, "6222D2512"), 35, "a digit or '='");
}
TEST(EncodeErrors, TextWithControlOrHighBytes) {
    expect_encode_error(cup(), with(39, "0\n"), 39, "byte 0x0A");
    expect_encode_error(ascii87(), with(44, "caf\xC3\xA9"), 44, "printable ASCII");
}
TEST(EncodeErrors, BadMti) {
    expect_encode_error(cup(), with(3, "310000", "200"), 0, "MTI of 4 digits");
    expect_encode_error(cup(), with(3, "310000", "02A0"), 0, "\"02A0\"");
}
TEST(EncodeErrors, CompositeLongerThanMax) {
    expect_encode_error(cup(), with(60, "220000010000000000"), 60, "at most 17 digits");
}

TEST(EncodeErrors, EnvelopeOfWrongSize) {
    Message m = test::cup_0200();
    m.tpdu = from_hex("6000");
    EXPECT_THROW(Codec(cup()).encode_payload(m), EncodeError);
    m = test::cup_0200();
    m.header = from_hex("60");
    EXPECT_THROW(Codec(cup()).encode_payload(m), EncodeError);
    m = msg_0800();
    m.tpdu = from_hex("6000010000");
    try {
        Codec(ascii87()).encode_payload(m);
        ADD_FAILURE();
    } catch (const EncodeError& e) {
        EXPECT_EQ(e.field(), -1);
    }
}

}  // namespace
}  // namespace atmbench::iso8583
