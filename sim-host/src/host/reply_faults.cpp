#include "atmbench/host/reply_faults.hpp"

#include "atmbench/host/message_mac.hpp"

#include <algorithm>

namespace atmbench::host {

using iso8583::Encoding;
using iso8583::FieldSpan;
using iso8583::Message;

namespace {

std::string bump_digits(const std::string& digits, std::uint64_t by) {
    std::uint64_t v = 0, mod = 1;
    for (char c : digits) {
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
        mod *= 10;
    }
    std::string s = std::to_string((v + by) % mod);
    return std::string(digits.size() - s.size(), '0') + s;
}

const FieldSpan* span_of(const std::vector<FieldSpan>& spans, int field) {
    for (const auto& s : spans)
        if (s.field == field) return &s;
    return nullptr;
}

// Sets or clears bit `n` (1-based) of the primary/secondary bitmap found at `bitmap`.
void set_bitmap_bit(Bytes& payload, const FieldSpan& bitmap, iso8583::BitmapEncoding enc, int n, bool on) {
    if (enc == iso8583::BitmapEncoding::Binary) {
        std::uint8_t& b = payload[bitmap.offset + (n - 1) / 8];
        std::uint8_t mask = static_cast<std::uint8_t>(0x80 >> ((n - 1) % 8));
        b = on ? (b | mask) : (b & ~mask);
        return;
    }
    std::uint8_t& c = payload[bitmap.offset + (n - 1) / 4];
    int v = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    int mask = 8 >> ((n - 1) % 4);
    v = on ? (v | mask) : (v & ~mask);
    c = static_cast<std::uint8_t>("0123456789ABCDEF"[v]);
}

// Rewrites the length prefix at `at` (of `width` bytes in `enc`) to `value`.
void write_prefix(Bytes& payload, std::size_t at, std::size_t width, Encoding enc, std::size_t value) {
    for (std::size_t i = 0; i < width; ++i) {
        std::size_t pos = at + width - 1 - i;
        switch (enc) {
            case Encoding::Binary: payload[pos] = static_cast<std::uint8_t>(value & 0xFF); value >>= 8; break;
            case Encoding::Bcd: payload[pos] = static_cast<std::uint8_t>((value / 10 % 10) << 4 | value % 10); value /= 100; break;
            case Encoding::Ebcdic: payload[pos] = static_cast<std::uint8_t>(0xF0 + value % 10); value /= 10; break;
            default: payload[pos] = static_cast<std::uint8_t>('0' + value % 10); value /= 10; break;
        }
    }
}

std::size_t read_prefix(const Bytes& payload, std::size_t at, std::size_t width, Encoding enc) {
    std::size_t v = 0;
    for (std::size_t i = 0; i < width; ++i) {
        std::uint8_t b = payload[at + i];
        switch (enc) {
            case Encoding::Binary: v = v * 256 + b; break;
            case Encoding::Bcd: v = v * 100 + (b >> 4) * 10 + (b & 0x0F); break;
            case Encoding::Ebcdic: v = v * 10 + (b - 0xF0); break;
            default: v = v * 10 + (b - '0'); break;
        }
    }
    return v;
}

std::size_t prefix_width(const iso8583::FieldSpec& f) {
    std::size_t digits = f.kind == iso8583::FieldKind::LLVar ? 2 : 3;
    switch (f.length_encoding) {
        case Encoding::Binary: return digits == 2 ? 1 : 2;
        case Encoding::Bcd: return digits == 2 ? 1 : 2;
        default: return digits;
    }
}

}  // namespace

std::string mutate_key_field(Message& reply, KeyField field) {
    auto text = [&](int f) {
        const std::string* v = reply.find(f);
        return v ? *v : std::string();
    };
    switch (field) {
        case KeyField::None: return "";
        case KeyField::Mti: {
            std::string before = reply.mti;
            // Another message class: a financial reply becomes a reversal reply and vice versa.
            reply.mti[1] = reply.mti[1] == '2' ? '4' : '2';
            return "MTI " + before + " -> " + reply.mti;
        }
        case KeyField::ProcessingCode: {
            std::string pc = text(3).empty() ? "000000" : text(3);
            std::string changed = (pc.rfind("01", 0) == 0 ? "31" : "01") + pc.substr(2);
            reply.set(3, changed);
            return "processing code " + pc + " -> " + changed;
        }
        case KeyField::Stan: {
            std::string s = text(11).empty() ? "000000" : text(11);
            reply.set(11, bump_digits(s, 1));
            return "STAN " + s + " -> " + reply.at(11);
        }
        case KeyField::Pan: {
            std::string p = text(2).empty() ? "6200000000000000" : text(2);
            std::string changed = p;
            changed.back() = static_cast<char>('0' + (changed.back() - '0' + 1) % 10);
            reply.set(2, changed);
            return "PAN changed in its last digit";
        }
        case KeyField::Amount: {
            std::string a = text(4).empty() ? "000000000000" : text(4);
            reply.set(4, bump_digits(a, 100));
            return "amount " + a + " -> " + reply.at(4);
        }
        case KeyField::TerminalId: {
            std::string t = text(41).empty() ? "00000000" : text(41);
            std::string changed = t;
            changed.back() = changed.back() == '9' ? '8' : '9';
            reply.set(41, changed);
            return "terminal id " + t + " -> " + changed;
        }
    }
    return "";
}

bool corrupt_mac(Message& reply) {
    int f = mac_field_for(reply);
    const std::string* mac = reply.find(f);
    if (!mac || mac->empty()) return false;
    std::string bad = *mac;
    bad.back() = static_cast<char>(bad.back() ^ 0x01);
    reply.set(f, bad);
    return true;
}

bool drop_mac(Message& reply) {
    int f = mac_field_for(reply);
    if (!reply.find(f)) return false;
    reply.erase(f);
    return true;
}

Bytes malformed_frame(Malformation m, const Bytes& payload, const iso8583::Codec& codec,
                      const iso8583::Framer& framer, std::mt19937_64& rng) {
    const iso8583::Profile& profile = codec.profile();
    std::size_t body_at = codec.envelope_length();
    Bytes p = payload;
    Bytes out;
    std::vector<FieldSpan> spans;
    Message decoded;
    if (m == Malformation::BitWithoutField || m == Malformation::FieldWithoutBit ||
        m == Malformation::WrongFieldLength || m == Malformation::NonNumeric)
        codec.decode_payload(ByteView(p), decoded, &spans);
    switch (m) {
        case Malformation::None: break;
        case Malformation::Truncated:
            p.resize(body_at + (p.size() - body_at) / 2);
            break;
        case Malformation::WrongLengthHeader:
            framer.write_header(p.size() + 10, out);
            out.insert(out.end(), p.begin(), p.end());
            return out;
        case Malformation::Garbage:
            for (auto& b : p) b = static_cast<std::uint8_t>(rng());
            break;
        case Malformation::BitWithoutField: {
            // The highest field the profile defines below the MAC that the reply lacks: the decoder then reads the
            // following bytes as that field.
            const FieldSpan* bitmap = span_of(spans, 1);
            for (int f = 63; f >= 2 && bitmap; --f) {
                if (profile.field(f) && !decoded.has(f)) {
                    set_bitmap_bit(p, *bitmap, profile.bitmap_encoding, f, true);
                    break;
                }
            }
            break;
        }
        case Malformation::FieldWithoutBit: {
            const FieldSpan* bitmap = span_of(spans, 1);
            int victim = decoded.has(39) ? 39 : (decoded.fields().empty() ? 0 : decoded.fields().front().first);
            if (bitmap && victim) set_bitmap_bit(p, *bitmap, profile.bitmap_encoding, victim, false);
            break;
        }
        case Malformation::WrongFieldLength: {
            for (const auto& s : spans) {
                const iso8583::FieldSpec* f = profile.field(s.field);
                if (!f || f->kind == iso8583::FieldKind::Fixed) continue;
                std::size_t w = prefix_width(*f);
                std::size_t at = s.offset;  // spans are relative to the payload
                write_prefix(p, at, w, f->length_encoding, read_prefix(p, at, w, f->length_encoding) + 1);
                break;
            }
            break;
        }
        case Malformation::NonNumeric: {
            const FieldSpan* stan = span_of(spans, 11);
            const iso8583::FieldSpec* f = profile.field(11);
            if (stan && f) {
                std::uint8_t& b = p[stan->offset];
                b = f->encoding == Encoding::Bcd ? 0xAB : f->encoding == Encoding::Ebcdic ? 0xE7 : 'X';
            }
            break;
        }
    }
    framer.write_header(p.size(), out);
    out.insert(out.end(), p.begin(), p.end());
    return out;
}

}  // namespace atmbench::host
