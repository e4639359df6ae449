#include "usbip_wire.hpp"

#include <algorithm>

namespace atmbench::usbip::wire {

Bytes device_record(const std::string& busid, std::uint32_t busnum, std::uint32_t devnum, const UsbDescription& d) {
    Bytes b;
    std::string path = "/sys/devices/atmbench/usb" + std::to_string(busnum) + "/" + busid;
    Bytes field(256, 0);
    std::copy_n(path.begin(), std::min<std::size_t>(path.size(), 255), field.begin());
    b.insert(b.end(), field.begin(), field.end());
    Bytes id(kBusidLength, 0);
    std::copy_n(busid.begin(), std::min<std::size_t>(busid.size(), kBusidLength - 1), id.begin());
    b.insert(b.end(), id.begin(), id.end());
    put32(b, busnum);
    put32(b, devnum);
    put32(b, 2);  // USB_SPEED_FULL: bulk max packet 64
    put16(b, d.vendor_id);
    put16(b, d.product_id);
    put16(b, d.bcd_device);
    b.insert(b.end(), {0, 0, 0, 1, 1, 1});  // device class/subclass/protocol (per interface), configuration 1 of 1, one interface
    return b;
}

UrbCommand decode_urb_header(const std::uint8_t* h) {
    UrbCommand c;
    c.command = get32(h);
    c.seqnum = get32(h + 4);
    c.devid = get32(h + 8);
    c.direction = get32(h + 12);
    c.ep = get32(h + 16);
    if (c.command == kCmdSubmit) {
        c.transfer_flags = get32(h + 20);
        c.length = get32(h + 24);
        c.number_of_packets = static_cast<std::int32_t>(get32(h + 32));
        c.interval = static_cast<std::int32_t>(get32(h + 36));
        std::copy_n(h + 40, 8, c.setup.begin());
    } else if (c.command == kCmdUnlink) {
        c.unlink_seqnum = get32(h + 20);
    }
    return c;
}

namespace {

void basic(Bytes& b, std::uint32_t command, std::uint32_t seqnum) {
    put32(b, command);
    put32(b, seqnum);
    put32(b, 0);  // devid, direction and ep are 0 in replies (the protocol document)
    put32(b, 0);
    put32(b, 0);
}

}  // namespace

Bytes ret_submit(std::uint32_t seqnum, std::int32_t status, const Bytes& in_data, std::uint32_t actual_length) {
    Bytes b;
    basic(b, kRetSubmit, seqnum);
    put32(b, static_cast<std::uint32_t>(status));
    put32(b, actual_length);
    put32(b, 0);  // start_frame
    put32(b, 0);  // number_of_packets: not isochronous
    put32(b, 0);  // error_count
    b.resize(kUrbHeader, 0);
    b.insert(b.end(), in_data.begin(), in_data.end());
    return b;
}

Bytes ret_unlink(std::uint32_t seqnum, std::int32_t status) {
    Bytes b;
    basic(b, kRetUnlink, seqnum);
    put32(b, static_cast<std::uint32_t>(status));
    b.resize(kUrbHeader, 0);
    return b;
}

}  // namespace atmbench::usbip::wire
