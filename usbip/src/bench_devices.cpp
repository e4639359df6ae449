#include "atmbench/usbip/bench_devices.hpp"

namespace atmbench::usbip {

UsbDescription ccnet_validator_usb() {
    UsbDescription d;
    d.vendor_id = 0x1a86;  // a USB-serial bridge's IDs, as most CCNET validators with USB report them
    d.product_id = 0x7523;
    d.interface_class = 0xFF;
    d.manufacturer = "atmbench";
    d.product = "CCNET bill validator (simulated)";
    d.serial = "ATMB-BV-0001";
    return d;
}

UsbDescription escpos_printer_usb() {
    UsbDescription d;
    d.vendor_id = 0x0416;  // a common Chinese thermal printer controller's IDs, as kiosks report them
    d.product_id = 0x5011;
    d.interface_class = 0x07;
    d.interface_subclass = 0x01;
    d.interface_protocol = 0x02;
    d.manufacturer = "atmbench";
    d.product = "ESC/POS receipt printer (simulated)";
    d.serial = "ATMB-PRN-0001";
    d.ieee1284_id = "MFG:atmbench;MDL:escpos-printer;CMD:ESC/POS;CLS:PRINTER;";
    return d;
}

}  // namespace atmbench::usbip
