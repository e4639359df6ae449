#include "atmbench/device_link/link_tap.hpp"
#include "atmbench/device_link/loop_link.hpp"

#include "line_reverser.hpp"

#include <gtest/gtest.h>

using namespace atmbench::device_link;
using namespace std::chrono_literals;

namespace {

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }

struct Line {
    test_devices::LineReverser device;
    LoopLink loop{device};
    std::vector<LinkExchange> heard;
};

}  // namespace

TEST(TappedLink, RecordsBothDirectionsInOrder) {
    Line l;
    TappedLink tap(l.loop, [&](const LinkExchange& e) { l.heard.push_back(e); });
    tap.write(bytes_of("ab\n"), 100ms);
    EXPECT_EQ(tap.read(10, 10ms), bytes_of("ba\n"));
    EXPECT_TRUE(tap.read(10, 1ms).empty());
    ASSERT_EQ(l.heard.size(), 2u) << "an empty read is not an exchange";
    EXPECT_EQ(l.heard[0].direction, LinkDirection::ToDevice);
    EXPECT_EQ(l.heard[0].bytes, bytes_of("ab\n"));
    EXPECT_EQ(l.heard[1].direction, LinkDirection::FromDevice);
    EXPECT_LE(l.heard[0].time_ns, l.heard[1].time_ns);
}

TEST(InjectingLink, LosesCorruptsAndDelaysExactlyTheArmedAnswersAndSaysSo) {
    Line l;
    InjectingLink line(l.loop, [&](const LinkExchange& e) { l.heard.push_back(e); });
    line.arm(parse_line_fault("lose,count=2"));
    for (int i = 0; i < 2; ++i) {
        line.write(bytes_of("xy\n"), 100ms);
        EXPECT_TRUE(line.read(10, 1ms).empty());
    }
    line.write(bytes_of("xy\n"), 100ms);
    EXPECT_EQ(line.read(10, 1ms), bytes_of("yx\n")) << "the fault ends after its count";
    line.arm(parse_line_fault("corrupt:1"));
    line.write(bytes_of("ab\n"), 100ms);
    Bytes corrupted = line.read(10, 1ms);
    EXPECT_EQ(corrupted, (Bytes{'b', static_cast<std::uint8_t>('a' ^ 0xFF), '\n'}));
    line.arm(parse_line_fault("delay:30"));
    line.write(bytes_of("cd\n"), 100ms);
    auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(line.read(10, 1ms), bytes_of("dc\n"));
    EXPECT_GE(std::chrono::steady_clock::now() - t0, 30ms);
    ASSERT_EQ(l.heard.size(), 4u);
    EXPECT_EQ(l.heard[0].injected, "lost");
    EXPECT_EQ(l.heard[0].bytes, bytes_of("yx\n")) << "what the device really said";
    EXPECT_EQ(l.heard[2].injected, "corrupted byte 1");
    EXPECT_EQ(l.heard[3].injected, "delayed 30 ms");
}

TEST(InjectingLink, ACorruptOffsetBeyondTheAnswerHitsItsLastByte) {
    Line l;
    InjectingLink line(l.loop);
    line.arm(parse_line_fault("corrupt:99"));
    line.write(bytes_of("a\n"), 100ms);
    EXPECT_EQ(line.read(10, 1ms), (Bytes{'a', static_cast<std::uint8_t>('\n' ^ 0xFF)}));
}

TEST(InjectingLink, ReplacesOnlyTheAnswersToTheNamedRequest) {
    Line l;
    InjectingLink line(l.loop, [&](const LinkExchange& e) { l.heard.push_back(e); });
    LineFault f;
    f.kind = LineFault::Kind::ReplaceAnswer;
    f.replacement = bytes_of("JAM\n");
    f.why = "a jam it never had";
    f.after_request = bytes_of("poll\n");
    line.arm(f);
    line.write(bytes_of("ab\n"), 100ms);
    EXPECT_EQ(line.read(10, 1ms), bytes_of("ba\n")) << "another request's answer is left alone";
    line.write(bytes_of("poll\n"), 100ms);
    EXPECT_EQ(line.read(10, 1ms), bytes_of("JAM\n"));
    line.write(bytes_of("poll\n"), 100ms);
    EXPECT_EQ(line.read(10, 1ms), bytes_of("llop\n")) << "once: count 1";
    ASSERT_EQ(l.heard.size(), 1u);
    EXPECT_EQ(l.heard[0].injected, "replaced by the bench: a jam it never had");
    EXPECT_EQ(l.heard[0].bytes, bytes_of("llop\n")) << "what the device really said, swallowed";
}

TEST(LineFaultText, BadTextNamesWhatWasExpected) {
    for (const char* bad : {"drop", "delay:", "delay:-1", "delay:99999999", "corrupt:x", "lose,count=0", "lose,count=x"}) {
        try {
            parse_line_fault(bad);
            ADD_FAILURE() << bad << " was accepted";
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
        }
    }
    EXPECT_EQ(parse_line_fault("delay:250,count=3").count, 3);
}
