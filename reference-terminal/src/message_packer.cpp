// Field by field after docs/references.md [ISO8583] §1.4 (bitmaps: bit 1 announces the secondary bitmap) and §1.5
// (encodings: BCD two digits a byte, the prefix counts digits for n/z, characters for text, bytes for b; an odd
// digit count carries one pad nibble, 0 on the left for numbers, F on the right for track data).
#include "atmbench/terminal/message_packer.hpp"

#include <algorithm>
#include <array>

namespace atmbench::terminal {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

bool is_bcd_char(char c, FieldChars chars) { return (c >= '0' && c <= '9') || (chars == FieldChars::Track && c == '='); }
std::uint8_t nibble_of(char c) { return c == '=' ? 0xD : static_cast<std::uint8_t>(c - '0'); }

std::size_t prefix_digits(FieldKind k) { return k == FieldKind::LLVar ? 2 : k == FieldKind::LLLVar ? 3 : 0; }

class Writer {
public:
    Writer(const Dialect& d, PackFlaws flaws) : d_(d), flaws_(flaws) {}
    Bytes out;

    void digits_bcd(const std::string& s, bool pad_left, std::uint8_t pad) {
        std::size_t i = 0;
        if (s.size() % 2 != 0 && pad_left) out.push_back(static_cast<std::uint8_t>(pad << 4 | nibble_of(s[i++])));
        for (; i + 1 < s.size(); i += 2) out.push_back(static_cast<std::uint8_t>(nibble_of(s[i]) << 4 | nibble_of(s[i + 1])));
        if (i < s.size()) out.push_back(static_cast<std::uint8_t>(nibble_of(s[i]) << 4 | pad));
    }
    void ascii(const std::string& s) { out.insert(out.end(), s.begin(), s.end()); }
    void hex(const std::string& raw) {
        for (unsigned char c : raw) {
            out.push_back(static_cast<std::uint8_t>(kHex[c >> 4]));
            out.push_back(static_cast<std::uint8_t>(kHex[c & 0xF]));
        }
    }
    void prefix(std::size_t value, std::size_t digits) {
        std::string text = std::to_string(value);
        text.insert(0, digits - text.size(), '0');
        if (d_.coding == WireCoding::Ascii) return ascii(text);
        if (text.size() % 2) text.insert(0, 1, '0');  // LLL in BCD: two bytes, 0nnn
        digits_bcd(text, true, 0);
    }

    void field(int n, const FieldFormat& f, const std::string& v) {
        check(n, f, v);
        const bool bcd = d_.coding == WireCoding::Cup && (f.chars == FieldChars::Numeric || f.chars == FieldChars::Track);
        // The flaws live on the LLVAR path only (PAN, track 2, institution ids), where a buggy codec meets odd digit
        // counts: sign-on (F60, LLLVAR) still works, so such a terminal comes into service and its 0200s are wrong.
        const bool llvar = f.kind == FieldKind::LLVar;
        if (f.kind != FieldKind::Fixed) {
            std::size_t count = v.size();
            if (flaws_.llvar_counts_bytes && llvar) {
                if (bcd) count = (v.size() + 1) / 2;
                else if (f.chars == FieldChars::Binary && d_.coding == WireCoding::Ascii) count = 2 * v.size();
            }
            prefix(count, prefix_digits(f.kind));
        }
        if (bcd) {
            const bool track = f.chars == FieldChars::Track;
            const bool pad_left = track == (flaws_.pad_wrong_side && llvar);  // numbers on the left, track data on the right
            digits_bcd(v, pad_left, track ? 0xF : 0x0);
        } else if (f.chars == FieldChars::Binary && d_.coding == WireCoding::Ascii) {
            hex(v);
        } else {
            ascii(v);
        }
    }

private:
    void check(int n, const FieldFormat& f, const std::string& v) const {
        const std::size_t at = out.size();
        if (f.kind == FieldKind::Fixed ? v.size() != f.length : v.size() > f.length)
            throw PackError(n, at, (f.kind == FieldKind::Fixed ? "expected exactly " : "expected at most ") +
                                       std::to_string(f.length) + (f.chars == FieldChars::Binary ? " bytes" : " characters") +
                                       ", got " + std::to_string(v.size()));
        for (char c : v) {
            const bool ok = f.chars == FieldChars::Binary ? true
                            : f.chars == FieldChars::Text ? (c >= 0x20 && c <= 0x7E)
                                                          : is_bcd_char(c, f.chars);
            if (!ok) throw PackError(n, at, std::string("character 0x") + kHex[(c >> 4) & 0xF] + kHex[c & 0xF] +
                                                " is not allowed in this field");
        }
    }
    const Dialect& d_;
    PackFlaws flaws_;
};

class Reader {
public:
    Reader(const Dialect& d, ByteView in) : d_(d), in_(in) {}
    std::size_t pos = 0;
    bool done() const { return pos == in_.size(); }

    ByteView take(int field, std::size_t n) {
        if (in_.size() - pos < n)
            throw PackError(field, pos, "needs " + std::to_string(n) + " bytes, only " + std::to_string(in_.size() - pos) + " left");
        ByteView v = in_.subspan(pos, n);
        pos += n;
        return v;
    }
    // `count` digits of BCD; an odd count has one pad nibble on its side, which must be `pad` (track: 0 or F).
    std::string digits_bcd(int field, std::size_t count, FieldChars chars, bool pad_left) {
        const std::size_t start = pos;
        ByteView b = take(field, (count + 1) / 2);
        std::string s;
        const std::size_t nibbles = b.size() * 2;
        for (std::size_t i = 0; i < nibbles; ++i) {
            const unsigned nib = i % 2 == 0 ? b[i / 2] >> 4 : b[i / 2] & 0xF;
            const bool is_pad = count % 2 != 0 && (pad_left ? i == 0 : i == nibbles - 1);
            if (is_pad) {
                const bool ok = nib == 0 || (chars == FieldChars::Track && nib == 0xF);
                if (!ok) throw PackError(field, start + i / 2, std::string("pad nibble must be 0") +
                                                                   (chars == FieldChars::Track ? " or F" : "") + " on the " +
                                                                   (pad_left ? "left" : "right") + ", found " + kHex[nib]);
                continue;
            }
            if (nib <= 9) s.push_back(static_cast<char>('0' + nib));
            else if (chars == FieldChars::Track && nib == 0xD) s.push_back('=');
            else throw PackError(field, start + i / 2, std::string("nibble ") + kHex[nib] + " is not a digit");
        }
        return s;
    }
    std::size_t prefix(int field, std::size_t digits, std::size_t max) {
        const std::size_t start = pos;
        std::string text;
        if (d_.coding == WireCoding::Ascii) {
            ByteView b = take(field, digits);
            for (auto c : b) {
                if (c < '0' || c > '9') throw PackError(field, start, "length prefix is not " + std::to_string(digits) + " ASCII digits");
                text.push_back(static_cast<char>(c));
            }
        } else {
            text = digits_bcd(field, digits % 2 ? digits + 1 : digits, FieldChars::Numeric, true);
        }
        const std::size_t value = std::stoul(text);
        if (value > max)
            throw PackError(field, start, "length prefix " + std::to_string(value) + " exceeds the maximum " + std::to_string(max));
        return value;
    }
    std::string field(int n, const FieldFormat& f) {
        const std::size_t count = f.kind == FieldKind::Fixed ? f.length : prefix(n, prefix_digits(f.kind), f.length);
        const std::size_t start = pos;
        if (d_.coding == WireCoding::Cup && (f.chars == FieldChars::Numeric || f.chars == FieldChars::Track))
            return digits_bcd(n, count, f.chars, f.chars == FieldChars::Numeric);
        if (f.chars == FieldChars::Binary && d_.coding == WireCoding::Ascii) {
            ByteView b = take(n, 2 * count);
            std::string raw;
            for (std::size_t i = 0; i < b.size(); i += 2) raw.push_back(static_cast<char>(hex_value(n, start + i, b[i]) << 4 | hex_value(n, start + i, b[i + 1])));
            return raw;
        }
        ByteView b = take(n, count);
        std::string s(b.begin(), b.end());
        if (f.chars == FieldChars::Text || (d_.coding == WireCoding::Ascii && f.chars != FieldChars::Binary))
            for (std::size_t i = 0; i < s.size(); ++i) {
                const char c = s[i];
                const bool ok = f.chars == FieldChars::Text ? (c >= 0x20 && c <= 0x7E) : is_bcd_char(c, f.chars);
                if (!ok) throw PackError(n, start + i, "byte not allowed in this field");
            }
        return s;
    }
    static unsigned hex_value(int field, std::size_t at, std::uint8_t c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        throw PackError(field, at, "not a hex character");
    }

private:
    const Dialect& d_;
    ByteView in_;
};

void write_bitmap(Writer& w, const Dialect& d, const std::array<std::uint8_t, 16>& bits, bool secondary) {
    const std::size_t n = secondary ? 16 : 8;
    if (d.coding == WireCoding::Cup) w.out.insert(w.out.end(), bits.begin(), bits.begin() + static_cast<std::ptrdiff_t>(n));
    else w.hex(std::string(bits.begin(), bits.begin() + static_cast<std::ptrdiff_t>(n)));
}

}  // namespace

Bytes pack_message(const Dialect& d, const HostMessage& m, PackFlaws flaws) {
    Writer w(d, flaws);
    if (m.mti.size() != 4) throw PackError(-1, 0, "MTI must be 4 digits, got \"" + m.mti + "\"");
    for (char c : m.mti)
        if (c < '0' || c > '9') throw PackError(-1, 0, "MTI must be 4 digits, got \"" + m.mti + "\"");
    if (d.coding == WireCoding::Cup) w.digits_bcd(m.mti, true, 0);
    else w.ascii(m.mti);
    std::array<std::uint8_t, 16> bits{};
    bool secondary = false;
    for (const auto& [n, v] : m.fields) {
        if (n < 2 || n > 128 || !d.field(n))
            throw PackError(n, w.out.size(), "the " + d.name + " dialect has no field " + std::to_string(n));
        bits[static_cast<std::size_t>(n - 1) / 8] |= static_cast<std::uint8_t>(0x80 >> ((n - 1) % 8));
        secondary = secondary || n > 64;
    }
    if (secondary) bits[0] |= 0x80;
    write_bitmap(w, d, bits, secondary);
    for (const auto& [n, v] : m.fields) w.field(n, *d.field(n), v);
    return w.out;
}

HostMessage unpack_message(const Dialect& d, ByteView body) {
    Reader r(d, body);
    HostMessage m;
    if (d.coding == WireCoding::Cup) m.mti = r.digits_bcd(-1, 4, FieldChars::Numeric, true);
    else {
        ByteView b = r.take(-1, 4);
        m.mti.assign(b.begin(), b.end());
        for (char c : m.mti)
            if (c < '0' || c > '9') throw PackError(-1, 0, "MTI is not 4 ASCII digits");
    }
    auto read_bitmap = [&](std::uint8_t* into) {
        if (d.coding == WireCoding::Cup) {
            ByteView b = r.take(-1, 8);
            std::copy(b.begin(), b.end(), into);
            return;
        }
        const std::size_t start = r.pos;
        ByteView b = r.take(-1, 16);
        for (std::size_t i = 0; i < 8; ++i)
            into[i] = static_cast<std::uint8_t>(Reader::hex_value(-1, start + 2 * i, b[2 * i]) << 4 |
                                                Reader::hex_value(-1, start + 2 * i + 1, b[2 * i + 1]));
    };
    std::array<std::uint8_t, 16> bits{};
    read_bitmap(bits.data());
    const int last = bits[0] & 0x80 ? 128 : 64;
    if (last == 128) read_bitmap(bits.data() + 8);
    for (int n = 2; n <= last; ++n) {
        if (!(bits[static_cast<std::size_t>(n - 1) / 8] & (0x80 >> ((n - 1) % 8)))) continue;
        const FieldFormat* f = d.field(n);
        if (!f) throw PackError(n, r.pos, "the bitmap announces a field the " + d.name + " dialect does not have");
        m.set(n, r.field(n, *f));
    }
    if (!r.done()) throw PackError(-1, r.pos, std::to_string(body.size() - r.pos) + " bytes left after the last field");
    return m;
}

}  // namespace atmbench::terminal
