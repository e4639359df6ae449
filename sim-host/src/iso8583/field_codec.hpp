// Packing one field (length prefix + data) for a FieldSpec — the part of the codec that the profile's
// encoding choices drive (docs/references.md [ISO8583] §1.5). Internal to the iso8583 library.
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

// Bytes a field can take at most for a value of `chars` characters: the longest prefix plus hex-doubled data.
// The codec sizes the body with this bound once, then shrinks it to what was written.
constexpr std::size_t max_encoded_size(std::size_t chars) { return 3 + 2 * chars; }
// Checks the value (length, characters; EncodeError with `offset`, where the field starts in the body) and
// stores prefix + data at w, which has max_encoded_size(value.size()) bytes. Returns the end of what it wrote.
std::uint8_t* encode_field(const FieldSpec& field, const std::string& value, std::uint8_t* w, std::size_t offset);
// The storing half alone, for values already checked.
std::uint8_t* write_field(const FieldSpec& field, const std::string& value, std::uint8_t* w);
// Reads the field starting at body[pos], advances pos, and leaves the value in `value`. Throws DecodeError.
void decode_field(const FieldSpec& field, const std::uint8_t* body, std::size_t size, std::size_t& pos,
                  std::string& value);

// "byte 0x3A" / "bytes 3A 31" for error messages.
std::string describe_bytes(const std::uint8_t* data, std::size_t n);
// Printable rendering of a character for error messages ('A' or byte 0x07).
std::string describe_char(unsigned char c);

}  // namespace atmbench::iso8583::detail
