// One field on the wire: optional LL/LLL prefix, then the data in the field's encoding (docs/references.md [ISO8583]
// §1.5). Everything here runs once per field per message, so it works on raw pointers, never allocates beyond
// the value string and throws only for bad input.
#include "field_codec.hpp"

#include "atmbench/iso8583/codec_error.hpp"
#include "ebcdic.hpp"

#include <bit>
#include <cstring>

namespace atmbench::iso8583::detail {

namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";

bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_text(unsigned char c) { return c >= 0x20 && c <= 0x7E; }

int hex_value(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// What a value's length is counted in, for messages ("19 digits", "8 bytes").
const char* unit_word(DataType type) {
    switch (type) {
        case DataType::Numeric: return "digits";
        case DataType::Binary: return "bytes";
        default: return "characters";
    }
}

const char* allowed_word(DataType type) {
    switch (type) {
        case DataType::Numeric: return "a digit (type n)";
        case DataType::Track: return "a digit or '=' (type z)";
        case DataType::Text: return "a printable ASCII character 0x20-0x7E";
        case DataType::Binary: return "a byte";
    }
    return "";
}

const char* prefix_word(FieldKind kind) { return kind == FieldKind::LLVar ? "LL" : "LLL"; }

const char* encoding_word(Encoding e) {
    switch (e) {
        case Encoding::Ascii: return "ASCII";
        case Encoding::Bcd: return "BCD";
        case Encoding::Binary: return "binary";
        case Encoding::Ebcdic: return "EBCDIC";
        case Encoding::HexAscii: return "hex";
    }
    return "";
}

// BCD nibble for a value character: digits, and '=' as D for track data (the ISO 7813 field separator).
std::uint8_t bcd_nibble(char c) { return c == '=' ? 0xD : static_cast<std::uint8_t>(c - '0'); }

// Writes the prefix (prefix_size bytes) at w.
void write_prefix(FieldKind kind, Encoding enc, std::size_t v, std::uint8_t* w) {
    const bool lll = kind == FieldKind::LLLVar;
    switch (enc) {
        case Encoding::Ascii:
        case Encoding::Ebcdic: {
            const std::uint8_t zero = enc == Encoding::Ascii ? '0' : 0xF0;
            if (lll) *w++ = static_cast<std::uint8_t>(zero + v / 100);
            *w++ = static_cast<std::uint8_t>(zero + v / 10 % 10);
            *w = static_cast<std::uint8_t>(zero + v % 10);
            break;
        }
        case Encoding::Bcd:
            if (lll) *w++ = static_cast<std::uint8_t>((v / 1000 % 10) << 4 | (v / 100 % 10));
            *w = static_cast<std::uint8_t>((v / 10 % 10) << 4 | (v % 10));
            break;
        case Encoding::Binary:
            if (lll) *w++ = static_cast<std::uint8_t>(v >> 8);
            *w = static_cast<std::uint8_t>(v & 0xFF);
            break;
        case Encoding::HexAscii: break;  // rejected when the profile is loaded
    }
}

// Reads the prefix at p (prefix_size bytes are known to be there).
std::size_t read_prefix(const FieldSpec& f, const std::uint8_t* p, std::size_t offset) {
    const std::size_t n = prefix_size(f.kind, f.length_encoding);
    auto bad = [&]() -> DecodeError {
        return DecodeError(f.number, offset,
                           std::string(prefix_word(f.kind)) + " length prefix in " + encoding_word(f.length_encoding) +
                               " digits",
                           describe_bytes(p, n));
    };
    std::size_t v = 0;
    switch (f.length_encoding) {
        case Encoding::Ascii:
            for (std::size_t i = 0; i < n; ++i) {
                if (!is_digit(p[i])) throw bad();
                v = v * 10 + (p[i] - '0');
            }
            break;
        case Encoding::Ebcdic:
            for (std::size_t i = 0; i < n; ++i) {
                if (p[i] < 0xF0 || p[i] > 0xF9) throw bad();
                v = v * 10 + (p[i] - 0xF0);
            }
            break;
        case Encoding::Bcd:
            for (std::size_t i = 0; i < n; ++i) {
                const unsigned hi = p[i] >> 4, lo = p[i] & 0xF;
                if (hi > 9 || lo > 9) throw bad();
                v = v * 100 + hi * 10 + lo;
            }
            break;
        case Encoding::Binary:
            for (std::size_t i = 0; i < n; ++i) v = v << 8 | p[i];
            break;
        case Encoding::HexAscii: break;
    }
    return v;
}

void encode_bcd(const FieldSpec& f, const std::string& v, std::uint8_t* w) {
    const std::uint8_t pad = f.type == DataType::Track ? 0xF : 0x0;
    const std::size_t n = v.size();
    const char* s = v.data();
    std::size_t i = 0;
    if (n % 2 != 0 && f.pad == Pad::Left) {
        *w++ = static_cast<std::uint8_t>(pad << 4 | bcd_nibble(s[0]));
        i = 1;
    }
    if constexpr (std::endian::native == std::endian::little) {
        // Eight validated digits at a time: subtract '0' from every byte, then byte 2k of (x << 4 | x >> 8)
        // is digit 2k << 4 | digit 2k+1 — the packed BCD byte.
        if (f.type == DataType::Numeric) {
            for (; i + 8 <= n; i += 8, w += 4) {
                std::uint64_t x;
                std::memcpy(&x, s + i, 8);
                x -= 0x3030303030303030ULL;
                const std::uint64_t t = x << 4 | x >> 8;
                w[0] = static_cast<std::uint8_t>(t);
                w[1] = static_cast<std::uint8_t>(t >> 16);
                w[2] = static_cast<std::uint8_t>(t >> 32);
                w[3] = static_cast<std::uint8_t>(t >> 48);
            }
            if (i + 4 <= n) {
                std::uint32_t x;
                std::memcpy(&x, s + i, 4);
                x -= 0x30303030U;
                const std::uint32_t t = x << 4 | x >> 8;
                w[0] = static_cast<std::uint8_t>(t);
                w[1] = static_cast<std::uint8_t>(t >> 16);
                i += 4;
                w += 2;
            }
        }
    }
    for (; i + 1 < n; i += 2) *w++ = static_cast<std::uint8_t>(bcd_nibble(s[i]) << 4 | bcd_nibble(s[i + 1]));
    if (i < n) *w = static_cast<std::uint8_t>(bcd_nibble(s[i]) << 4 | pad);  // odd count, right pad
}

// BCD byte -> its two characters (first in the low 8 bits), 0 when a nibble is not a digit (or D for track).
struct BcdPairs {
    std::uint16_t v[256];
};
constexpr BcdPairs make_pairs(bool track) {
    BcdPairs t{};
    for (int b = 0; b < 256; ++b) {
        auto ch = [track](int n) { return n <= 9 ? '0' + n : (track && n == 0xD ? '=' : 0); };
        const int hi = ch(b >> 4), lo = ch(b & 0xF);
        t.v[b] = hi && lo ? static_cast<std::uint16_t>(hi | lo << 8) : 0;
    }
    return t;
}
constexpr BcdPairs kNumericPairs = make_pairs(false);
constexpr BcdPairs kTrackPairs = make_pairs(true);

// Decodes `chars` characters of BCD from p (data_size bytes available). Odd counts carry one pad nibble on
// the field's pad side, which must be 0 (or F for track data, whose writers use either).
void decode_bcd(const FieldSpec& f, const std::uint8_t* p, std::size_t chars, std::size_t offset,
                std::string& value) {
    const bool track = f.type == DataType::Track;
    const bool odd = chars % 2 != 0;
    std::size_t first = 0;  // nibble index of the first digit
    if (odd) {
        const std::size_t last_byte = (chars + 1) / 2 - 1;
        const unsigned padn = f.pad == Pad::Left ? p[0] >> 4 : p[last_byte] & 0xF;
        if (!(padn == 0 || (track && padn == 0xF)))
            throw DecodeError(f.number, offset + (f.pad == Pad::Left ? 0 : last_byte),
                              track ? "pad nibble 0 or F" : "pad nibble 0",
                              std::string("nibble ") + kHexDigits[padn]);
        if (f.pad == Pad::Left) first = 1;
    }
    const auto& pairs = track ? kTrackPairs : kNumericPairs;
    auto bad = [&](std::size_t byte, bool high) {
        const unsigned nibble = high ? p[byte] >> 4 : p[byte] & 0xF;
        return DecodeError(f.number, offset + byte, track ? "BCD digit or D (separator)" : "BCD digit 0-9",
                           std::string("nibble ") + kHexDigits[nibble]);
    };
    auto high_ok = [&](std::uint8_t byte) { return pairs.v[byte & 0xF0] != 0; };  // low nibble 0 is valid
    value.resize(chars);
    char* out = value.data();
    std::size_t k = 0, b = 0;
    if (first == 1) {  // left pad: the first digit is the low nibble of byte 0
        const std::uint16_t v = pairs.v[p[0] & 0x0F];
        if (!v) throw bad(0, false);
        out[0] = static_cast<char>(v >> 8);
        k = 1;
        b = 1;
    }
    // One table lookup per byte: two characters, or 0 when either nibble is not allowed.
    for (; k + 1 < chars; k += 2, ++b) {
        const std::uint16_t v = pairs.v[p[b]];
        if (!v) throw bad(b, !high_ok(p[b]));
        out[k] = static_cast<char>(v & 0xFF);
        out[k + 1] = static_cast<char>(v >> 8);
    }
    if (k < chars) {  // right pad: the last digit is the high nibble of the last byte
        const std::uint16_t v = pairs.v[p[b] & 0xF0];
        if (!v) throw bad(b, true);
        out[k] = static_cast<char>(v & 0xFF);
    }
}

// Word-at-a-time range checks (Bit Twiddling Hacks, "determine if a word has a byte less than / greater than
// n"): exact for the whole word, so a clean word skips eight byte-by-byte compares and their branches.
constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
inline bool any_byte_below(std::uint64_t x, unsigned n) { return ((x - kOnes * n) & ~x & kHighBits) != 0; }
inline bool any_byte_above(std::uint64_t x, unsigned n) { return (((x + kOnes * (127 - n)) | x) & kHighBits) != 0; }
constexpr std::uint32_t kOnes32 = 0x01010101U;
constexpr std::uint32_t kHighBits32 = 0x80808080U;
inline bool any_byte_below(std::uint32_t x, unsigned n) { return ((x - kOnes32 * n) & ~x & kHighBits32) != 0; }
inline bool any_byte_above(std::uint32_t x, unsigned n) { return (((x + kOnes32 * (127 - n)) | x) & kHighBits32) != 0; }

// Index of the first character the type does not allow, or n.
[[gnu::always_inline]] inline std::size_t first_invalid(DataType type, const unsigned char* s, std::size_t n) {
    std::size_t i = 0;
    std::uint64_t x;
    switch (type) {
        case DataType::Numeric:
            for (; i + 8 <= n; i += 8) {
                std::memcpy(&x, s + i, 8);
                if (any_byte_below(x, '0') || any_byte_above(x, '9')) break;
            }
            if (i + 4 <= n) {
                std::uint32_t y;
                std::memcpy(&y, s + i, 4);
                if (!any_byte_below(y, '0') && !any_byte_above(y, '9')) i += 4;
            }
            while (i < n && static_cast<unsigned>(s[i] - '0') <= 9) ++i;
            break;
        case DataType::Track:
            while (i < n && (static_cast<unsigned>(s[i] - '0') <= 9 || s[i] == '=')) ++i;
            break;
        case DataType::Text:
            for (; i + 8 <= n; i += 8) {
                std::memcpy(&x, s + i, 8);
                if (any_byte_below(x, 0x20) || any_byte_above(x, 0x7E)) break;
            }
            if (i + 4 <= n) {
                std::uint32_t y;
                std::memcpy(&y, s + i, 4);
                if (!any_byte_below(y, 0x20) && !any_byte_above(y, 0x7E)) i += 4;
            }
            while (i < n && static_cast<unsigned>(s[i] - 0x20) <= 0x5E) ++i;
            break;
        case DataType::Binary: i = n; break;
    }
    return i;
}

void check_decoded(const FieldSpec& f, const std::string& value, std::size_t offset) {
    const auto* s = reinterpret_cast<const unsigned char*>(value.data());
    const std::size_t bad = first_invalid(f.type, s, value.size());
    if (bad != value.size()) throw DecodeError(f.number, offset + bad, allowed_word(f.type), describe_char(s[bad]));
}

}  // namespace

std::string describe_bytes(const std::uint8_t* data, std::size_t n) {
    if (n == 0) return "no bytes";
    std::string s = n == 1 ? "byte 0x" : "bytes ";
    for (std::size_t i = 0; i < n; ++i) {
        if (i) s += ' ';
        s += kHexDigits[data[i] >> 4];
        s += kHexDigits[data[i] & 0xF];
    }
    return s;
}

std::string describe_char(unsigned char c) {
    if (is_text(c)) return std::string("'") + static_cast<char>(c) + "'";
    return describe_bytes(&c, 1);
}

std::size_t prefix_size(FieldKind kind, Encoding enc) {
    if (kind == FieldKind::Fixed) return 0;
    const bool lll = kind == FieldKind::LLLVar;
    switch (enc) {
        case Encoding::Ascii:
        case Encoding::Ebcdic: return lll ? 3 : 2;
        case Encoding::Bcd:
        case Encoding::Binary: return lll ? 2 : 1;
        case Encoding::HexAscii: return 0;
    }
    return 0;
}

std::size_t prefix_capacity(FieldKind kind, Encoding enc) {
    if (kind == FieldKind::Fixed) return 0;
    const bool lll = kind == FieldKind::LLLVar;
    if (enc == Encoding::Binary) return lll ? 65535 : 255;
    return lll ? 999 : 99;
}

std::size_t data_size(Encoding enc, std::size_t chars) {
    switch (enc) {
        case Encoding::Bcd: return (chars + 1) / 2;
        case Encoding::HexAscii: return chars * 2;
        default: return chars;
    }
}

std::size_t prefix_value(const FieldSpec& f, std::size_t chars) {
    return f.length_unit == LengthUnit::Characters ? chars : data_size(f.encoding, chars);
}

std::uint8_t* encode_field(const FieldSpec& f, const std::string& v, std::uint8_t* w, std::size_t offset) {
    const std::size_t n = v.size();
    if (f.kind == FieldKind::Fixed) {
        // Callers pad: a short numeric value silently zero-filled would hide a bank's wrong amount or STAN.
        if (n != f.length)
            throw EncodeError(f.number, offset, "exactly " + std::to_string(f.length) + " " + unit_word(f.type),
                              std::to_string(n));
    } else if (n > f.length) {
        throw EncodeError(f.number, offset, "at most " + std::to_string(f.length) + " " + unit_word(f.type),
                          std::to_string(n));
    }
    const auto* s = reinterpret_cast<const unsigned char*>(v.data());
    if (const std::size_t bad = first_invalid(f.type, s, n); bad != n)
        throw EncodeError(f.number, offset, allowed_word(f.type),
                          describe_char(s[bad]) + " at position " + std::to_string(bad));
    return write_field(f, v, w);
}

std::uint8_t* write_field(const FieldSpec& f, const std::string& v, std::uint8_t* w) {
    const std::size_t n = v.size();
    const auto* s = reinterpret_cast<const unsigned char*>(v.data());
    if (f.kind != FieldKind::Fixed) {
        write_prefix(f.kind, f.length_encoding, prefix_value(f, n), w);
        w += prefix_size(f.kind, f.length_encoding);
    }
    switch (f.encoding) {
        case Encoding::Ascii:
        case Encoding::Binary:
            if (n) std::memcpy(w, s, n);
            return w + n;
        case Encoding::Ebcdic:
            for (std::size_t i = 0; i < n; ++i) w[i] = kAsciiToEbcdic[s[i]];
            return w + n;
        case Encoding::Bcd: encode_bcd(f, v, w); return w + (n + 1) / 2;
        case Encoding::HexAscii:
            for (std::size_t i = 0; i < n; ++i) {
                w[2 * i] = static_cast<std::uint8_t>(kHexDigits[s[i] >> 4]);
                w[2 * i + 1] = static_cast<std::uint8_t>(kHexDigits[s[i] & 0xF]);
            }
            return w + 2 * n;
    }
    return w;
}

void decode_field(const FieldSpec& f, const std::uint8_t* body, std::size_t size, std::size_t& pos,
                  std::string& value) {
    std::size_t chars = f.length;
    std::size_t bytes = 0;
    bool bcd_bytes_unit = false;  // BCD counted in bytes: the digit count is worked out below

    if (f.kind == FieldKind::Fixed) {
        bytes = data_size(f.encoding, chars);
    } else {
        const std::size_t psize = prefix_size(f.kind, f.length_encoding);
        if (size - pos < psize)
            throw DecodeError(f.number, pos,
                              std::string(prefix_word(f.kind)) + " length prefix of " + std::to_string(psize) +
                                  " bytes",
                              std::to_string(size - pos) + " bytes left");
        const std::size_t v = read_prefix(f, body + pos, pos);
        if (f.length_unit == LengthUnit::Characters) {
            if (v > f.length)
                throw DecodeError(f.number, pos, "length at most " + std::to_string(f.length),
                                  "length " + std::to_string(v));
            chars = v;
            bytes = data_size(f.encoding, chars);
        } else {
            const std::size_t max_bytes = data_size(f.encoding, f.length);
            if (v > max_bytes)
                throw DecodeError(f.number, pos, "length at most " + std::to_string(max_bytes) + " bytes",
                                  "length " + std::to_string(v));
            bytes = v;
            switch (f.encoding) {
                case Encoding::HexAscii:
                    if (v % 2 != 0)
                        throw DecodeError(f.number, pos, "an even number of hex characters",
                                          "length " + std::to_string(v));
                    chars = v / 2;
                    break;
                case Encoding::Bcd: bcd_bytes_unit = true; break;
                default: chars = v; break;
            }
        }
        pos += psize;
    }

    if (size - pos < bytes)
        throw DecodeError(f.number, pos, std::to_string(bytes) + " bytes of data",
                          std::to_string(size - pos) + " bytes left");
    const std::uint8_t* p = body + pos;

    switch (f.encoding) {
        case Encoding::Ascii:
        case Encoding::Binary:
            // resize is free when a reused value already has this size (same-shape messages).
            value.resize(bytes);
            if (bytes) std::memcpy(value.data(), p, bytes);
            if (f.encoding == Encoding::Ascii) check_decoded(f, value, pos);
            break;
        case Encoding::Ebcdic:
            value.resize(bytes);
            for (std::size_t i = 0; i < bytes; ++i) {
                const std::uint8_t a = kEbcdicToAscii[p[i]];
                if (a == 0)
                    throw DecodeError(f.number, pos + i, "an EBCDIC (cp037) character", describe_bytes(p + i, 1));
                value[i] = static_cast<char>(a);
            }
            check_decoded(f, value, pos);
            break;
        case Encoding::Bcd:
            if (bcd_bytes_unit) {
                // Counting bytes loses whether the digit count was odd: drop the pad nibble when it is F (track
                // data) or when keeping it would exceed the maximum; otherwise it reads back as a digit.
                chars = bytes * 2;
                if (bytes > 0) {
                    const unsigned padn = f.pad == Pad::Left ? p[0] >> 4 : p[bytes - 1] & 0xF;
                    if ((f.type == DataType::Track && padn == 0xF) || chars > f.length) chars -= 1;
                }
            }
            decode_bcd(f, p, chars, pos, value);
            break;
        case Encoding::HexAscii:
            value.resize(chars);
            for (std::size_t i = 0; i < chars; ++i) {
                const int hi = hex_value(p[2 * i]), lo = hex_value(p[2 * i + 1]);
                if (hi < 0 || lo < 0)
                    throw DecodeError(f.number, pos + 2 * i + (hi < 0 ? 0 : 1), "a hex digit",
                                      describe_char(hi < 0 ? p[2 * i] : p[2 * i + 1]));
                value[i] = static_cast<char>(hi << 4 | lo);
            }
            break;
    }
    pos += bytes;
}

}  // namespace atmbench::iso8583::detail
