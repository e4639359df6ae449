// The simulated devices the USB tests plug in, by what a host sees of them: made-up VID:PIDs of the bench (0b00:…).
// The receipt printer is the one usb/testdata/receipt-printer.umockdev describes (same descriptors), here with the
// IEEE 1284 ID it answers GET_DEVICE_ID with.
#pragma once

#include "atmbench/usbip/usb_description.hpp"

namespace atmbench::usb::mock {

inline usbip::UsbDescription receipt_printer() {
    usbip::UsbDescription d;
    d.vendor_id = 0x0b00;
    d.product_id = 0x0001;
    d.interface_class = 0x07;  // USB Printer Class 1.1: printer, subclass 1, protocol 2 bidirectional
    d.interface_subclass = 0x01;
    d.interface_protocol = 0x02;
    d.bulk_out = 0x01;
    d.bulk_in = 0x82;
    d.interrupt_in = 0x83;
    d.manufacturer = "Bench";
    d.product = "Receipt printer";
    d.serial = "PR-17";
    d.ieee1284_id = "MFG:Bench;MDL:Receipt printer;CMD:ESC/POS;";
    return d;
}

inline usbip::UsbDescription bill_validator() {  // vendor class 0xFF, bulk 0x01/0x81
    usbip::UsbDescription d;
    d.vendor_id = 0x0b00;
    d.product_id = 0x0002;
    d.manufacturer = "Bench";
    d.product = "Bill validator";
    d.serial = "BV-3";
    return d;
}

}  // namespace atmbench::usb::mock
