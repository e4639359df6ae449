// Decoding bytes that are not a valid message: every malformation the reference lists as a fault worth injecting
// (docs/references.md [ISO8583] §1.1, §1.4) must come back as a DecodeError naming the field and offset — never a
// crash, an out-of-bounds read (run under ASan to see) or a hang. Ends with a deterministic fuzz run.
#include "test_support.hpp"

#include "atmbench/iso8583/framing.hpp"

#include <gtest/gtest.h>

#include <random>

namespace atmbench::iso8583 {
namespace {

using test::ascii87;
using test::cup;

struct Expected {
    int field;
    std::size_t offset;
    std::string part;  // substring of what()
};

void expect_decode_error(const Profile& p, const Bytes& body, const Expected& x) {
    Message m;
    try {
        Codec(p).decode_body(body, m);
        ADD_FAILURE() << "decoded without error: " << to_hex(body);
    } catch (const DecodeError& e) {
        EXPECT_EQ(e.field(), x.field) << e.what();
        EXPECT_EQ(e.offset(), x.offset) << e.what();
        EXPECT_NE(std::string(e.what()).find(x.part), std::string::npos) << e.what();
    }
}

Bytes cup_body() { return from_hex(test::kCup0200Body); }

TEST(Malformed, TruncatedAtEveryBytePosition) {
    for (const Profile* p : {&cup(), &ascii87()}) {
        Message m = test::cup_0200();
        m.tpdu.clear();
        m.header.clear();
        m.set(90, "020000012301011200000000010000000000000000");  // exercise the secondary bitmap too
        m.set(128, test::raw("0102030405060708"));
        Bytes body;
        Codec(*p).encode_body(m, body);
        for (std::size_t n = 0; n < body.size(); ++n) {
            Message out;
            EXPECT_THROW(Codec(*p).decode_body(ByteView(body).first(n), out), DecodeError)
                << p->name << " truncated to " << n;
        }
        Message out;
        EXPECT_NO_THROW(Codec(*p).decode_body(body, out));
    }
}

TEST(Malformed, TruncatedFramesAtEveryPosition) {
    const Bytes frame = from_hex(test::kCup0200Frame);
    const Framer framer(cup().framing);
    for (std::size_t n = 0; n < frame.size(); ++n) {
        const ByteView part = ByteView(frame).first(n);
        const auto len = framer.payload_length(part);
        if (n < 2) {
            EXPECT_EQ(len, std::nullopt);
            continue;
        }
        ASSERT_TRUE(len.has_value());
        EXPECT_GT(*len, n - 2);  // the framer says: wait for more
        Message m;
        EXPECT_THROW(Codec(cup()).decode_payload(part.subspan(2), m), DecodeError);
    }
}

TEST(Malformed, FailedDecodeKeepsOnlyWhatItDecoded) {
    // A reused Message: after an error it holds the fields decoded before the error, nothing of the old message.
    const Bytes body = cup_body();
    Message m;
    Codec(cup()).decode_body(body, m);
    ASSERT_EQ(m.fields().size(), 15u);
    EXPECT_THROW(Codec(cup()).decode_body(ByteView(body).first(45), m), DecodeError);  // inside F35
    std::vector<int> numbers;
    for (const auto& f : m.fields()) numbers.push_back(f.first);
    EXPECT_EQ(numbers, (std::vector<int>{2, 3, 4, 11, 22, 25, 26}));
    // And decoding again after the error gives the whole message back.
    Codec(cup()).decode_body(body, m);
    Message expected = test::cup_0200();
    EXPECT_EQ(m.fields(), expected.fields());
}

TEST(Malformed, TruncatedMessagesNameTheElement) {
    const Bytes body = cup_body();
    expect_decode_error(cup(), Bytes(body.begin(), body.begin() + 1), {0, 0, "MTI of 2 bytes, found 1 bytes"});
    expect_decode_error(cup(), Bytes(body.begin(), body.begin() + 5), {1, 2, "primary bitmap of 8 bytes"});
    expect_decode_error(cup(), Bytes(body.begin(), body.begin() + 10), {2, 10, "LL length prefix"});
    expect_decode_error(cup(), Bytes(body.begin(), body.begin() + 15), {2, 11, "10 bytes of data, found 4"});
    expect_decode_error(cup(), Bytes(body.begin(), body.end() - 1), {64, 104, "8 bytes of data, found 7"});
}

TEST(Malformed, BitmapBitForFieldTheProfileLacks) {
    Bytes body = cup_body();
    body[2] |= 0x08;  // bit 5: amount, settlement — not in cup-atm
    expect_decode_error(cup(), body, {5, 30, "bit 5 set in the bitmap"});  // after F2-F4
}

TEST(Malformed, BitmapBitWithoutItsField) {
    // Only MTI and primary, bit 1 set: no room for the secondary.
    expect_decode_error(cup(), from_hex("0800" "8000000000000000"), {1, 10, "secondary bitmap (bit 1 is set) of 8"});
    expect_decode_error(cup(), from_hex("0800" "8000000000000000" "0000"), {1, 10, "found 2 bytes left"});
    // Bit 1 set in a message without a secondary bitmap: F2's bytes are read as one and everything shifts.
    Bytes body = cup_body();
    body[2] |= 0x80;
    Message m0;
    EXPECT_THROW(Codec(cup()).decode_body(body, m0), DecodeError);
    // Bit 39 set as well: the fields after it shift and the message runs out.
    body = cup_body();
    body[2 + 4] |= 0x02;
    Message m;
    EXPECT_THROW(Codec(cup()).decode_body(body, m), DecodeError);
}

TEST(Malformed, FieldWithoutItsBitIsTrailingBytes) {
    Bytes body = cup_body();
    body[9] &= ~0x01;  // clear bit 64: the MAC's 8 bytes follow field 60 unannounced
    expect_decode_error(cup(), body, {60, 104, "expected end of message, found 8 extra bytes"});
    body = cup_body();
    body.push_back(0x00);
    expect_decode_error(cup(), body, {64, 112, "1 extra bytes"});
    expect_decode_error(cup(), from_hex("0800" "0000000000000000" "AA"), {1, 10, "end of message"});
}

TEST(Malformed, WrongLengthPrefix) {
    Bytes body = cup_body();
    body[10] = 0x20;  // F2 says 20 digits; the profile allows 19
    expect_decode_error(cup(), body, {2, 10, "length at most 19, found length 20"});
    body[10] = 0x1A;  // not BCD
    expect_decode_error(cup(), body, {2, 10, "LL length prefix in BCD digits, found byte 0x1A"});
    body[10] = 0x18;  // 18 digits: everything after shifts — some later check must fail
    Message m;
    EXPECT_THROW(Codec(cup()).decode_body(body, m), DecodeError);

    // ASCII prefix with a letter, and one past the maximum.
    expect_decode_error(ascii87(), Bytes(view_of("0200" "4000000000000000" "1X123").begin(),
                                         view_of("0200" "4000000000000000" "1X123").end()),
                        {2, 20, "bytes 31 58"});
    const std::string over = "0200" "4000000000000000" "20" "12345678901234567890";
    expect_decode_error(ascii87(), Bytes(over.begin(), over.end()), {2, 20, "at most 19"});
}

TEST(Malformed, NonNumericInNumericFields) {
    Bytes body = cup_body();
    body[21] = 0x0A;  // F3 first byte: nibble A
    expect_decode_error(cup(), body, {3, 21, "BCD digit 0-9, found nibble A"});
    body = cup_body();
    body[0] = 0x0F;  // MTI
    expect_decode_error(cup(), body, {0, 0, "4 MTI digits"});
    const std::string ascii = "0200" "2000000000000000" "31A000";
    expect_decode_error(ascii87(), Bytes(ascii.begin(), ascii.end()), {3, 22, "a digit (type n), found 'A'"});
    const std::string mti = "02X0" "0000000000000000";
    expect_decode_error(ascii87(), Bytes(mti.begin(), mti.end()), {0, 2, "4 MTI digits"});
}

TEST(Malformed, PadNibbles) {
    Bytes body = cup_body();
    body[33] = 0x10;  // F22 "0021" -> "1021": pad nibble must be 0
    expect_decode_error(cup(), body, {22, 33, "pad nibble 0, found nibble 1"});
    body = cup_body();
    body[53] = 0x4E;  // F35's last byte 4F -> 4E: track pad must be F or 0
    expect_decode_error(cup(), body, {35, 53, "pad nibble 0 or F"});
    body[53] = 0x40;  // 0 is accepted for track data
    Message m;
    EXPECT_NO_THROW(Codec(cup()).decode_body(body, m));
    EXPECT_EQ(m.at(35), "6222021234567890123=25121011234");
    body[40] = 0xB2;  // a B nibble inside track 2
    expect_decode_error(cup(), body, {35, 40, "BCD digit or D"});
}

TEST(Malformed, HexBitmapAndHexFields) {
    const std::string bad_bitmap = "0800" "82200000000G0000";
    expect_decode_error(ascii87(), Bytes(bad_bitmap.begin(), bad_bitmap.end()), {1, 15, "hex digit of the bitmap"});
    const std::string bad_field = "0200" "0000000000001000" "0123456789ABCDEZ";
    expect_decode_error(ascii87(), Bytes(bad_field.begin(), bad_field.end()), {52, 35, "hex digit, found 'Z'"});
}

TEST(Malformed, TextFieldsRejectNonPrintableBytes) {
    Bytes body = cup_body();
    body[54] = 0x00;  // F41 first byte
    expect_decode_error(cup(), body, {41, 54, "printable ASCII"});
    const Profile e = test::inline_profile(R"("41":{"name":"t","type":"ans","length":2,"encoding":"ebcdic"})");
    Bytes ebc = from_hex("30313030" "0000000000800000" "C1FF");
    expect_decode_error(e, ebc, {41, 13, "EBCDIC (cp037) character, found byte 0xFF"});
}

TEST(Malformed, BytesUnitHexLengthMustBeEven) {
    const Profile p = test::inline_profile(
        R"("2":{"name":"x","kind":"llvar","type":"b","length":8,"encoding":"hex","length_unit":"bytes"})");
    const Bytes b = from_hex("30313030" "4000000000000000" "3033" "414243");  // "0100", bit 2, "03", "ABC"
    expect_decode_error(p, b, {2, 12, "even number of hex characters"});
}

TEST(Malformed, GarbageInputs) {
    for (const char* hex : {"", "00", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", "0200FFFFFFFFFFFFFFFF",
                            "02007FFFFFFFFFFFFFFF00000000000000000000"}) {
        Message m;
        EXPECT_THROW(Codec(cup()).decode_body(from_hex(hex), m), DecodeError) << hex;
        EXPECT_THROW(Codec(ascii87()).decode_body(from_hex(hex), m), DecodeError) << hex;
    }
}

// ---- fuzz ---------------------------------------------------------------------------------------------------

// 20k random and mutated buffers through both profiles and several inline ones: decode returns or throws
// DecodeError, nothing else; what decodes must re-encode and decode to the same message.
TEST(Fuzz, DecodeOnlyReturnsOrThrowsDecodeError) {
    std::vector<Profile> profiles = {cup(), ascii87()};
    profiles.push_back(test::inline_profile(
        R"("2":{"name":"a","kind":"llvar","type":"n","length":19,"encoding":"bcd","length_unit":"bytes"},
           "35":{"name":"b","kind":"llvar","type":"z","length":37,"encoding":"bcd","length_unit":"bytes"},
           "43":{"name":"c","kind":"lllvar","type":"ans","length":300,"encoding":"ebcdic","length_encoding":"binary"},
           "55":{"name":"d","kind":"lllvar","type":"b","length":255,"encoding":"hex","length_unit":"bytes"},
           "60":{"name":"e","kind":"llvar","type":"n","length":17,"encoding":"bcd","pad":"right"})",
        R"("mti_encoding":"ebcdic","bitmap_encoding":"hex",)"));

    std::vector<Bytes> seeds;
    {
        Message m = test::cup_0200();
        m.tpdu.clear();
        m.header.clear();
        m.set(90, "020000012301011200000000010000000000000000");
        m.set(102, "6222021234567890123");
        for (const Profile* p : {&profiles[0], &profiles[1]}) {
            Bytes b;
            Codec(*p).encode_body(m, b);
            seeds.push_back(b);
        }
        Message x;
        x.mti = "0200";
        x.set(2, "1234567");
        x.set(35, "1234=99");
        x.set(43, "hello");
        x.set(55, test::raw("9F2608"));
        x.set(60, "123");
        Bytes b;
        Codec(profiles[2]).encode_body(x, b);
        seeds.push_back(b);
    }

    std::mt19937 rng(20240601);
    auto byte = [&] { return static_cast<std::uint8_t>(rng() & 0xFF); };
    Message m;
    std::vector<FieldSpan> spans;
    int decoded = 0;
    for (int i = 0; i < 20000; ++i) {
        const std::size_t which = i % profiles.size();
        const Profile& p = profiles[which];
        Bytes buf;
        switch (rng() % 4) {
            case 0: {  // pure noise
                buf.resize(rng() % 160);
                for (auto& b : buf) b = byte();
                break;
            }
            case 1: {  // a valid message with a few bytes flipped
                buf = seeds[which];
                for (int k = 0, n = 1 + rng() % 4; k < n; ++k) buf[rng() % buf.size()] = byte();
                break;
            }
            case 2: {  // truncated or extended
                buf = seeds[which];
                if (rng() % 2)
                    buf.resize(rng() % buf.size());
                else
                    for (int k = 0, n = 1 + rng() % 8; k < n; ++k) buf.push_back(byte());
                break;
            }
            default: {  // bitmap bits flipped: fields appear and vanish
                buf = seeds[which];
                const std::size_t bitmap_at = p.mti_encoding == MtiEncoding::Bcd ? 2 : 4;
                const std::size_t bitmap_len = p.bitmap_encoding == BitmapEncoding::Binary ? 8 : 16;
                const std::size_t at = bitmap_at + rng() % bitmap_len;
                if (p.bitmap_encoding == BitmapEncoding::Binary)
                    buf[at] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
                else
                    buf[at] = static_cast<std::uint8_t>("0123456789ABCDEF"[rng() % 16]);
                break;
            }
        }
        try {
            Codec(p).decode_body(buf, m, &spans);
        } catch (const DecodeError& e) {
            EXPECT_LE(e.offset(), buf.size()) << e.what();
            continue;
        } catch (const std::exception& e) {
            FAIL() << "case " << i << ": unexpected exception " << e.what() << " for " << to_hex(buf);
        }
        ++decoded;
        Bytes again;
        ASSERT_NO_THROW(Codec(p).encode_body(m, again)) << to_hex(buf);
        Message twice;
        ASSERT_NO_THROW(Codec(p).decode_body(again, twice)) << to_hex(buf);
        EXPECT_EQ(twice.fields(), m.fields()) << to_hex(buf);
        EXPECT_EQ(twice.mti, m.mti);
    }
    EXPECT_GT(decoded, 0);  // the mutations do sometimes produce valid messages
}

}  // namespace
}  // namespace atmbench::iso8583
