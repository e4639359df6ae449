#include "atmbench/usb/usbmon_packet.hpp"

#include <algorithm>

namespace atmbench::usb {

namespace {

// Host byte order, as the kernel hands the header out (usbmon.rst); the bench's hosts are little-endian.
template <class T>
void put(std::vector<std::uint8_t>& b, std::size_t offset, T value) {
    auto v = static_cast<std::uint64_t>(value);
    for (std::size_t i = 0; i < sizeof(T); ++i) b[offset + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

}  // namespace

std::vector<std::uint8_t> usbmon_packet(const UsbmonEvent& e, std::size_t max_data) {
    // mon_bin_event: an IN URB has nothing to show when submitted ('<'), an OUT URB nothing when it completes ('>').
    char data_tag = 0;
    bool carries_data = true;
    if (e.in() && e.type == 'S') {
        data_tag = '<';
        carries_data = false;
    } else if (!e.in() && e.type == 'C') {
        data_tag = '>';
        carries_data = false;
    }
    const std::size_t captured = carries_data ? std::min({e.data.size(), max_data, std::size_t{e.length}}) : 0;

    std::vector<std::uint8_t> b(kUsbmonHeaderLength + captured, 0);
    put<std::uint64_t>(b, 0, e.urb_id);                   //  0 id
    b[8] = static_cast<std::uint8_t>(e.type);             //  8 type
    b[9] = static_cast<std::uint8_t>(e.transfer);         //  9 xfer_type
    b[10] = e.endpoint;                                   // 10 epnum
    b[11] = e.devnum;                                     // 11 devnum
    put<std::uint16_t>(b, 12, e.busnum);                  // 12 busnum
    const bool control_submission = e.transfer == UsbmonTransfer::Control && e.type == 'S';
    b[14] = !control_submission ? '-' : e.setup ? 0 : 'Z';  // 14 flag_setup (mon_bin_get_setup)
    // 15 flag_data: 0 when data follows, or when the URB has none to show (length 0, no tag); else the tag.
    b[15] = static_cast<std::uint8_t>(captured > 0 ? 0 : data_tag);
    std::int64_t sec = e.time_us / 1'000'000, usec = e.time_us % 1'000'000;
    if (usec < 0) {
        usec += 1'000'000;
        --sec;
    }
    put<std::int64_t>(b, 16, sec);                        // 16 ts_sec
    put<std::int32_t>(b, 24, static_cast<std::int32_t>(usec));  // 24 ts_usec
    put<std::int32_t>(b, 28, e.status);                   // 28 status
    put<std::uint32_t>(b, 32, e.length);                  // 32 length (len_urb)
    put<std::uint32_t>(b, 36, static_cast<std::uint32_t>(captured));  // 36 len_cap
    if (control_submission && e.setup) std::copy(e.setup->begin(), e.setup->end(), b.begin() + 40);  // 40 setup
    if (e.transfer == UsbmonTransfer::Interrupt || e.transfer == UsbmonTransfer::Isochronous)
        put<std::int32_t>(b, 48, e.interval);             // 48 interval; 52 start_frame: isochronous only
    put<std::uint32_t>(b, 56, e.transfer_flags);          // 56 xfer_flags; 60 ndesc: isochronous only
    std::copy_n(e.data.begin(), captured, b.begin() + kUsbmonHeaderLength);
    return b;
}

}  // namespace atmbench::usb
