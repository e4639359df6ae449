// The ISO 8583 dialects the reference terminal speaks, compiled in as a real terminal's firmware has them (it does
// not read the bench's profile files: a terminal and a host that share one field table share its mistakes too).
// Formats from the specifications' text (docs/references.md [ISO8583] §1.2 frame, §1.4 bitmaps, §1.5 encodings,
// §1.6 CUP field formats; ISO 8583:1987 for the ASCII dialect).
#pragma once

#include <cstddef>
#include <map>
#include <string>

namespace atmbench::terminal {

enum class FieldKind { Fixed, LLVar, LLLVar };
// n digits; z track data (digits and '='); text an/ans printable ASCII; b binary bytes.
enum class FieldChars { Numeric, Track, Text, Binary };

struct FieldFormat {
    FieldKind kind = FieldKind::Fixed;
    FieldChars chars = FieldChars::Text;
    std::size_t length = 0;  // fixed length or maximum: digits, characters, or bytes for b
};

enum class WireCoding {
    Cup,    // §1.5 CUP POS practice: MTI and n/z in BCD, text ASCII, b raw, every LL/LLL prefix BCD (1 or 2 bytes)
    Ascii,  // ISO 8583:1987 ASCII: MTI, fields and prefixes ASCII, bitmap as 16 hex characters, b as hex text
};

struct Dialect {
    std::string name;
    WireCoding coding = WireCoding::Cup;
    std::string tpdu;    // hex, empty when the frame has none (§1.2: ID 60, destination N4, source N4)
    std::string header;  // hex, the static header after the TPDU (§1.2: CUP 6-byte header)
    std::map<int, FieldFormat> fields;

    const FieldFormat* field(int n) const {
        auto it = fields.find(n);
        return it == fields.end() ? nullptr : &it->second;
    }
    // Bytes the 8-byte MAC (F64/F128) takes on the wire: raw in CUP, 16 hex characters in ASCII.
    std::size_t mac_wire_length() const { return coding == WireCoding::Cup ? 8 : 16; }
};

// "cup-atm" or "ascii-1987"; throws std::invalid_argument naming the dialects it knows.
const Dialect& dialect_named(const std::string& name);

}  // namespace atmbench::terminal
