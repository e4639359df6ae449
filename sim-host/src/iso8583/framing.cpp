// Length headers on the TCP stream (docs/references.md [ISO8583] §1.1): 2-byte binary (PostChannel/NACChannel),
// 2-byte BCD (NCCChannel), 4 ASCII digits (ASCIIChannel), 4-byte binary (RawChannel), or none; each either
// exclusive or inclusive of its own bytes (isosim "2I/2E/4I/4E").
#include "atmbench/iso8583/framing.hpp"

#include "field_codec.hpp"

#include <cstdint>
#include <limits>

namespace atmbench::iso8583 {

std::size_t Framer::header_size() const {
    switch (header_) {
        case LengthHeader::None: return 0;
        case LengthHeader::Binary2:
        case LengthHeader::Bcd2: return 2;
        case LengthHeader::Ascii4:
        case LengthHeader::Binary4: return 4;
    }
    return 0;
}

std::size_t Framer::max_payload() const {
    std::size_t max_value = 0;
    switch (header_) {
        case LengthHeader::None: return std::numeric_limits<std::size_t>::max();
        case LengthHeader::Binary2: max_value = 0xFFFF; break;
        case LengthHeader::Bcd2:
        case LengthHeader::Ascii4: max_value = 9999; break;
        case LengthHeader::Binary4: max_value = 0xFFFFFFFFu; break;
    }
    return inclusive_ ? max_value - header_size() : max_value;
}

void Framer::write_header(std::size_t payload_size, Bytes& out) const {
    if (payload_size > max_payload())
        throw EncodeError(-1, 0, "a payload of at most " + std::to_string(max_payload()) + " bytes for " +
                                     to_string(header_),
                          std::to_string(payload_size) + " bytes");
    const std::size_t v = payload_size + (inclusive_ ? header_size() : 0);
    switch (header_) {
        case LengthHeader::None: break;
        case LengthHeader::Binary2:
            out.push_back(static_cast<std::uint8_t>(v >> 8));
            out.push_back(static_cast<std::uint8_t>(v));
            break;
        case LengthHeader::Binary4:
            for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
            break;
        case LengthHeader::Bcd2:
            out.push_back(static_cast<std::uint8_t>((v / 1000 % 10) << 4 | (v / 100 % 10)));
            out.push_back(static_cast<std::uint8_t>((v / 10 % 10) << 4 | (v % 10)));
            break;
        case LengthHeader::Ascii4:
            for (std::size_t d = 1000; d > 0; d /= 10) out.push_back(static_cast<std::uint8_t>('0' + v / d % 10));
            break;
    }
}

Bytes Framer::frame(ByteView payload) const {
    Bytes out;
    out.reserve(header_size() + payload.size());
    write_header(payload.size(), out);
    out.insert(out.end(), payload.begin(), payload.end());
    return out;
}

std::optional<std::size_t> Framer::payload_length(ByteView buffered) const {
    const std::size_t hs = header_size();
    if (header_ == LengthHeader::None) {
        // Without a length header a frame is whatever arrived; the stream cannot say more.
        if (buffered.empty()) return std::nullopt;
        return buffered.size();
    }
    if (buffered.size() < hs) return std::nullopt;
    const std::uint8_t* p = buffered.data();
    std::size_t v = 0;
    auto bad = [&] {
        return DecodeError(-1, 0, "a " + to_string(header_) + " length header", detail::describe_bytes(p, hs));
    };
    switch (header_) {
        case LengthHeader::None: break;
        case LengthHeader::Binary2:
        case LengthHeader::Binary4:
            for (std::size_t i = 0; i < hs; ++i) v = v << 8 | p[i];
            break;
        case LengthHeader::Bcd2:
            for (std::size_t i = 0; i < hs; ++i) {
                if ((p[i] >> 4) > 9 || (p[i] & 0xF) > 9) throw bad();
                v = v * 100 + (p[i] >> 4) * 10 + (p[i] & 0xF);
            }
            break;
        case LengthHeader::Ascii4:
            for (std::size_t i = 0; i < hs; ++i) {
                if (p[i] < '0' || p[i] > '9') throw bad();
                v = v * 10 + (p[i] - '0');
            }
            break;
    }
    if (inclusive_) {
        if (v <= hs)
            throw DecodeError(-1, 0, "an inclusive length greater than the header's " + std::to_string(hs) + " bytes",
                              "length " + std::to_string(v));
        v -= hs;
    }
    if (v == 0) throw DecodeError(-1, 0, "a non-zero payload length", "length 0");
    return v;
}

}  // namespace atmbench::iso8583
