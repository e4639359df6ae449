#include "usb_capture.hpp"

#include "atmbench/usb/usbmon_packet.hpp"

#include <chrono>

namespace atmbench::cli {

namespace {

// The endpoint descriptor's transfer type (USB 2.0 Table 9-13: 0 control, 1 isochronous, 2 bulk, 3 interrupt) in
// usbmon's numbering (mon_bin.c xfer_to_pipe: isochronous 0, interrupt 1, control 2, bulk 3).
usb::UsbmonTransfer usbmon_transfer(std::uint8_t attributes_type) {
    switch (attributes_type & 0x03) {
        case 0: return usb::UsbmonTransfer::Control;
        case 1: return usb::UsbmonTransfer::Isochronous;
        case 2: return usb::UsbmonTransfer::Bulk;
        default: return usb::UsbmonTransfer::Interrupt;
    }
}

std::int64_t now_us() {  // wall-clock time, as usbmon stamps events (gettimeofday) and pcapng expects (§4.3)
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

UsbCapture::UsbCapture(const std::filesystem::path& file, const usb::UsbDeviceInfo& device, const std::string& busid)
    : writer_(file, usb::pcapng::kLinkTypeUsbLinuxMmapped, kSnaplen,
              "usbip " + busid + ": " + device.describe(), "atmbench usb sniff"),
      busnum_(device.bus),
      devnum_(device.address) {}

void UsbCapture::record(const usbip::UrbRecord& urb) {
    usb::UsbmonEvent e;
    e.urb_id = urb.seqnum;  // unique among a connection's URBs in flight, as the kernel's URB address is
    e.type = urb.stage == usbip::UrbRecord::Stage::Submitted ? 'S' : 'C';
    e.transfer = usbmon_transfer(urb.transfer_type);
    e.endpoint = urb.endpoint;
    e.devnum = devnum_;
    e.busnum = busnum_;
    e.time_us = now_us();
    e.status = e.type == 'S' ? -usb::kEINPROGRESS : urb.status;
    e.length = urb.length;
    e.setup = urb.setup;
    e.data = urb.data;
    e.interval = urb.interval;
    e.transfer_flags = urb.transfer_flags;
    std::lock_guard lock(mutex_);
    if (failure_) return;
    try {
        writer_.write(static_cast<std::uint64_t>(e.time_us),
                      usb::usbmon_packet(e, kSnaplen - usb::kUsbmonHeaderLength));
    } catch (const std::exception& error) {
        failure_ = error.what();
    }
}

std::uint64_t UsbCapture::packets() const {
    std::lock_guard lock(mutex_);
    return writer_.packets();
}

std::optional<std::string> UsbCapture::failure() const {
    std::lock_guard lock(mutex_);
    return failure_;
}

}  // namespace atmbench::cli
