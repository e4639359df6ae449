// What `atmbench usb sniff` writes: every URB a host's driver exchanges with the exported device, at its submission
// and at its completion, as a Linux usbmon event (usb/usbmon_packet.hpp) in a pcapng file with link type
// LINKTYPE_USB_LINUX_MMAPPED (220) — so Wireshark shows the capture as if usbmon had run on the vendor's own host,
// under the real device's bus number and address.
#pragma once

#include "atmbench/usb/pcapng_writer.hpp"
#include "atmbench/usb/usb_context.hpp"
#include "atmbench/usbip/usbip_server.hpp"

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

namespace atmbench::cli {

class UsbCapture {
public:
    // Creates `file` (throws std::runtime_error naming it when it cannot). `device` gives the bus and address.
    UsbCapture(const std::filesystem::path& file, const usb::UsbDeviceInfo& device, const std::string& busid);

    // One URB stage, from any serving thread. Never throws (it runs on the server's threads): a write that fails
    // is kept as failure(), and nothing more is written.
    void record(const usbip::UrbRecord& urb);
    std::uint64_t packets() const;
    std::optional<std::string> failure() const;

    // WTAP_MAX_PACKET_SIZE_STANDARD: what every pcapng reader accepts. A transfer longer than this less the
    // 64-byte header keeps its start, and its usbmon len_cap says so (as the kernel caps what it copies).
    static constexpr std::uint32_t kSnaplen = 262144;

private:
    mutable std::mutex mutex_;
    usb::PcapngWriter writer_;
    std::uint16_t busnum_;
    std::uint8_t devnum_;
    std::optional<std::string> failure_;
};

}  // namespace atmbench::cli
