// CRC and framing (harness-usb.md §3.1). The golden frames were computed with our own CRC; the four marked
// "published" are the on-wire frames the reference note gives (§3.1, "Verified on Debian 12"), as a cross-check.
#include "atmbench/ccnet/crc16.hpp"
#include "atmbench/ccnet/frame.hpp"
#include "atmbench/common/bytes.hpp"

#include <gtest/gtest.h>

using namespace atmbench::ccnet;
using atmbench::from_hex;

namespace {

Bytes hex(std::string_view text) { return from_hex(text); }

FrameError::Kind error_kind(FrameReader& reader) {
    try {
        reader.next();
    } catch (const FrameError& e) {
        return e.kind();
    }
    ADD_FAILURE() << "no FrameError";
    return FrameError::Kind::BadLength;
}

}  // namespace

TEST(Crc16, IsTheKermitCrcOfTheCatalogue) {
    // CRC-16/KERMIT's check value (the CRC of "123456789"): the same algorithm under its catalogue name.
    const std::string check = "123456789";
    EXPECT_EQ(crc16(atmbench::view_of(check)), 0x2189);
    EXPECT_EQ(crc16({}), 0x0000);
}

TEST(Crc16, MatchesTheFramesPublishedInTheReference) {
    // published: POLL, IDLING reply, RESET, ACK — CRC over everything before it, low byte first on the wire.
    EXPECT_EQ(crc16(hex("02030633")), 0x81DA);
    EXPECT_EQ(crc16(hex("02030614")), 0xD467);
    EXPECT_EQ(crc16(hex("02030630")), 0xB341);
    EXPECT_EQ(crc16(hex("02030600")), 0x82C2);
}

TEST(FrameCodec, EncodesGoldenFrames) {
    EXPECT_EQ(encode(Address::BillValidator, 0x33), hex("02 03 06 33 DA 81"));  // published
    EXPECT_EQ(encode(Address::BillValidator, 0x14), hex("02 03 06 14 67 D4"));  // published
    EXPECT_EQ(encode(Address::BillValidator, 0x30), hex("02 03 06 30 41 B3"));  // published
    EXPECT_EQ(encode(Address::BillValidator, 0x00), hex("02 03 06 00 C2 82"));  // published
    EXPECT_EQ(encode(Address::BillValidator, 0xFF), hex("02 03 06 FF BA 8D"));
    EXPECT_EQ(encode(Frame{3, hex("34 FFFFFF 000000")}), hex("02 03 0C 34 FF FF FF 00 00 00 B5 C1"));
    EXPECT_EQ(encode(Frame{3, hex("80 05")}), hex("02 03 07 80 05 21 64"));
    EXPECT_EQ(encode(Frame{3, hex("81 05")}), hex("02 03 07 81 05 F9 7D"));
    EXPECT_EQ(encode(Frame{3, hex("1C 68")}), hex("02 03 07 1C 68 3F 6C"));
}

TEST(FrameCodec, RoundTripsEveryPayloadLength) {
    for (std::size_t n = 1; n <= kMaxFrame - 5; ++n) {
        Frame f{3, Bytes(n)};
        for (std::size_t i = 0; i < n; ++i) f.payload[i] = static_cast<std::uint8_t>(i * 7 + n);
        FrameReader reader;
        reader.feed(encode(f));
        auto back = reader.next();
        ASSERT_TRUE(back) << n;
        EXPECT_EQ(*back, f);
        EXPECT_EQ(reader.buffered(), 0u);
    }
}

TEST(FrameCodec, RefusesAnEmptyPayloadAndOneNeedingTheExtendedForm) {
    EXPECT_THROW(encode(Frame{3, {}}), std::invalid_argument);
    try {
        encode(Frame{3, Bytes(246)});
        FAIL() << "a 251-byte frame was encoded";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("extended"), std::string::npos) << e.what();
    }
}

TEST(FrameReader, WaitsForTheRestOfAFrameSplitAcrossReads) {
    const Bytes whole = encode(Frame{3, hex("80 05")});
    FrameReader reader;
    for (std::size_t i = 0; i + 1 < whole.size(); ++i) {
        reader.feed(std::span(whole).subspan(i, 1));
        EXPECT_FALSE(reader.next()) << "complete after " << i + 1 << " bytes";
    }
    reader.feed(std::span(whole).last(1));
    auto f = reader.next();
    ASSERT_TRUE(f);
    EXPECT_EQ(f->payload, hex("80 05"));
}

TEST(FrameReader, SkipsGarbageBeforeASyncAndReadsBackToBackFrames) {
    FrameReader reader;
    Bytes stream = hex("FF 00 13 37");
    for (std::uint8_t s : {0x14, 0x15}) {
        Bytes f = encode(Address::BillValidator, s);
        stream.insert(stream.end(), f.begin(), f.end());
    }
    reader.feed(stream);
    EXPECT_EQ(reader.next()->payload, Bytes{0x14});
    EXPECT_EQ(reader.next()->payload, Bytes{0x15});
    EXPECT_FALSE(reader.next());
    EXPECT_EQ(reader.skipped(), 4u);
}

TEST(FrameReader, ReportsABadCrcOnceAndGoesOnAfterTheFrame) {
    Bytes bad = encode(Address::BillValidator, 0x14);
    bad[3] ^= 0x01;
    FrameReader reader;
    reader.feed(bad);
    reader.feed(encode(Address::BillValidator, 0x19));
    try {
        reader.next();
        FAIL() << "a bad CRC was accepted";
    } catch (const FrameError& e) {
        EXPECT_EQ(e.kind(), FrameError::Kind::BadCrc);
        EXPECT_NE(std::string(e.what()).find("CRC 67 D4, expected"), std::string::npos) << e.what();
    }
    EXPECT_EQ(reader.next()->payload, Bytes{0x19});
}

TEST(FrameReader, ReportsAnImpossibleLengthAndResynchronisesOnTheNextSync) {
    FrameReader reader;
    // A stray 0x02 with LNG 3, then a good frame: the good one is still found.
    reader.feed(hex("02 03 03"));
    reader.feed(encode(Address::BillValidator, 0x14));
    EXPECT_EQ(error_kind(reader), FrameError::Kind::BadLength);
    EXPECT_EQ(reader.next()->payload, Bytes{0x14});
}

TEST(FrameReader, RefusesTheExtendedFormByName) {
    FrameReader reader;
    reader.feed(hex("02 03 00 41 00 07"));
    try {
        reader.next();
        FAIL();
    } catch (const FrameError& e) {
        EXPECT_EQ(e.kind(), FrameError::Kind::BadLength);
        EXPECT_NE(std::string(e.what()).find("extended frame form"), std::string::npos) << e.what();
    }
}
