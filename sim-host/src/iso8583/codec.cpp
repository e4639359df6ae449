// Message body (MTI, bitmaps, fields in ascending order) and the CUP envelope around it (TPDU + static header,
// docs/references.md [ISO8583] §1.2, §1.4). Field packing itself is field_codec.cpp's.
#include "atmbench/iso8583/codec.hpp"
#include "atmbench/iso8583/envelope.hpp"

#include "field_codec.hpp"

#include <bit>
#include <cstdint>

namespace atmbench::iso8583 {

namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";
constexpr std::size_t kTpduSize = 5;

std::size_t mti_size(MtiEncoding e) { return e == MtiEncoding::Bcd ? 2 : 4; }
std::size_t bitmap_size(BitmapEncoding e) { return e == BitmapEncoding::Binary ? 8 : 16; }

void check_mti(const std::string& mti) {
    bool ok = mti.size() == 4;
    for (char c : mti) ok = ok && c >= '0' && c <= '9';
    if (!ok) throw EncodeError(0, 0, "an MTI of 4 digits", "\"" + mti + "\"");
}

std::uint8_t* write_mti(const std::string& mti, MtiEncoding enc, std::uint8_t* w) {
    switch (enc) {
        case MtiEncoding::Ascii:
            for (int i = 0; i < 4; ++i) *w++ = static_cast<std::uint8_t>(mti[i]);
            break;
        case MtiEncoding::Ebcdic:
            for (int i = 0; i < 4; ++i) *w++ = static_cast<std::uint8_t>(0xF0 + (mti[i] - '0'));
            break;
        case MtiEncoding::Bcd:
            *w++ = static_cast<std::uint8_t>((mti[0] - '0') << 4 | (mti[1] - '0'));
            *w++ = static_cast<std::uint8_t>((mti[2] - '0') << 4 | (mti[3] - '0'));
            break;
    }
    return w;
}

void decode_mti(const std::uint8_t* p, std::size_t size, MtiEncoding enc, std::string& mti) {
    const std::size_t n = mti_size(enc);
    if (size < n)
        throw DecodeError(0, 0, "an MTI of " + std::to_string(n) + " bytes", std::to_string(size) + " bytes");
    mti.resize(4);
    auto bad = [&](std::size_t at) {
        return DecodeError(0, at, "4 MTI digits", detail::describe_bytes(p, n));
    };
    switch (enc) {
        case MtiEncoding::Ascii:
            for (std::size_t i = 0; i < 4; ++i) {
                if (p[i] < '0' || p[i] > '9') throw bad(i);
                mti[i] = static_cast<char>(p[i]);
            }
            break;
        case MtiEncoding::Ebcdic:
            for (std::size_t i = 0; i < 4; ++i) {
                if (p[i] < 0xF0 || p[i] > 0xF9) throw bad(i);
                mti[i] = static_cast<char>('0' + (p[i] - 0xF0));
            }
            break;
        case MtiEncoding::Bcd:
            for (std::size_t i = 0; i < 4; ++i) {
                const unsigned d = i % 2 == 0 ? p[i / 2] >> 4 : p[i / 2] & 0xF;
                if (d > 9) throw bad(i / 2);
                mti[i] = static_cast<char>('0' + d);
            }
            break;
    }
}

std::uint8_t* write_bitmap(std::uint64_t bits, BitmapEncoding enc, std::uint8_t* w) {
    for (int shift = 56; shift >= 0; shift -= 8) {
        const auto b = static_cast<std::uint8_t>(bits >> shift);
        if (enc == BitmapEncoding::Binary) {
            *w++ = b;
        } else {
            *w++ = static_cast<std::uint8_t>(kHexDigits[b >> 4]);
            *w++ = static_cast<std::uint8_t>(kHexDigits[b & 0xF]);
        }
    }
    return w;
}

int hex_value(std::uint8_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// Reads one 64-bit bitmap at body[pos]; `which` names it in errors.
std::uint64_t read_bitmap(const std::uint8_t* body, std::size_t size, std::size_t pos, BitmapEncoding enc,
                          const char* which) {
    const std::size_t n = bitmap_size(enc);
    if (size - pos < n)
        throw DecodeError(1, pos, std::string(which) + " of " + std::to_string(n) + " bytes",
                          std::to_string(size - pos) + " bytes left");
    std::uint64_t bits = 0;
    if (enc == BitmapEncoding::Binary) {
        for (std::size_t i = 0; i < 8; ++i) bits = bits << 8 | body[pos + i];
    } else {
        for (std::size_t i = 0; i < 16; ++i) {
            const int v = hex_value(body[pos + i]);
            if (v < 0) throw DecodeError(1, pos + i, "a hex digit of the bitmap", detail::describe_char(body[pos + i]));
            bits = bits << 4 | static_cast<unsigned>(v);
        }
    }
    return bits;
}

constexpr std::uint64_t kTopBit = std::uint64_t{1} << 63;

}  // namespace

void Codec::encode_body(const Message& message, Bytes& out) const {
    const Profile& p = *profile_;
    check_mti(message.mti);
    const auto& fields = message.fields();
    const std::size_t field_count = fields.size();

    // Size the buffer once for the worst case, write everything in one pass, then trim: no per-byte capacity
    // checks and one dispatch per field. On an error `out` is put back as it was.
    const bool secondary = message.has_secondary();
    std::size_t bound = 4 + bitmap_size(p.bitmap_encoding) * (secondary ? 2 : 1);
    for (const auto& f : fields) bound += detail::max_encoded_size(f.second.size());
    const std::size_t base = out.size();
    out.resize(base + bound);
    std::uint8_t* const start = out.data() + base;

    // Bitmaps from the field numbers alone (§1.4: bit 1 announces the secondary bitmap).
    std::uint64_t primary_bits = secondary ? kTopBit : 0, secondary_bits = 0;
    for (const auto& f : fields) {
        if (f.first <= 64)
            primary_bits |= kTopBit >> (f.first - 1);
        else
            secondary_bits |= kTopBit >> (f.first - 65);
    }
    std::uint8_t* w = write_mti(message.mti, p.mti_encoding, start);
    w = write_bitmap(primary_bits, p.bitmap_encoding, w);
    if (secondary) w = write_bitmap(secondary_bits, p.bitmap_encoding, w);
    try {
        for (std::size_t i = 0; i < field_count; ++i) {
            const int n = fields[i].first;
            const FieldSpec* spec = p.field(n);
            if (spec == nullptr)
                throw EncodeError(n, static_cast<std::size_t>(w - start), "a field profile '" + p.name + "' defines",
                                  "field " + std::to_string(n));
            w = detail::encode_field(*spec, fields[i].second, w, static_cast<std::size_t>(w - start));
        }
    } catch (...) {
        out.resize(base);
        throw;
    }
    out.resize(base + static_cast<std::size_t>(w - start));
}

void Codec::decode_body(ByteView body, Message& message, std::vector<FieldSpan>* spans) const {
    const Profile& p = *profile_;
    const std::uint8_t* data = body.data();
    const std::size_t size = body.size();

    // Fields are decoded into the message's existing entries, reusing their strings' buffers: a Message reused
    // for decoding stops allocating once it has seen a message of the same shape. tpdu/header stay as they are.
    std::vector<Message::Field>& fields = message.fields_;
    std::size_t count = 0;  // entries handed out
    std::size_t done = 0;   // entries holding a completely decoded field
    auto slot = [&](int n) -> std::string& {
        if (count == fields.size()) fields.emplace_back();
        fields[count].first = n;
        return fields[count++].second;
    };
    if (spans) spans->clear();

    try {
        decode_mti(data, size, p.mti_encoding, message.mti);
        std::size_t pos = mti_size(p.mti_encoding);
        if (spans) spans->push_back({0, 0, pos});

        const std::size_t bitmap_start = pos;
        const std::uint64_t primary = read_bitmap(data, size, pos, p.bitmap_encoding, "primary bitmap");
        pos += bitmap_size(p.bitmap_encoding);
        std::uint64_t secondary = 0;
        if (primary & kTopBit) {
            secondary = read_bitmap(data, size, pos, p.bitmap_encoding, "secondary bitmap (bit 1 is set)");
            pos += bitmap_size(p.bitmap_encoding);
        }
        if (spans) spans->push_back({1, bitmap_start, pos - bitmap_start});

        int last = 1;
        auto decode_word = [&](std::uint64_t bits, int first_field) {
            while (bits != 0) {
                const int index = std::countl_zero(bits);
                bits &= ~(kTopBit >> index);
                const int n = first_field + index;
                const FieldSpec* spec = p.field(n);
                if (spec == nullptr)
                    throw DecodeError(n, pos, "a field profile '" + p.name + "' defines",
                                      "bit " + std::to_string(n) + " set in the bitmap");
                const std::size_t start = pos;
                detail::decode_field(*spec, data, size, pos, slot(n));
                done = count;
                if (spans) spans->push_back({n, start, pos - start});
                last = n;
            }
        };
        decode_word(primary & ~kTopBit, 1);
        decode_word(secondary, 65);

        // Bytes after the last announced field: usually a field sent without its bitmap bit, or a wrong length.
        if (pos != size)
            throw DecodeError(last, pos, "end of message",
                              std::to_string(size - pos) + " extra bytes (a field without its bitmap bit?)");
    } catch (...) {
        // Leave what was decoded before the error (useful for diagnostics), never entries of an older message.
        // A field whose decoding threw may hold a partial value: drop it too.
        fields.erase(fields.begin() + static_cast<std::ptrdiff_t>(done), fields.end());
        throw;
    }
    fields.erase(fields.begin() + static_cast<std::ptrdiff_t>(count), fields.end());
}

std::size_t Codec::envelope_length() const {
    return (profile_->framing.tpdu ? kTpduSize : 0) + profile_->framing.header_length;
}

Bytes Codec::encode_payload(const Message& message) const {
    const Framing& f = profile_->framing;
    Bytes out;
    out.reserve(256);
    if (f.tpdu) {
        const Bytes& tpdu = message.tpdu.empty() ? f.default_tpdu : message.tpdu;
        if (tpdu.size() != kTpduSize)
            throw EncodeError(-1, 0, "a TPDU of 5 bytes", std::to_string(tpdu.size()) + " bytes");
        out.insert(out.end(), tpdu.begin(), tpdu.end());
    } else if (!message.tpdu.empty()) {
        throw EncodeError(-1, 0, "no TPDU (profile '" + profile_->name + "' has none)",
                          std::to_string(message.tpdu.size()) + " bytes");
    }
    if (f.header_length > 0) {
        const Bytes& header = message.header.empty() ? f.default_header : message.header;
        if (header.size() != f.header_length)
            throw EncodeError(-1, out.size(), "a header of " + std::to_string(f.header_length) + " bytes",
                              std::to_string(header.size()) + " bytes");
        out.insert(out.end(), header.begin(), header.end());
    } else if (!message.header.empty()) {
        throw EncodeError(-1, out.size(), "no header (profile '" + profile_->name + "' has none)",
                          std::to_string(message.header.size()) + " bytes");
    }
    encode_body(message, out);
    return out;
}

void Codec::decode_payload(ByteView payload, Message& message, std::vector<FieldSpan>* spans) const {
    const Framing& f = profile_->framing;
    const std::size_t env = envelope_length();
    const std::size_t tpdu_size = f.tpdu ? kTpduSize : 0;
    if (payload.size() < tpdu_size)
        throw DecodeError(-1, 0, "a TPDU of 5 bytes", std::to_string(payload.size()) + " bytes");
    if (payload.size() < env)
        throw DecodeError(-1, tpdu_size, "a header of " + std::to_string(f.header_length) + " bytes",
                          std::to_string(payload.size() - tpdu_size) + " bytes");
    message.tpdu.assign(payload.begin(), payload.begin() + tpdu_size);
    message.header.assign(payload.begin() + tpdu_size, payload.begin() + env);
    try {
        decode_body(payload.subspan(env), message, spans);
    } catch (const DecodeError& e) {
        // Offsets in a payload's errors count from the start of the payload, like its spans.
        throw DecodeError(e.field(), e.offset() + env, e.expected(), e.found());
    }
    if (spans)
        for (auto& s : *spans) s.offset += env;
}

std::optional<Message> read_envelope(const Codec& codec, ByteView payload) {
    const Profile& profile = codec.profile();
    const std::size_t env = codec.envelope_length();
    const std::size_t tpdu_size = profile.framing.tpdu ? kTpduSize : 0;
    if (payload.size() < env) return std::nullopt;
    Message m;
    m.tpdu.assign(payload.begin(), payload.begin() + tpdu_size);
    m.header.assign(payload.begin() + tpdu_size, payload.begin() + env);
    try {
        decode_mti(payload.data() + env, payload.size() - env, profile.mti_encoding, m.mti);
    } catch (const DecodeError&) {
        return std::nullopt;
    }
    return m;
}

Bytes swap_tpdu(const Bytes& tpdu) {
    // TPDU = ID | destination (2 bytes) | source (2 bytes); the reply goes back where the request came from.
    if (tpdu.size() != kTpduSize) return tpdu;
    return Bytes{tpdu[0], tpdu[3], tpdu[4], tpdu[1], tpdu[2]};
}

}  // namespace atmbench::iso8583
