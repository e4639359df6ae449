// The terminal's ISO 8583 packer: MTI, bitmap(s) and fields of one message in its dialect, and the strict reverse.
// Fixed / LLVAR / LLLVAR, BCD or ASCII, binary or hex bitmap as dialect.hpp says. Values are never padded or cut:
// a value of the wrong length or with a wrong character is a PackError naming the field.
#pragma once

#include "atmbench/bytes.hpp"
#include "atmbench/terminal/dialect.hpp"
#include "atmbench/terminal/host_message.hpp"

#include <stdexcept>

namespace atmbench::terminal {

class PackError : public std::runtime_error {
public:
    PackError(int field, std::size_t offset, const std::string& what)
        : std::runtime_error((field < 0 ? std::string("message") : "field " + std::to_string(field)) +
                             " at byte " + std::to_string(offset) + ": " + what),
          field_(field) {}
    int field() const { return field_; }  // -1: MTI, bitmap, frame or the message as a whole

private:
    int field_;
};

// Classic codec bugs, switched on only by the defect switches of the same names (defects.cpp) so the suite can show
// that a host catches them (HOST-FORMAT).
struct PackFlaws {
    // Both only in LLVAR fields (2-digit prefix: PAN, track 2, institution ids).
    bool llvar_counts_bytes = false;  // the prefix counts encoded bytes (BCD bytes, hex characters), not digits
    bool pad_wrong_side = false;      // odd digit count: numbers padded on the right, track data on the left
};

// MTI through the last field (what follows the TPDU and header; the MAC block starts here).
Bytes pack_message(const Dialect& d, const HostMessage& m, PackFlaws flaws = {});
// Throws PackError on anything that does not follow the dialect: a bad nibble, a pad nibble that is not 0 (F for
// track data), a length prefix beyond the field's maximum, a bit for a field the dialect lacks, bytes left over.
HostMessage unpack_message(const Dialect& d, ByteView body);

}  // namespace atmbench::terminal
