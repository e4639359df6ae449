// libusb's real Linux backend against simulated devices under umockdev (usb/mock): what a driver of the bench sees
// of a USB device, its faults included. Every wait is bounded; the budgets are generous for a loaded CI machine.
#include "atmbench/usb/mock/bench_devices.hpp"
#include "atmbench/usb/mock/usb_testbed.hpp"
#include "atmbench/usb/usb_bulk_link.hpp"

#include "../device_link/line_reverser.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <optional>
#include <thread>

using namespace std::chrono_literals;
using atmbench::device_link::ByteLink;
using atmbench::device_link::Bytes;
using atmbench::device_link::LinkError;
using atmbench::device_link::read_until;
using atmbench::device_link::test_devices::LineReverser;
using namespace atmbench::usb;

namespace {

using mock::bill_validator;
using mock::receipt_printer;

Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
std::string text(const Bytes& b) { return std::string(b.begin(), b.end()); }

std::string read_line(ByteLink& link, std::chrono::milliseconds timeout = 2000ms) {
    return text(read_until(link, [](const Bytes& b) { return !b.empty() && b.back() == '\n'; }, timeout));
}

// The message of the E that `f` throws; "(nothing thrown)" when it returns.
template <class E, class F>
std::string message_of(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    return "(nothing thrown)";
}

template <class F>
std::chrono::milliseconds timed(F&& f) {
    auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

class UsbOverUmockdev : public ::testing::Test {
protected:
    void SetUp() override {
        printer_ = &testbed_.add(receipt_printer(), printer_model_, "2");
        validator_ = &testbed_.add(bill_validator(), validator_model_, "4");
        context_.emplace();  // after the devices: libusb enumerates once at start
    }

    UsbBulkLink printer_link() { return UsbBulkLink(UsbDevice(*context_, UsbMatch::parse("0b00:0001"))); }

    LineReverser printer_model_, validator_model_;
    mock::UsbTestbed testbed_;
    mock::SimulatedUsbDevice* printer_ = nullptr;
    mock::SimulatedUsbDevice* validator_ = nullptr;
    std::optional<UsbContext> context_;  // destroyed before the testbed
};

}  // namespace

TEST_F(UsbOverUmockdev, EnumerationListsIdentityPlaceStringsAndEndpoints) {
    auto devices = context_->devices();
    ASSERT_EQ(devices.size(), 2u);
    std::sort(devices.begin(), devices.end(), [](auto& a, auto& b) { return a.bus_path < b.bus_path; });
    const UsbDeviceInfo& p = devices[0];
    EXPECT_EQ(p.bus_path, "1-2");
    EXPECT_EQ(p.id(), "0b00:0001");
    EXPECT_EQ(p.describe(), "usb 1-2 (0b00:0001)");
    EXPECT_EQ(p.manufacturer, "Bench");
    EXPECT_EQ(p.product, "Receipt printer");
    EXPECT_EQ(p.serial, "PR-17");
    EXPECT_EQ(p.strings_error, "");
    ASSERT_EQ(p.interfaces.size(), 1u);
    EXPECT_EQ(p.interfaces[0].interface_class, 0x07);
    ASSERT_EQ(p.interfaces[0].endpoints.size(), 3u);
    EXPECT_EQ(p.interfaces[0].endpoints[0].address, 0x01);
    EXPECT_EQ(p.interfaces[0].endpoints[0].transfer_type(), "bulk");
    EXPECT_EQ(p.interfaces[0].endpoints[1].address, 0x82);
    EXPECT_EQ(p.interfaces[0].endpoints[2].transfer_type(), "interrupt");
    EXPECT_EQ(devices[1].bus_path, "1-4");
    EXPECT_EQ(devices[1].id(), "0b00:0002");
    EXPECT_EQ(devices[1].product, "Bill validator");
}

TEST_F(UsbOverUmockdev, MatchByVidPidSerialAndBusPath) {
    EXPECT_EQ(UsbDevice(*context_, UsbMatch::parse("0b00:0002")).info().bus_path, "1-4");
    EXPECT_EQ(UsbDevice(*context_, UsbMatch::parse("1-2")).info().id(), "0b00:0001");
    EXPECT_EQ(UsbDevice(*context_, UsbMatch::parse("0b00:0002:BV-3")).info().bus_path, "1-4");
    EXPECT_EQ(message_of<UsbError>([&] { UsbDevice(*context_, UsbMatch::parse("0b00:0001:BV-3")); }),
              "usb: no device matches '0b00:0001:BV-3' (present: 1-2 0b00:0001, 1-4 0b00:0002)");
    EXPECT_THROW(UsbDevice(*context_, UsbMatch::parse("1-3")), UsbNoMatch) << "a subclass of UsbError: exit 1 for usb sniff";
}

TEST_F(UsbOverUmockdev, LinkClaimsTheInterfaceDetachingTheKernelDriverAndReleasesIt) {
    {
        auto link = printer_link();
        EXPECT_EQ(link.describe(), "usb 1-2 (0b00:0001)");
        EXPECT_EQ(link.bulk_out(), 0x01);
        EXPECT_EQ(link.bulk_in(), 0x82);
        EXPECT_EQ(link.interrupt_in(), 0x83);
        EXPECT_TRUE(printer_->kernel_driver_detached());
        EXPECT_TRUE(printer_->interface_claimed());
        EXPECT_FALSE(validator_->interface_claimed());
    }
    EXPECT_FALSE(printer_->interface_claimed());
}

TEST_F(UsbOverUmockdev, BulkRoundTrip) {
    auto link = printer_link();
    link.write(bytes("hello\n"), 1000ms);
    EXPECT_EQ(read_line(link), "olleh\n");
    link.write(bytes("ab"), 1000ms);  // half a line: the device holds it
    EXPECT_TRUE(link.read(64, 30ms).empty());
    link.write(bytes("c\n"), 1000ms);
    EXPECT_EQ(read_line(link), "cba\n");
    link.write(bytes("xyz\n"), 1000ms);
    EXPECT_EQ(text(link.read(2, 1000ms)), "zy");  // the rest of a transfer waits for the next read
    EXPECT_EQ(text(link.read(64, 1000ms)), "x\n");
    std::string big(3000, 'q');
    big.back() = 'z';
    link.write(bytes(big + "\n"), 1000ms);
    std::string answer = read_line(link);
    ASSERT_EQ(answer.size(), 3001u);
    EXPECT_EQ(answer.front(), 'z');
}

TEST_F(UsbOverUmockdev, ReadTimesOutWhenTheDeviceDoesNotAnswer) {
    auto link = printer_link();
    printer_->set_behaviour(mock::Behaviour::silent);
    link.write(bytes("anyone?\n"), 1000ms);
    Bytes got;
    auto took = timed([&] { got = link.read(64, 100ms); });
    EXPECT_TRUE(got.empty());
    EXPECT_GE(took, 90ms);
    EXPECT_LT(took, 1500ms);
    printer_->set_behaviour(mock::Behaviour::answering);
    link.write(bytes("again\n"), 1000ms);
    EXPECT_EQ(read_line(link), "niaga\n");  // the cancelled transfer left nothing behind
}

TEST_F(UsbOverUmockdev, WriteTimesOutWhenTheDeviceTakesNothing) {
    auto link = printer_link();
    printer_->set_behaviour(mock::Behaviour::frozen);
    EXPECT_EQ(message_of<LinkError>([&] { link.write(bytes("x\n"), 100ms); }),
              "usb 1-2 (0b00:0001): write timed out after 100 ms (0 of 2 bytes taken)");
}

TEST_F(UsbOverUmockdev, StallIsEndpointStalledAfterTheHaltIsCleared) {
    auto link = printer_link();
    printer_->stall(0x82);
    link.write(bytes("abc\n"), 1000ms);
    try {
        link.read(64, 1000ms);
        FAIL() << "read from a stalled endpoint returned";
    } catch (const EndpointStalled& e) {
        EXPECT_EQ(e.endpoint(), 0x82);
        EXPECT_TRUE(e.cleared());
        EXPECT_STREQ(e.what(), "usb 1-2 (0b00:0001): read on endpoint 0x82: endpoint stalled (halt cleared)");
    }
    EXPECT_EQ(printer_->halts_cleared(), 1);
    EXPECT_EQ(read_line(link), "cba\n");  // cleared: the answer is still there

    printer_->stall(0x01);
    EXPECT_THROW(link.write(bytes("x\n"), 1000ms), EndpointStalled);
    EXPECT_EQ(printer_->halts_cleared(), 2);
}

TEST_F(UsbOverUmockdev, UnplugMidTransferIsALinkError) {
    auto link = printer_link();
    printer_->set_behaviour(mock::Behaviour::silent);
    auto reading = std::async(std::launch::async, [&] { return timed([&] { link.read(64, 3000ms); }); });
    std::this_thread::sleep_for(100ms);
    printer_->unplug();
    ASSERT_EQ(reading.wait_for(2000ms), std::future_status::ready) << "the read did not end at the unplug";
    try {
        reading.get();
        FAIL() << "a read across an unplug returned";
    } catch (const EndpointStalled&) {
        FAIL() << "an unplug reported as a stall";
    } catch (const LinkError& e) {
        EXPECT_STREQ(e.what(), "usb 1-2 (0b00:0001): device gone (unplugged)");
    }
    EXPECT_EQ(message_of<LinkError>([&] { link.write(bytes("x\n"), 1000ms); }),
              "usb 1-2 (0b00:0001): device gone (unplugged)");
}

TEST_F(UsbOverUmockdev, DiscardInputDropsPendingAnswersQuickly) {
    auto link = printer_link();
    for (int i = 0; i < 20; ++i) link.write(bytes("some line of text\n"), 1000ms);
    EXPECT_EQ(link.read(4, 1000ms).size(), 4u);
    auto took = timed([&] { link.discard_input(); });
    EXPECT_LT(took, 100ms);  // 5 ms bound plus one 1 ms transfer, with scheduling slack
    link.discard_input();    // whatever the first pass left within its bound
    EXPECT_TRUE(link.read(64, 20ms).empty());
    link.write(bytes("next\n"), 1000ms);
    EXPECT_EQ(read_line(link), "txen\n");
}

TEST_F(UsbOverUmockdev, InterruptInIsTheStatusPipe) {
    auto link = printer_link();
    printer_->queue_interrupt({0x12});
    EXPECT_EQ(link.read_interrupt(8, 1000ms), Bytes{0x12});
    EXPECT_TRUE(link.read_interrupt(8, 30ms).empty());
    auto validator = UsbBulkLink(UsbDevice(*context_, UsbMatch::parse("1-4")));
    EXPECT_THROW(validator.read_interrupt(8, 30ms), UsbError);
}

TEST(UsbBehindAHub, BusPathNamesEveryTier) {
    LineReverser model;
    mock::UsbTestbed testbed;
    auto& device = testbed.add(bill_validator(), model, "3.1");
    EXPECT_EQ(device.bus_path(), "1-3.1");
    UsbContext context;
    auto devices = context.devices(false);
    std::vector<std::string> paths;
    for (const auto& d : devices) paths.push_back(d.bus_path + " " + d.id());
    std::sort(paths.begin(), paths.end());
    EXPECT_EQ(paths, (std::vector<std::string>{"1-3 0b00:00ff", "1-3.1 0b00:0002"}));  // the hub, then the device
    UsbBulkLink link(UsbDevice(context, UsbMatch::parse("1-3.1")));
    EXPECT_EQ(link.describe(), "usb 1-3.1 (0b00:0002)");
    link.write(bytes("tier\n"), 1000ms);
    EXPECT_EQ(read_line(link), "reit\n");
    EXPECT_THROW(testbed.add(bill_validator(), model, "3..1"), UsbMatchError);
}
