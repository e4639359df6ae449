// Packing one field (length prefix + data) for a FieldSpec — the part of the codec that the profile's
// encoding choices drive (reference/iso8583-host.md §1.5). Internal to the iso8583 library.
#pragma once

#include "atmbench/iso8583/profile.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace atmbench::iso8583::detail {

// Bytes the LL/LLL prefix takes: ASCII/EBCDIC one per digit, BCD two digits a byte (LLL in 2 bytes), binary
// one byte for LL and two big-endian bytes for LLL (pyiso8583 len_type, §1.5). 0 for fixed fields.
std::size_t prefix_size(FieldKind kind, Encoding length_encoding);
// Largest number that prefix can carry: 99 / 999 for digit prefixes, 255 / 65535 for binary ones.
std::size_t prefix_capacity(FieldKind kind, Encoding length_encoding);
// Wire bytes of `chars` characters of data in `encoding`.
std::size_t data_size(Encoding encoding, std::size_t chars);
// The number a prefix carries for a value of `chars` characters (depends on length_unit).
std::size_t prefix_value(const FieldSpec& field, std::size_t chars);

// Encoding is two passes so the body is sized once: measure_field checks the value (length, characters) and
// returns its encoded size, prefix included — throwing EncodeError with `offset`, where the field would start;
// write_field then stores it at w (measured size available) and returns the end.
std::size_t measure_field(const FieldSpec& field, const std::string& value, std::size_t offset);
std::uint8_t* write_field(const FieldSpec& field, const std::string& value, std::uint8_t* w);
// Reads the field starting at body[pos], advances pos, and leaves the value in `value`. Throws DecodeError.
void decode_field(const FieldSpec& field, const std::uint8_t* body, std::size_t size, std::size_t& pos,
                  std::string& value);

// "byte 0x3A" / "bytes 3A 31" for error messages.
std::string describe_bytes(const std::uint8_t* data, std::size_t n);
// Printable rendering of a character for error messages ('A' or byte 0x07).
std::string describe_char(unsigned char c);

}  // namespace atmbench::iso8583::detail
