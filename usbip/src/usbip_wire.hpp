// The USB/IP messages as bytes (docs.kernel.org/usb/usbip_protocol.html): every field big-endian except the 8-byte
// setup packet, copied raw. Internal to the server.
#pragma once

#include "atmbench/usbip/usb_description.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace atmbench::usbip::wire {

inline constexpr std::uint16_t kReqDevlist = 0x8005, kRepDevlist = 0x0005, kReqImport = 0x8003, kRepImport = 0x0003;
inline constexpr std::uint32_t kCmdSubmit = 1, kCmdUnlink = 2, kRetSubmit = 3, kRetUnlink = 4;
inline constexpr std::size_t kUrbHeader = 48, kDeviceRecord = 312, kBusidLength = 32;
// Linux errno values as the URB status carries them (negated).
inline constexpr std::int32_t kEPIPE = 32, kECONNRESET = 104, kESHUTDOWN = 108, kEINVAL = 22;

using Bytes = std::vector<std::uint8_t>;

inline void put32(Bytes& b, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(v >> s));
}
inline void put16(Bytes& b, std::uint16_t v) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
}
inline std::uint32_t get32(const std::uint8_t* p) {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}
inline std::uint16_t get16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }

// The 312-byte usbip_usb_device record (path, busid, busnum, devnum, speed, ids, classes, counts).
Bytes device_record(const std::string& busid, std::uint32_t busnum, std::uint32_t devnum, const UsbDescription& d);

// One CMD_SUBMIT or CMD_UNLINK header, decoded.
struct UrbCommand {
    std::uint32_t command = 0, seqnum = 0, devid = 0, direction = 0, ep = 0;
    std::uint32_t transfer_flags = 0, length = 0;     // SUBMIT
    std::int32_t number_of_packets = 0, interval = 0;
    std::array<std::uint8_t, 8> setup{};
    std::uint32_t unlink_seqnum = 0;  // UNLINK
};
UrbCommand decode_urb_header(const std::uint8_t* header);

Bytes ret_submit(std::uint32_t seqnum, std::int32_t status, const Bytes& in_data, std::uint32_t actual_length);
Bytes ret_unlink(std::uint32_t seqnum, std::int32_t status);

}  // namespace atmbench::usbip::wire
