#include "atmbench/usb/pcapng_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace atmbench::usb {

namespace pcapng {

namespace {

// Fields in the host's byte order (§4.1: the section's order is the writer's); the bench's hosts are little-endian.
void put16(Bytes& b, std::uint16_t v) {
    b.push_back(static_cast<std::uint8_t>(v));
    b.push_back(static_cast<std::uint8_t>(v >> 8));
}
void put32(Bytes& b, std::uint32_t v) {
    for (int s = 0; s < 32; s += 8) b.push_back(static_cast<std::uint8_t>(v >> s));
}
void pad32(Bytes& b) {  // §3.1: every block and every option value ends on a 32-bit boundary
    while (b.size() % 4) b.push_back(0);
}

// One option (§3.5): code, length of the value, the value padded to 32 bits.
void option(Bytes& b, std::uint16_t code, std::string_view value) {
    put16(b, code);
    put16(b, static_cast<std::uint16_t>(value.size()));
    b.insert(b.end(), value.begin(), value.end());
    pad32(b);
}

// A text option followed by opt_endofopt (code 0, length 0); nothing at all for an empty text.
void options(Bytes& b, std::uint16_t code, std::string_view text) {
    if (text.empty()) return;
    option(b, code, text.substr(0, 0xFFFF));
    put32(b, 0);
}

// The frame every block shares (§3.1): type, total length, body, total length again.
Bytes block(std::uint32_t type, const Bytes& body) {
    Bytes b;
    const auto total = static_cast<std::uint32_t>(12 + body.size());
    put32(b, type);
    put32(b, total);
    b.insert(b.end(), body.begin(), body.end());
    put32(b, total);
    return b;
}

}  // namespace

Bytes section_header_block(std::string_view application) {
    Bytes body;
    put32(body, kByteOrderMagic);
    put16(body, 1);  // major version 1, minor 0 (§4.1)
    put16(body, 0);
    put32(body, 0xFFFFFFFF);  // section length -1: not given (§4.1), the file is written as packets come
    put32(body, 0xFFFFFFFF);
    options(body, 4, application);  // shb_userappl
    return block(kSectionHeaderBlock, body);
}

Bytes interface_description_block(std::uint16_t link_type, std::uint32_t snaplen, std::string_view name) {
    Bytes body;
    put16(body, link_type);
    put16(body, 0);  // reserved
    put32(body, snaplen);
    options(body, 2, name);  // if_name
    return block(kInterfaceDescriptionBlock, body);
}

Bytes enhanced_packet_block(std::uint32_t interface_id, std::uint64_t timestamp_us, std::span<const std::uint8_t> captured,
                            std::uint32_t original_length) {
    Bytes body;
    put32(body, interface_id);
    put32(body, static_cast<std::uint32_t>(timestamp_us >> 32));
    put32(body, static_cast<std::uint32_t>(timestamp_us));
    put32(body, static_cast<std::uint32_t>(captured.size()));
    put32(body, original_length);
    body.insert(body.end(), captured.begin(), captured.end());
    pad32(body);
    return block(kEnhancedPacketBlock, body);
}

}  // namespace pcapng

PcapngWriter::PcapngWriter(const std::filesystem::path& path, std::uint16_t link_type, std::uint32_t snaplen,
                           std::string_view interface_name, std::string_view application)
    : path_(path), out_(path, std::ios::binary | std::ios::trunc), snaplen_(snaplen) {
    if (!out_) throw std::runtime_error("pcapng " + path.string() + ": cannot create: " + std::strerror(errno));
    put(pcapng::section_header_block(application));
    put(pcapng::interface_description_block(link_type, snaplen, interface_name));
}

void PcapngWriter::write(std::uint64_t timestamp_us, std::span<const std::uint8_t> packet) {
    const auto kept = packet.first(std::min<std::size_t>(packet.size(), snaplen_));
    put(pcapng::enhanced_packet_block(0, timestamp_us, kept, static_cast<std::uint32_t>(packet.size())));
    ++packets_;
}

void PcapngWriter::put(const pcapng::Bytes& block) {
    out_.write(reinterpret_cast<const char*>(block.data()), static_cast<std::streamsize>(block.size()));
    out_.flush();  // to the OS at once: a killed bench still leaves every whole block on disk
    if (!out_) throw std::runtime_error("pcapng " + path_.string() + ": cannot write: " + std::strerror(errno));
}

}  // namespace atmbench::usb
