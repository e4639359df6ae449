// EBCDIC (IBM code page 037) for the printable ASCII range — the only characters ISO 8583 text, digits and
// length prefixes use (docs/references.md [ISO8583] §1.5: pyiso8583 `cp500`, jPOS IFE_ fields). Values outside
// 0x20..0x7E are not text in this bench, so the table maps them to 0 ("no character").
#pragma once

#include <array>
#include <cstdint>

namespace atmbench::iso8583::detail {

// ASCII 0x20..0x7E -> EBCDIC byte; 0 for anything else.
extern const std::array<std::uint8_t, 128> kAsciiToEbcdic;
// EBCDIC byte -> printable ASCII; 0 when the byte is not one of those 95 characters.
extern const std::array<std::uint8_t, 256> kEbcdicToAscii;

}  // namespace atmbench::iso8583::detail
