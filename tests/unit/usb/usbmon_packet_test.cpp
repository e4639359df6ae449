// The usbmon header byte for byte (Documentation/usb/usbmon.rst, struct usbmon_packet, 64 bytes little-endian), with
// the flags as the kernel's mon_bin_event sets them for each kind of event.
#include "atmbench/usb/usbmon_packet.hpp"

#include <gtest/gtest.h>

using namespace atmbench::usb;
using Bytes = std::vector<std::uint8_t>;

namespace {

UsbmonEvent bulk_out_submission() {
    UsbmonEvent e;
    e.urb_id = 0x1122334455667788ULL;
    e.type = 'S';
    e.transfer = UsbmonTransfer::Bulk;
    e.endpoint = 0x01;
    e.devnum = 2;
    e.busnum = 0x0301;
    e.time_us = 1'700'000'000'123'456LL;
    e.status = -kEINPROGRESS;
    e.length = 3;
    e.data = {0x10, 0x04, 0x01};  // DLE EOT 1
    e.transfer_flags = 0x00000001;
    return e;
}

std::uint32_t u32(const Bytes& b, std::size_t at) {
    return b[at] | b[at + 1] << 8 | b[at + 2] << 16 | static_cast<std::uint32_t>(b[at + 3]) << 24;
}

}  // namespace

TEST(UsbmonPacket, BulkOutSubmissionByteForByte) {
    const Bytes expected{
        0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,  //  0 id
        'S', 3, 0x01, 2,                                  //  8 type, xfer_type bulk, epnum, devnum
        0x01, 0x03,                                       // 12 busnum
        '-', 0,                                           // 14 flag_setup (not control), flag_data (data follows)
        0x00, 0xF1, 0x53, 0x65, 0, 0, 0, 0,               // 16 ts_sec 1700000000
        0x40, 0xE2, 0x01, 0x00,                           // 24 ts_usec 123456
        0x8D, 0xFF, 0xFF, 0xFF,                           // 28 status -115 (-EINPROGRESS)
        3, 0, 0, 0, 3, 0, 0, 0,                           // 32 length, len_cap
        0, 0, 0, 0, 0, 0, 0, 0,                           // 40 setup: not a control transfer
        0, 0, 0, 0, 0, 0, 0, 0,                           // 48 interval, start_frame
        1, 0, 0, 0, 0, 0, 0, 0,                           // 56 xfer_flags, ndesc
        0x10, 0x04, 0x01};                                // the data
    EXPECT_EQ(usbmon_packet(bulk_out_submission(), 1024), expected);
}

TEST(UsbmonPacket, InSubmissionAndOutCompletionCarryNoDataButTheirTag) {
    UsbmonEvent in = bulk_out_submission();
    in.endpoint = 0x82;
    in.length = 64;
    in.data = {1, 2, 3};  // ignored: an IN URB has nothing to show yet
    Bytes b = usbmon_packet(in, 1024);
    ASSERT_EQ(b.size(), kUsbmonHeaderLength);
    EXPECT_EQ(b[10], 0x82);
    EXPECT_EQ(b[15], '<');
    EXPECT_EQ(u32(b, 32), 64u) << "the buffer's length";
    EXPECT_EQ(u32(b, 36), 0u);

    UsbmonEvent out = bulk_out_submission();
    out.type = 'C';
    out.status = 0;
    b = usbmon_packet(out, 1024);
    ASSERT_EQ(b.size(), kUsbmonHeaderLength);
    EXPECT_EQ(b[8], 'C');
    EXPECT_EQ(b[15], '>');
    EXPECT_EQ(u32(b, 28), 0u);
    EXPECT_EQ(u32(b, 32), 3u) << "the length transferred";
}

TEST(UsbmonPacket, InCompletionCarriesTheAnswerCutAtTheCaptureLimit) {
    UsbmonEvent e = bulk_out_submission();
    e.type = 'C';
    e.endpoint = 0x82;
    e.status = 0;
    e.length = 4;
    e.data = {0x12, 0x13, 0x14, 0x15};
    Bytes b = usbmon_packet(e, 1024);
    EXPECT_EQ(b[15], 0);
    EXPECT_EQ(Bytes(b.begin() + 64, b.end()), e.data);
    b = usbmon_packet(e, 2);
    EXPECT_EQ(u32(b, 32), 4u);
    EXPECT_EQ(u32(b, 36), 2u) << "len_cap: what was kept";
    EXPECT_EQ(Bytes(b.begin() + 64, b.end()), (Bytes{0x12, 0x13}));
    e.length = 0;
    e.data.clear();
    b = usbmon_packet(e, 1024);
    EXPECT_EQ(b.size(), kUsbmonHeaderLength);
    EXPECT_EQ(b[15], 0) << "a zero-length IN completion has no tag (mon_bin_event's data_tag 0)";
}

TEST(UsbmonPacket, ControlSubmissionHasItsSetupPacketAndTheDirectionOnEndpointZero) {
    UsbmonEvent e = bulk_out_submission();
    e.transfer = UsbmonTransfer::Control;
    e.endpoint = 0x80;  // GET_DESCRIPTOR: an IN URB on endpoint 0
    e.length = 18;
    e.data.clear();
    e.setup = std::array<std::uint8_t, 8>{0x80, 0x06, 0x00, 0x01, 0x00, 0x00, 0x12, 0x00};
    Bytes b = usbmon_packet(e, 1024);
    ASSERT_EQ(b.size(), kUsbmonHeaderLength);
    EXPECT_EQ(b[9], 2) << "xfer_type control";
    EXPECT_EQ(b[10], 0x80);
    EXPECT_EQ(b[14], 0) << "flag_setup 0: the setup packet is there";
    EXPECT_EQ(b[15], '<');
    EXPECT_EQ(Bytes(b.begin() + 40, b.begin() + 48), (Bytes{0x80, 0x06, 0x00, 0x01, 0x00, 0x00, 0x12, 0x00}));
    e.setup.reset();
    EXPECT_EQ(usbmon_packet(e, 1024)[14], 'Z');
    e.type = 'C';
    e.setup = std::array<std::uint8_t, 8>{1, 2, 3, 4, 5, 6, 7, 8};
    b = usbmon_packet(e, 1024);
    EXPECT_EQ(b[14], '-') << "a completion never shows the setup";
    EXPECT_EQ(Bytes(b.begin() + 40, b.begin() + 48), Bytes(8, 0));
}

TEST(UsbmonPacket, OnlyInterruptTransfersCarryTheirInterval) {
    UsbmonEvent e = bulk_out_submission();
    e.interval = 10;
    EXPECT_EQ(u32(usbmon_packet(e, 1024), 48), 0u);
    e.transfer = UsbmonTransfer::Interrupt;
    e.endpoint = 0x83;
    EXPECT_EQ(usbmon_packet(e, 1024)[9], 1);
    EXPECT_EQ(u32(usbmon_packet(e, 1024), 48), 10u);
}

TEST(UsbmonPacket, TimesBeforeTheEpochKeepMicrosecondsPositive) {
    UsbmonEvent e = bulk_out_submission();
    e.time_us = -1;
    Bytes b = usbmon_packet(e, 0);
    EXPECT_EQ(u32(b, 16), 0xFFFFFFFFu);
    EXPECT_EQ(u32(b, 24), 999'999u);
}
