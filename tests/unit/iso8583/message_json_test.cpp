// Message basics, reply MTIs, JSON views (full and redacted), from_json, and the redacted raw hex.
#include "test_support.hpp"

#include "atmbench/iso8583/message_json.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace atmbench::iso8583 {
namespace {

namespace json = boost::json;
using test::cup;
using test::raw;

TEST(MessageValues, KeepsFieldsSortedAndReplaces) {
    Message m;
    m.set(64, "mac");
    m.set(2, "pan");
    m.set(11, "000001");
    m.set(11, "000002");
    ASSERT_EQ(m.fields().size(), 3u);
    EXPECT_EQ(m.fields()[0].first, 2);
    EXPECT_EQ(m.fields()[1], Message::Field(11, "000002"));
    EXPECT_EQ(m.fields()[2].first, 64);
    EXPECT_TRUE(m.has(2));
    EXPECT_EQ(m.find(3), nullptr);
    EXPECT_EQ(m.at(64), "mac");
    EXPECT_FALSE(m.has_secondary());
    m.set(128, "x");
    EXPECT_TRUE(m.has_secondary());
    m.erase(128);
    m.erase(5);  // absent: no-op
    EXPECT_FALSE(m.has_secondary());
    try {
        m.at(3);
        ADD_FAILURE();
    } catch (const std::out_of_range& e) {
        EXPECT_STREQ(e.what(), "field 3 is absent");
    }
    EXPECT_THROW(m.set(1, "x"), std::out_of_range);
    EXPECT_THROW(m.set(129, "x"), std::out_of_range);
    m.mti = "0200";
    m.tpdu = {1};
    m.clear();
    EXPECT_TRUE(m.fields().empty());
    EXPECT_TRUE(m.mti.empty());
    EXPECT_TRUE(m.tpdu.empty());
}

TEST(MessageValues, ResponseMti) {
    EXPECT_EQ(response_mti("0200"), "0210");
    EXPECT_EQ(response_mti("0100"), "0110");
    EXPECT_EQ(response_mti("0400"), "0410");
    EXPECT_EQ(response_mti("0420"), "0430");
    EXPECT_EQ(response_mti("0421"), "0430");
    EXPECT_EQ(response_mti("0800"), "0810");
    EXPECT_EQ(response_mti("0820"), "0830");
    EXPECT_THROW(response_mti("0210"), std::invalid_argument);
    EXPECT_THROW(response_mti("020"), std::invalid_argument);
    EXPECT_THROW(response_mti("02A0"), std::invalid_argument);
}

TEST(MaskPan, KeepsFirstSixAndLastFour) {
    EXPECT_EQ(mask_pan("6222021234567890123"), "622202*********0123");
    EXPECT_EQ(mask_pan("4761739001010010"), "476173******0010");
    EXPECT_EQ(mask_pan("12345678901"), "123456*8901");
    EXPECT_EQ(mask_pan("1234567890"), "******7890");  // too short to show both ends
    EXPECT_EQ(mask_pan("1234"), "****");
    EXPECT_EQ(mask_pan(""), "");
}

TEST(ToJson, FullViewHasEveryValue) {
    const json::object o = to_json(test::cup_0200(), cup(), View::Full);
    EXPECT_EQ(o.at("mti"), "0200");
    EXPECT_EQ(o.at("tpdu"), "6000010000");
    EXPECT_EQ(o.at("header"), "603100000000");
    const json::object& f = o.at("fields").as_object();
    EXPECT_EQ(f.size(), 15u);
    EXPECT_EQ(f.at("2"), "6222021234567890123");
    EXPECT_EQ(f.at("35"), "6222021234567890123=25121011234");
    EXPECT_EQ(f.at("52"), "0102030405060708");
    EXPECT_EQ(f.at("64"), "A1A2A3A4A5A6A7A8");
    EXPECT_EQ(f.at("60"), "22000001000");
    EXPECT_FALSE(o.contains("subfields"));
}

TEST(ToJson, RedactedViewMasksPansHidesSecretsAndSplitsComposites) {
    Message m = test::cup_0200();
    m.set(102, "6222021234567890123");
    m.set(62, raw("00112233445566778899AABBCCDDEEFF00112233445566778899"));
    m.set(90, std::string("0200") + "000123" + "0101120000" + "00000001000" + "00000000000");
    const json::object o = to_json(m, cup(), View::Redacted);
    const json::object& f = o.at("fields").as_object();
    EXPECT_EQ(f.at("2"), "622202*********0123");
    EXPECT_EQ(f.at("102"), "622202*********0123");
    EXPECT_EQ(f.at("35"), "<redacted 31 bytes>");
    EXPECT_EQ(f.at("52"), "<redacted 8 bytes>");
    EXPECT_EQ(f.at("62"), "<redacted 26 bytes>");
    EXPECT_EQ(f.at("4"), "000000010000");
    EXPECT_EQ(f.at("64"), "A1A2A3A4A5A6A7A8");  // a MAC is not a secret
    const json::object& s = o.at("subfields").as_object();
    EXPECT_EQ(s.at("60.1"), "22");
    EXPECT_EQ(s.at("60.2"), "000001");
    EXPECT_EQ(s.at("60.3"), "000");
    EXPECT_FALSE(s.contains("60.4"));  // trailing subfields that were not sent
    EXPECT_EQ(s.at("90.1"), "0200");
    EXPECT_EQ(s.at("90.2"), "000123");
    EXPECT_EQ(s.at("90.5"), "00000000000");
    // Nothing secret anywhere in the text.
    const std::string text = json::serialize(o);
    EXPECT_EQ(text.find("6222021234567890123"), std::string::npos);
    EXPECT_EQ(text.find("0102030405060708"), std::string::npos);
    EXPECT_EQ(text.find("25121011234"), std::string::npos);
}

TEST(FromJson, RoundTripsTheFullView) {
    for (const Profile* p : {&cup(), &test::ascii87()}) {
        Message m = test::cup_0200();
        if (p != &cup()) m.tpdu.clear(), m.header.clear();
        const json::value v = to_json(m, *p, View::Full);
        EXPECT_EQ(from_json(v, *p), m) << p->name;
        // Through text as well, as the command line does it.
        EXPECT_EQ(from_json(json::parse(json::serialize(v)), *p), m);
    }
}

TEST(FromJson, CompositeAsObjectOfSubfields) {
    const json::value v = json::parse(R"({"mti":"0800","fields":{
        "60":{"60.1":"00","60.2":"000001","60.3":"003"},
        "90":{"90.1":"0200","90.2":"000123","90.3":"0101120000","90.4":"00000001000","90.5":"00000000000"}}})");
    const Message m = from_json(v, cup());
    EXPECT_EQ(m.at(60), "00000001003");
    EXPECT_EQ(m.at(90), std::string("0200") + "000123" + "0101120000" + "00000001000" + "00000000000");
    EXPECT_TRUE(m.tpdu.empty());
}

EncodeError from_json_error(const std::string& text, int field) {
    try {
        from_json(json::parse(text), cup());
    } catch (const EncodeError& e) {
        EXPECT_EQ(e.field(), field) << e.what();
        return e;
    }
    ADD_FAILURE() << "accepted: " << text;
    return EncodeError(0, 0, "", "");
}

TEST(FromJson, Errors) {
    EXPECT_NE(std::string(from_json_error(R"([1])", 0).what()).find("JSON object"), std::string::npos);
    from_json_error(R"({"fields":{}})", 0);                          // no mti
    from_json_error(R"({"mti":200})", 0);                            // mti not a string
    from_json_error(R"({"mti":"0200","extra":1})", 0);               // unknown key
    from_json_error(R"({"mti":"0200","tpdu":"60ZZ"})", -1);          // bad hex
    from_json_error(R"({"mti":"0200","fields":{"x":"1"}})", 0);      // not a number
    from_json_error(R"({"mti":"0200","fields":{"129":"1"}})", 0);    // out of range
    from_json_error(R"({"mti":"0200","fields":{"5":"1"}})", 5);      // not in profile
    from_json_error(R"({"mti":"0200","fields":{"4":100}})", 4);      // number, not string
    from_json_error(R"({"mti":"0200","fields":{"52":"0102XX"}})", 52);
    from_json_error(R"({"mti":"0200","fields":{"4":{"4.1":"1"}}})", 4);  // no subfields
    const EncodeError gap = from_json_error(R"({"mti":"0800","fields":{"60":{"60.1":"00","60.3":"003"}}})", 60);
    EXPECT_NE(std::string(gap.what()).find("subfield 60.2 before 60.3"), std::string::npos) << gap.what();
    const EncodeError len = from_json_error(R"({"mti":"0800","fields":{"60":{"60.1":"0"}}})", 60);
    EXPECT_NE(std::string(len.what()).find("exactly 2 characters"), std::string::npos);
    const EncodeError unk = from_json_error(R"({"mti":"0800","fields":{"60":{"60.9":"0"}}})", 60);
    EXPECT_NE(std::string(unk.what()).find("'60.9'"), std::string::npos);
}

TEST(FromJson, AcceptsDecodeOutputWithSpans) {
    const json::value v = json::parse(R"({"mti":"0800","fields":{"11":"000001"},"spans":[],"subfields":{}})");
    EXPECT_EQ(from_json(v, cup()).at(11), "000001");
}

TEST(RedactedHex, OverwritesSecretAndPanDataKeepingPrefixes) {
    const Bytes payload = from_hex(test::kCup0200Payload);
    Message m;
    std::vector<FieldSpan> spans;
    Codec(cup()).decode_payload(payload, m, &spans);
    const std::string hex = redacted_hex(payload, spans, cup());
    ASSERT_EQ(hex.size(), payload.size() * 2);
    const std::size_t body = 11;
    EXPECT_EQ(hex.substr(2 * (body + 10), 2), "19");                    // F2 prefix visible
    EXPECT_EQ(hex.substr(2 * (body + 11), 20), std::string(20, '*'));  // F2 PAN hidden
    EXPECT_EQ(hex.substr(2 * (body + 37), 2), "31");                    // F35 prefix visible
    EXPECT_EQ(hex.substr(2 * (body + 38), 32), std::string(32, '*'));  // track 2 hidden
    EXPECT_EQ(hex.substr(2 * (body + 54), 2), "41");                    // F41 follows, untouched
    EXPECT_EQ(hex.substr(2 * (body + 80), 16), std::string(16, '*'));  // F52
    // Everything else is the plain hex.
    std::string expected = test::kCup0200Payload;
    for (auto [from, to] : {std::pair<std::size_t, std::size_t>{11, 21}, {38, 54}, {80, 88}})
        for (std::size_t i = 2 * (body + from); i < 2 * (body + to); ++i) expected[i] = '*';
    EXPECT_EQ(hex, expected);
}

TEST(RedactedHex, SpanBaseShiftsBodySpansIntoAFrame) {
    const Bytes frame = from_hex(test::kCup0200Frame);
    Message m;
    std::vector<FieldSpan> spans;
    Codec(cup()).decode_body(ByteView(frame).subspan(2 + 11), m, &spans);
    const std::string hex = redacted_hex(frame, spans, cup(), 2 + 11);
    EXPECT_EQ(hex.substr(0, 26), "007B6000010000603100000000");
    EXPECT_EQ(hex.substr(2 * (13 + 80), 16), std::string(16, '*'));
}

}  // namespace
}  // namespace atmbench::iso8583
