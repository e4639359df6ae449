#include "atmbench/usb/usb_match.hpp"

#include <gtest/gtest.h>

using atmbench::usb::UsbDeviceInfo;
using atmbench::usb::UsbMatch;
using atmbench::usb::UsbMatchError;

namespace {

std::string error_of(const char* text) {
    try {
        UsbMatch::parse(text);
    } catch (const UsbMatchError& e) {
        return e.what();
    }
    return "(no error)";
}

UsbDeviceInfo printer() {
    UsbDeviceInfo d;
    d.bus = 1;
    d.bus_path = "1-2.3";
    d.vendor_id = 0x0b00;
    d.product_id = 0x0001;
    d.serial = "PR-17";
    return d;
}

}  // namespace

TEST(UsbMatch, VendorAndProduct) {
    auto m = UsbMatch::parse("0b00:0001");
    EXPECT_EQ(m.vendor_id, 0x0b00);
    EXPECT_EQ(m.product_id, 0x0001);
    EXPECT_FALSE(m.serial);
    EXPECT_FALSE(m.bus_path);
    EXPECT_TRUE(m.matches(printer()));
    EXPECT_FALSE(UsbMatch::parse("0b00:0002").matches(printer()));
    EXPECT_TRUE(UsbMatch::parse("0B00:0001").matches(printer()));  // hex digits in either case, as lsusb -d takes them
    EXPECT_EQ(m.text(), "0b00:0001");
}

TEST(UsbMatch, SerialNumber) {
    auto m = UsbMatch::parse("0b00:0001:PR-17");
    EXPECT_EQ(m.serial, "PR-17");
    EXPECT_TRUE(m.matches(printer()));
    EXPECT_FALSE(UsbMatch::parse("0b00:0001:PR-18").matches(printer()));
    EXPECT_EQ(m.text(), "0b00:0001:PR-17");
}

TEST(UsbMatch, BusPath) {
    auto m = UsbMatch::parse("1-2.3");
    EXPECT_EQ(m.bus_path, "1-2.3");
    EXPECT_FALSE(m.vendor_id);
    EXPECT_TRUE(m.matches(printer()));
    EXPECT_FALSE(UsbMatch::parse("1-2").matches(printer()));
    EXPECT_TRUE(UsbMatch::parse("3-1.2.3.4.5.6.7").bus_path);
}

TEST(UsbMatch, ErrorsNameTheTextAndWhatWasExpected) {
    EXPECT_EQ(error_of(""), "usb match '': empty (expected VID:PID (4 hex digits each, like 0b00:0001), "
                            "VID:PID:SERIAL, or a bus path like 1-2.3)");
    EXPECT_NE(error_of("b00:0001").find("vendor id 'b00' is not 4 hex digits"), std::string::npos);
    EXPECT_NE(error_of("0b00:00g1").find("product id '00g1' is not 4 hex digits"), std::string::npos);
    EXPECT_NE(error_of("0b00:").find("product id '' is not 4 hex digits"), std::string::npos);
    EXPECT_NE(error_of("0b00:0001:").find("serial number after the second ':' is empty"), std::string::npos);
    EXPECT_NE(error_of("printer").find("usb match 'printer': neither a VID:PID nor a bus path"), std::string::npos);
    EXPECT_NE(error_of("1-0").find("port '0' is not a number 1..255"), std::string::npos);
    EXPECT_NE(error_of("0-2").find("bus '0' is not a number 1..255"), std::string::npos);
    EXPECT_NE(error_of("1-2..3").find("port '' is not a number 1..255"), std::string::npos);
    EXPECT_NE(error_of("1-256").find("port '256'"), std::string::npos);
    EXPECT_NE(error_of("1-1.1.1.1.1.1.1.1").find("more than 7 hub tiers"), std::string::npos);
    EXPECT_NE(error_of("1-2.3").find("(no error)"), std::string::npos);
}
