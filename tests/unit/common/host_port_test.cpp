// The one ADDRESS:PORT reader every program uses (--listen, --control, admin.listen, host.address).
#include "atmbench/common/host_port.hpp"

#include <gtest/gtest.h>

namespace atmbench::common {
namespace {

std::string error_of(const std::string& text) {
    try {
        parse_host_port(text);
    } catch (const HostPortError& e) {
        return e.what();
    }
    return "";
}

TEST(HostPort, ReadsAddressAndPort) {
    HostPort a = parse_host_port("127.0.0.1:0");
    EXPECT_EQ(a.address, "127.0.0.1");
    EXPECT_EQ(a.port, 0);
    EXPECT_EQ(parse_host_port("127.0.0.1:65535").port, 65535);
    EXPECT_EQ(parse_host_port("[::1]:8080").address, "::1");
    EXPECT_EQ(parse_host_port("localhost:00080").port, 80);
}

TEST(HostPort, APortOutside16BitsIsRefusedNotNarrowed) {
    // 99999 as an unsigned short is 34463: another port, silently (the terminal's admin.listen did that).
    EXPECT_EQ(error_of("127.0.0.1:99999"), "'127.0.0.1:99999': port must be a number 0-65535 (found \"99999\")");
    EXPECT_EQ(error_of("127.0.0.1:65536"), "'127.0.0.1:65536': port must be a number 0-65535 (found \"65536\")");
    EXPECT_EQ(error_of("127.0.0.1:4294967297"),
              "'127.0.0.1:4294967297': port must be a number 0-65535 (found \"4294967297\")");
}

TEST(HostPort, APortThatIsNoNumberIsRefused) {
    EXPECT_EQ(error_of(":abc"), "':abc': expected ADDRESS:PORT, e.g. 127.0.0.1:0 (found no address)");
    EXPECT_EQ(error_of("127.0.0.1:abc"), "'127.0.0.1:abc': port must be a number 0-65535 (found \"abc\")");
    EXPECT_EQ(error_of("127.0.0.1:"), "'127.0.0.1:': port must be a number 0-65535 (found \"\")");
    EXPECT_EQ(error_of("127.0.0.1:-1"), "'127.0.0.1:-1': port must be a number 0-65535 (found \"-1\")");
    EXPECT_EQ(error_of("127.0.0.1:+80"), "'127.0.0.1:+80': port must be a number 0-65535 (found \"+80\")");
    EXPECT_EQ(error_of("127.0.0.1: 80"), "'127.0.0.1: 80': port must be a number 0-65535 (found \" 80\")");
    EXPECT_EQ(error_of("127.0.0.1"), "'127.0.0.1': expected ADDRESS:PORT, e.g. 127.0.0.1:0 (found no ':')");
}

}  // namespace
}  // namespace atmbench::common
