// A pcapng capture file (draft-ietf-opsawg-pcapng, "PCAP Now Generic"), the format Wireshark and tshark open: one
// Section Header Block (§4.1), one Interface Description Block (§4.2), then one Enhanced Packet Block (§4.3) per
// packet. Written in this machine's byte order (little-endian on the bench's x86-64 and arm64): a reader learns the
// order from the byte-order magic (§4.1). Every packet is flushed as it is written, so a capture cut short (the
// process killed) is still a readable file up to its last whole packet.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <span>
#include <string_view>
#include <vector>

namespace atmbench::usb {

namespace pcapng {

using Bytes = std::vector<std::uint8_t>;

inline constexpr std::uint32_t kSectionHeaderBlock = 0x0A0D0D0A;  // §4.1: a palindrome, the same in both orders
inline constexpr std::uint32_t kInterfaceDescriptionBlock = 0x00000001;  // §4.2
inline constexpr std::uint32_t kEnhancedPacketBlock = 0x00000006;        // §4.3
inline constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;             // §4.1
// LINKTYPE_USB_LINUX_MMAPPED: each packet starts with the 64-byte usbmon header (usbmon_packet.hpp).
inline constexpr std::uint16_t kLinkTypeUsbLinuxMmapped = 220;

// The blocks as bytes (each a multiple of 4 bytes, its total length at both ends, §3.1).
// `application`: the shb_userappl option (§4.1, code 4); empty: no options.
Bytes section_header_block(std::string_view application);
// `name`: the if_name option (§4.2, code 2); empty: no options. No if_tsresol: the default, microseconds, is ours.
Bytes interface_description_block(std::uint16_t link_type, std::uint32_t snaplen, std::string_view name);
// `timestamp_us`: microseconds since 1970-01-01 UTC, split into its upper and lower 32 bits (§4.3).
// `captured` is padded with zeros to 32 bits; `original_length` is the packet's length before any snaplen cut.
Bytes enhanced_packet_block(std::uint32_t interface_id, std::uint64_t timestamp_us, std::span<const std::uint8_t> captured,
                            std::uint32_t original_length);

}  // namespace pcapng

// One capture file on one interface. Not thread-safe: one writer at a time (the caller's lock).
class PcapngWriter {
public:
    // Creates (or truncates) `path` and writes the section header and the interface. Throws std::runtime_error
    // naming the file when it cannot be written.
    PcapngWriter(const std::filesystem::path& path, std::uint16_t link_type, std::uint32_t snaplen,
                 std::string_view interface_name, std::string_view application);

    // One packet: at most snaplen() bytes of it are kept, its whole length recorded. Flushed before returning.
    // Throws std::runtime_error when the file cannot be written (a full disk).
    void write(std::uint64_t timestamp_us, std::span<const std::uint8_t> packet);

    std::uint32_t snaplen() const { return snaplen_; }
    std::uint64_t packets() const { return packets_; }
    const std::filesystem::path& path() const { return path_; }

private:
    void put(const pcapng::Bytes& block);

    std::filesystem::path path_;
    std::ofstream out_;
    std::uint32_t snaplen_;
    std::uint64_t packets_ = 0;
};

}  // namespace atmbench::usb
