// GET_DEVICE_ID (USB Printer Class 1.1 §4.2.1) through libusb's real Linux backend to simulated devices under
// umockdev: a printer answers its IEEE 1284 ID, a device without one stalls and the bench says "none".
#include "atmbench/usb/mock/bench_devices.hpp"
#include "atmbench/usb/mock/usb_testbed.hpp"
#include "atmbench/usb/printer_class.hpp"

#include "../device_link/line_reverser.hpp"

#include <gtest/gtest.h>

using namespace atmbench::usb;

TEST(PrinterClass, GetDeviceIdReadsThePrintersIeee1284IdAndNothingFromOtherDevices) {
    atmbench::device_link::test_devices::LineReverser model;
    mock::UsbTestbed testbed;
    testbed.add(mock::receipt_printer(), model, "2");
    testbed.add(mock::bill_validator(), model, "3");
    UsbContext context;
    UsbDevice p(context, UsbMatch::parse("0b00:0001"));
    EXPECT_EQ(printer_device_id(p, 0), "MFG:Bench;MDL:Receipt printer;CMD:ESC/POS;");
    UsbDevice v(context, UsbMatch::parse("0b00:0002"));
    EXPECT_EQ(printer_device_id(v, 0), std::nullopt);
}
