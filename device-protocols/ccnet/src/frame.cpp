#include "atmbench/ccnet/frame.hpp"

#include "atmbench/ccnet/crc16.hpp"
#include "atmbench/common/bytes.hpp"

#include <algorithm>
#include <cstdio>

namespace atmbench::ccnet {

Bytes encode(const Frame& frame) {
    if (frame.payload.empty()) throw std::invalid_argument("CCNET frame: a frame carries at least a command byte");
    const std::size_t length = frame.payload.size() + 5;
    if (length > kMaxFrame)
        throw std::invalid_argument("CCNET frame: " + std::to_string(frame.payload.size()) +
                                    " payload bytes need the extended frame form, which is not implemented (at most " +
                                    std::to_string(kMaxFrame - 5) + ")");
    Bytes out;
    out.reserve(length);  // (also keeps GCC 12 from a false -Warray-bounds on growing a 3-byte vector)
    out.push_back(kSync);
    out.push_back(frame.address);
    out.push_back(static_cast<std::uint8_t>(length));
    out.insert(out.end(), frame.payload.begin(), frame.payload.end());
    const std::uint16_t crc = crc16(out);
    out.push_back(static_cast<std::uint8_t>(crc & 0xFF));  // low byte first (§3.1)
    out.push_back(static_cast<std::uint8_t>(crc >> 8));
    return out;
}

Bytes encode(Address address, std::uint8_t command) {
    return encode(Frame{static_cast<std::uint8_t>(address), {command}});
}

void FrameReader::feed(std::span<const std::uint8_t> bytes) { buffer_.insert(buffer_.end(), bytes.begin(), bytes.end()); }

std::optional<Frame> FrameReader::next() {
    // Resynchronise: everything before the first SYNC cannot belong to a frame.
    auto sync = std::find(buffer_.begin(), buffer_.end(), kSync);
    skipped_ += static_cast<std::size_t>(sync - buffer_.begin());
    buffer_.erase(buffer_.begin(), sync);
    if (buffer_.size() < 3) return std::nullopt;
    const std::size_t length = buffer_[2];
    if (length < kMinFrame || length > kMaxFrame) {
        // Only the SYNC is dropped: this 0x02 was likely a data byte, and a real frame may start right after it.
        Bytes head(buffer_.begin(), buffer_.begin() + 3);
        buffer_.erase(buffer_.begin());
        throw FrameError(FrameError::Kind::BadLength,
                         "CCNET frame " + to_hex(head) + "…: LNG " + std::to_string(length) +
                             (length == 0 ? " (the extended frame form, not implemented)"
                                          : " is outside " + std::to_string(kMinFrame) + ".." + std::to_string(kMaxFrame)));
    }
    if (buffer_.size() < length) return std::nullopt;
    Bytes whole(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(length));
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(length));
    const std::uint16_t expected = crc16(std::span(whole).first(length - 2));
    const std::uint16_t found = static_cast<std::uint16_t>(whole[length - 2] | (whole[length - 1] << 8));
    if (expected != found) {
        char crcs[48];
        std::snprintf(crcs, sizeof crcs, "CRC %02X %02X, expected %02X %02X", found & 0xFF, found >> 8, expected & 0xFF,
                      expected >> 8);
        throw FrameError(FrameError::Kind::BadCrc, "CCNET frame " + to_hex(whole) + ": " + crcs);
    }
    return Frame{whole[1], Bytes(whole.begin() + 3, whole.end() - 2)};
}

}  // namespace atmbench::ccnet
