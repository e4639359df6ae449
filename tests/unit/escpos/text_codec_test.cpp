#include "atmbench/escpos/text_codec.hpp"

#include "escpos_test_support.hpp"

#include <gtest/gtest.h>

using namespace atmbench::escpos;
using namespace atmbench::escpos::test;

TEST(EscposTextCodec, Gb18030RoundTripOfAReceiptLine) {
    TextCodec gb("GB18030");
    EXPECT_EQ(gb.from_utf8(kTradeOkUtf8), kTradeOkGb18030);
    EXPECT_EQ(gb.to_utf8(kTradeOkGb18030), kTradeOkUtf8);
    // A character outside GBK takes four bytes: U+20000 is 95 32 82 36 (GB18030-2005, the supplementary planes).
    const Bytes four = gb.from_utf8("\xF0\xA0\x80\x80");
    EXPECT_EQ(four, (Bytes{0x95, 0x32, 0x82, 0x36}));
    EXPECT_EQ(gb.to_utf8(four), "\xF0\xA0\x80\x80");
}

TEST(EscposTextCodec, PrinterSideNeverFailsAndMarksWhatItCannotRead) {
    TextCodec gb("GB18030");
    // 0xFF is no GB18030 lead byte; 0xBD at the end is half a character.
    EXPECT_EQ(gb.to_utf8(Bytes{'a', 0xFF, 'b', 0xBD}), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    // Decoding again after a bad run starts clean (no shift state left over).
    EXPECT_EQ(gb.to_utf8(kTradeOkGb18030), kTradeOkUtf8);
}

TEST(EscposTextCodec, DriverSideNamesTheOffsetOfTextItCannotEncode) {
    TextCodec latin("CP437");
    try {
        (void)latin.from_utf8("ok 交");
        FAIL() << "CP437 has no Chinese";
    } catch (const TextCodecError& e) {
        EXPECT_STREQ(e.what(), "text at byte 3 has no CP437 encoding (or is not UTF-8)");
    }
    TextCodec gb("GB18030");
    EXPECT_THROW((void)gb.from_utf8("\xE4\xBA"), TextCodecError);  // UTF-8 cut short
    EXPECT_THROW(TextCodec("NO-SUCH-CHARSET"), TextCodecError);
}

TEST(EscposTextCodec, LongTextCrossesTheConversionBuffer) {
    TextCodec gb("GB18030");
    std::string text;
    for (int i = 0; i < 300; ++i) text += kTradeOkUtf8;
    EXPECT_EQ(gb.to_utf8(gb.from_utf8(text)), text);
}
