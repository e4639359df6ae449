// The length header that frames messages on a TCP stream (docs/references.md [ISO8583] §1.1).
#pragma once

#include "atmbench/iso8583/codec_error.hpp"
#include "atmbench/iso8583/profile.hpp"

#include <optional>

namespace atmbench::iso8583 {

class Framer {
public:
    Framer(LengthHeader header, bool inclusive) : header_(header), inclusive_(inclusive) {}
    explicit Framer(const Framing& f) : Framer(f.length_header, f.length_inclusive) {}

    std::size_t header_size() const;
    // Largest payload the header can express.
    std::size_t max_payload() const;

    // Appends the length header for a payload of `payload_size` bytes. Throws EncodeError if it cannot be expressed.
    void write_header(std::size_t payload_size, Bytes& out) const;
    Bytes frame(ByteView payload) const;

    // For buffered stream bytes: the payload length announced by the header at the front, or nullopt while fewer
    // than header_size() bytes are buffered. Throws DecodeError (field -1) for a header that is not a valid
    // length (non-digit ASCII/BCD, inclusive length smaller than the header, zero).
    std::optional<std::size_t> payload_length(ByteView buffered) const;

    LengthHeader kind() const { return header_; }
    bool inclusive() const { return inclusive_; }

private:
    LengthHeader header_;
    bool inclusive_;
};

}  // namespace atmbench::iso8583
