#include "atmbench/escpos/status.hpp"

#include <gtest/gtest.h>

#include <array>

using namespace atmbench::escpos;

namespace {

std::array<std::uint8_t, 4> bytes_of(const PrinterStatus& s) {
    return {status_byte(s, 1), status_byte(s, 2), status_byte(s, 3), status_byte(s, 4)};
}

}  // namespace

TEST(EscposStatus, AllWellIs0x12ForEveryKind) {
    EXPECT_EQ(bytes_of({}), (std::array<std::uint8_t, 4>{0x12, 0x12, 0x12, 0x12}));
    EXPECT_EQ(PrinterStatus{}.summary(), "ready");
    EXPECT_TRUE(PrinterStatus{}.ready());
}

TEST(EscposStatus, EachConditionSetsItsOwnBits) {
    struct Case {
        bool PrinterStatus::*field;
        std::array<std::uint8_t, 4> bytes;
    };
    const Case cases[] = {
        {&PrinterStatus::drawer_pin3_high, {0x16, 0x12, 0x12, 0x12}},
        {&PrinterStatus::offline, {0x1A, 0x12, 0x12, 0x12}},
        {&PrinterStatus::waiting_for_recovery, {0x32, 0x12, 0x12, 0x12}},
        {&PrinterStatus::feed_button_pressed, {0x52, 0x12, 0x12, 0x12}},
        {&PrinterStatus::cover_open, {0x12, 0x16, 0x12, 0x12}},
        {&PrinterStatus::feeding_by_button, {0x12, 0x1A, 0x12, 0x12}},
        {&PrinterStatus::stopped_by_paper_end, {0x12, 0x32, 0x12, 0x12}},
        {&PrinterStatus::error, {0x12, 0x52, 0x12, 0x12}},
        {&PrinterStatus::cutter_error, {0x12, 0x12, 0x1A, 0x12}},
        {&PrinterStatus::unrecoverable_error, {0x12, 0x12, 0x32, 0x12}},
        {&PrinterStatus::auto_recoverable_error, {0x12, 0x12, 0x52, 0x12}},
        {&PrinterStatus::paper_near_end, {0x12, 0x12, 0x12, 0x1E}},
        {&PrinterStatus::paper_end, {0x12, 0x12, 0x12, 0x72}},
    };
    for (const auto& c : cases) {
        PrinterStatus s;
        s.*c.field = true;
        EXPECT_EQ(bytes_of(s), c.bytes) << s.summary();
        PrinterStatus back;
        for (std::uint8_t n = 1; n <= 4; ++n) ASSERT_TRUE(read_status_byte(c.bytes[n - 1], n, back));
        EXPECT_EQ(back, s) << s.summary();
    }
}

TEST(EscposStatus, OutOfPaperIsTheWidelyQuotedTriple) {
    PrinterStatus s;
    s.offline = s.stopped_by_paper_end = s.paper_near_end = s.paper_end = true;
    EXPECT_EQ(status_byte(s, 1), 0x1A);
    EXPECT_EQ(status_byte(s, 2), 0x32);
    EXPECT_EQ(status_byte(s, 4), 0x7E);
    EXPECT_FALSE(s.ready());
    EXPECT_EQ(s.summary(), "offline, stopped by paper end, paper near end, paper end");
}

TEST(EscposStatus, ASensorFieldCountsWhenEitherOfItsBitsIsSet) {
    PrinterStatus s;
    ASSERT_TRUE(read_status_byte(0x16, 4, s));  // bit 2 only
    EXPECT_TRUE(s.paper_near_end);
    ASSERT_TRUE(read_status_byte(0x52, 4, s));  // bit 6 only
    EXPECT_TRUE(s.paper_end);
    EXPECT_FALSE(s.paper_near_end);
}

TEST(EscposStatus, AByteWithoutTheFixedBitsIsNotAStatusAnswer) {
    PrinterStatus s;
    s.offline = true;
    for (std::uint8_t bad : {0x00, 0xFF, 0x02, 0x10, 0x13, 0x92, 0x41})
        EXPECT_FALSE(read_status_byte(bad, 1, s)) << int(bad);
    EXPECT_TRUE(s.offline) << "untouched by a refused byte";
}
