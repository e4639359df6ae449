// CCNET framing (harness-usb.md §3.1): SYNC 0x02, ADR, LNG, then the payload (a command and its data from the
// controller; a state or an answer and its data from the peripheral), then CRC-16 low byte first. LNG counts the
// whole frame, SYNC and CRC included, so the shortest frame is 6 bytes. The extended form (LNG 0, the length after
// the command) is for frames above 250 bytes, which no command here needs: it is refused as a bad length.
#pragma once

#include "atmbench/ccnet/codes.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

namespace atmbench::ccnet {

using Bytes = std::vector<std::uint8_t>;

constexpr std::size_t kMinFrame = 6;    // SYNC ADR LNG CMD CRC_L CRC_H
constexpr std::size_t kMaxFrame = 250;  // beyond it CCNET uses the extended form

struct Frame {
    std::uint8_t address = static_cast<std::uint8_t>(Address::BillValidator);
    Bytes payload;  // CMD/state and DATA; never empty in a valid frame

    bool operator==(const Frame&) const = default;
};

// A frame that arrived broken. The reader has already dropped it, so the next read goes on after it.
class FrameError : public std::runtime_error {
public:
    enum class Kind { BadCrc, BadLength };
    FrameError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

// The frame's bytes on the wire. Throws std::invalid_argument for an empty payload or one too long for LNG.
Bytes encode(const Frame& frame);
// A frame of one byte: ACK or NAK to `address`, or a single-byte command such as POLL.
Bytes encode(Address address, std::uint8_t command);

// Whole frames out of a byte stream that arrives in pieces. Bytes before a SYNC are garbage and skipped (counted);
// a frame whose LNG cannot be a frame, or whose CRC does not match, is dropped and reported once as FrameError.
class FrameReader {
public:
    void feed(std::span<const std::uint8_t> bytes);
    // The next whole frame; nullopt while more bytes are needed. Throws FrameError for a broken one (after
    // dropping it: call again for what follows).
    std::optional<Frame> next();
    // Bytes waiting for the rest of their frame.
    std::size_t buffered() const { return buffer_.size(); }
    // Garbage skipped while looking for a SYNC byte, since construction.
    std::size_t skipped() const { return skipped_; }
    void clear() { buffer_.clear(); }

private:
    Bytes buffer_;
    std::size_t skipped_ = 0;
};

}  // namespace atmbench::ccnet
