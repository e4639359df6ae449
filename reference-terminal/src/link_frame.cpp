#include "atmbench/terminal/link_frame.hpp"

#include "atmbench/terminal/message_packer.hpp"

namespace atmbench::terminal {

namespace {
std::size_t envelope(const Dialect& d) { return (d.tpdu.size() + d.header.size()) / 2; }
}  // namespace

Bytes frame_message(const Dialect& d, ByteView message) {
    const Bytes tpdu = from_hex(d.tpdu), header = from_hex(d.header);
    const std::size_t len = tpdu.size() + header.size() + message.size();
    if (len > 0xFFFF) throw PackError(-1, 0, "a frame of " + std::to_string(len) + " bytes does not fit a 2-byte length");
    Bytes out{static_cast<std::uint8_t>(len >> 8), static_cast<std::uint8_t>(len & 0xFF)};
    out.insert(out.end(), tpdu.begin(), tpdu.end());
    out.insert(out.end(), header.begin(), header.end());
    out.insert(out.end(), message.begin(), message.end());
    return out;
}

std::optional<std::size_t> frame_size(ByteView inbox) {
    if (inbox.size() < kLengthBytes) return std::nullopt;
    return kLengthBytes + (std::size_t{inbox[0]} << 8 | inbox[1]);
}

ByteView message_of(const Dialect& d, ByteView frame) {
    const std::size_t skip = kLengthBytes + envelope(d);
    if (frame.size() < skip)
        throw PackError(-1, kLengthBytes, "a frame of " + std::to_string(frame.size()) + " bytes is shorter than length, TPDU and header (" +
                                              std::to_string(skip) + ")");
    return frame.subspan(skip);
}

}  // namespace atmbench::terminal
