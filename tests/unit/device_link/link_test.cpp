#include "atmbench/device_link/loop_link.hpp"
#include "atmbench/device_link/pty_device.hpp"
#include "atmbench/device_link/serial_link.hpp"

#include "../device_link/line_reverser.hpp"

#include <gtest/gtest.h>

using namespace atmbench::device_link;
using namespace std::chrono_literals;

namespace {

using ReversingDevice = test_devices::LineReverser;

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }
bool has_newline(const Bytes& b) { return !b.empty() && b.back() == '\n'; }

}  // namespace

TEST(LoopLink, AnswersComeBackOnlyForWholeCommands) {
    ReversingDevice device;
    LoopLink link(device);
    link.write(bytes_of("ab"), 100ms);
    EXPECT_TRUE(link.read(10, 1ms).empty());
    link.write(bytes_of("c\n"), 100ms);
    EXPECT_EQ(read_until(link, has_newline, 100ms), bytes_of("cba\n"));
}

TEST(LoopLink, UnpluggedDeviceIsALinkErrorAndLostAnswersATimeout) {
    ReversingDevice device;
    LoopLink link(device, "reverser");
    link.lose_answers(1);
    link.write(bytes_of("x\n"), 100ms);
    EXPECT_TRUE(link.read(10, 1ms).empty());
    link.write(bytes_of("y\n"), 100ms);
    EXPECT_EQ(link.read(10, 1ms), bytes_of("y\n"));
    link.unplug();
    try {
        link.write(bytes_of("z\n"), 100ms);
        FAIL() << "an unplugged device accepted a write";
    } catch (const LinkError& e) {
        EXPECT_NE(std::string(e.what()).find("loop reverser: device unplugged"), std::string::npos) << e.what();
    }
    link.plug();
    link.write(bytes_of("ok\n"), 100ms);
    EXPECT_EQ(link.read(10, 1ms), bytes_of("ko\n"));
}

TEST(SerialLink, TalksToADeviceServedOnAPseudoTerminal) {
    ReversingDevice device;
    PtyDevice pty(device);
    SerialLink line(pty.path(), {19200});
    line.write(bytes_of("hello\n"), 1000ms);
    EXPECT_EQ(read_until(line, has_newline, 2000ms), bytes_of("olleh\n"));
    EXPECT_TRUE(line.read(10, 20ms).empty()) << "nothing more than the answer";
}

TEST(SerialLink, NamesThePathThatCannotBeOpenedAndRefusesAnOddBaud) {
    EXPECT_THROW(
        {
            try {
                SerialLink line("/nonexistent/ttyUSB9");
            } catch (const LinkError& e) {
                EXPECT_NE(std::string(e.what()).find("/nonexistent/ttyUSB9"), std::string::npos);
                throw;
            }
        },
        LinkError);
    ReversingDevice device;
    PtyDevice pty(device);
    EXPECT_THROW(SerialLink(pty.path(), {12345}), LinkError);
}

TEST(SerialLink, ALineWhoseDeviceWentAwayIsALinkError) {
    auto device = std::make_unique<ReversingDevice>();
    auto pty = std::make_unique<PtyDevice>(*device);
    SerialLink line(pty->path());
    pty.reset();  // the USB-serial adapter pulled out
    EXPECT_THROW(
        {
            for (int i = 0; i < 3; ++i) line.read(10, 200ms);
        },
        LinkError);
}
