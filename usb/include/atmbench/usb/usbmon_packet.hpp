// One event of Linux's usbmon binary interface, the record Wireshark reads under LINKTYPE_USB_LINUX_MMAPPED (220):
// the 64-byte header of Documentation/usb/usbmon.rst ("Raw binary format and API": struct usbmon_packet, including
// the interval, start_frame, xfer_flags and ndesc fields of the mmapped API), in host byte order (little-endian here),
// then the captured data. Filled the way the kernel's drivers/usb/mon/mon_bin.c (mon_bin_event) fills it, so a
// capture of the bench's exchange reads in Wireshark like one taken with usbmon on a Linux host.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace atmbench::usb {

// usbmon.rst: "xfer_type: ISO (0), Intr, Control, Bulk (3)" — not the endpoint descriptor's bmAttributes order.
enum class UsbmonTransfer : std::uint8_t { Isochronous = 0, Interrupt = 1, Control = 2, Bulk = 3 };

inline constexpr std::size_t kUsbmonHeaderLength = 64;
inline constexpr std::int32_t kEINPROGRESS = 115;  // a submission's status is -EINPROGRESS (mon_bin_submit)

struct UsbmonEvent {
    std::uint64_t urb_id = 0;  // the same on a URB's submission and its completion
    char type = 'S';           // 'S' submission, 'C' completion (callback), 'E' submission error
    UsbmonTransfer transfer = UsbmonTransfer::Bulk;
    std::uint8_t endpoint = 0;  // number, bit 7 set when the URB is IN (also on endpoint 0: the URB's direction)
    std::uint8_t devnum = 0;
    std::uint16_t busnum = 0;
    std::int64_t time_us = 0;  // microseconds since 1970 (gettimeofday in the kernel)
    std::int32_t status = 0;   // 'S': -EINPROGRESS; 'C': 0 or -errno
    std::uint32_t length = 0;  // 'S': the transfer buffer's length; 'C': the length actually transferred
    std::optional<std::array<std::uint8_t, 8>> setup;  // the setup packet of a control submission
    std::vector<std::uint8_t> data;  // the bytes the event carries: OUT data on 'S', IN data on 'C'
    std::int32_t interval = 0;       // interrupt (and isochronous) transfers only
    std::uint32_t transfer_flags = 0;  // the URB's transfer_flags (URB_SHORT_NOT_OK, URB_DIR_IN, …)

    bool in() const { return (endpoint & 0x80) != 0; }
};

// The header and the data the event captures (at most `max_data` bytes of it; len_cap says how many). As mon_bin.c
// does: an IN submission and an OUT completion carry no data (flag_data '<' and '>'); a control submission carries
// its setup packet in the header (flag_setup 0; '-' elsewhere, 'Z' for a control submission without one).
std::vector<std::uint8_t> usbmon_packet(const UsbmonEvent& event, std::size_t max_data);

}  // namespace atmbench::usb
