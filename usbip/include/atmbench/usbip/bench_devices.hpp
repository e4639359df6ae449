// What a USB host sees of each of the bench's simulated devices: one identity per model, the same whichever
// command exports it (`atmbench ccnet-validator --usbip`, `atmbench escpos-printer --usbip`, a device set's
// `ccnetValidator` / `escposPrinter` under `atmbench devices --usbip`), so a host's driver binds to it the same way.
#pragma once

#include "atmbench/usbip/usb_description.hpp"

namespace atmbench::usbip {

// A vendor-specific interface with a bulk pair, as CCNET validators with a USB port show their serial protocol
// (harness-usb.md §3.2), under a USB-serial bridge's IDs.
UsbDescription ccnet_validator_usb();
// A bidirectional printer-class interface (USB Printer Class 1.1: class 7, subclass 1, protocol 2) with the
// IEEE 1284 device ID a spooler matches ESC/POS drivers by (harness-usb.md §4).
UsbDescription escpos_printer_usb();

}  // namespace atmbench::usbip
