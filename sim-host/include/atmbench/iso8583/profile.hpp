// A message layout ("profile"): the data that tells the codec how one bank's ISO 8583 dialect packs a message.
// Profiles are JSON files in fixtures/iso8583/ (format documented in fixtures/iso8583/README.md); a bank's own
// "类8583" dialect is added by writing one, not code. Field model after docs/references.md [ISO8583] §1.5 and §4.
#pragma once

#include "atmbench/bytes.hpp"
#include "atmbench/iso8583/dialect.hpp"

#include <array>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace atmbench::iso8583 {

// A profile file that cannot be used. what() reads "FILE: field N: what is wrong (expected …)".
class ProfileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class FieldKind { Fixed, LLVar, LLLVar };

// What characters the value may hold (ISO 8583 attribute letters).
enum class DataType {
    Numeric,  // n: digits only
    Text,     // a / an / ans: printable characters
    Track,    // z: track 2/3 data, digits and '=' (BCD nibble D)
    Binary,   // b: raw bytes; Message keeps them raw
};

// How the value, or a length prefix, is put on the wire.
enum class Encoding {
    Ascii,
    Bcd,       // two digits a byte; odd digit counts padded with a 0 nibble (F for track data) on `pad` side
    Binary,    // raw bytes (type b) / big-endian unsigned integer (length prefixes)
    Ebcdic,    // IBM code page 037 for text and digits
    HexAscii,  // binary data carried as two ASCII hex characters a byte
};

enum class Pad { Left, Right };

// What a variable-length prefix counts.
enum class LengthUnit {
    Characters,  // digits for n/z, characters for text, bytes for b (the ISO default)
    Bytes,       // encoded bytes (some dialects count BCD bytes, not digits)
};

// Who may see the value in a decoded or printed view (the raw frame is redacted by the same marks).
enum class Sensitivity {
    None,
    Pan,     // shown masked: first 6 and last 4 digits
    Secret,  // never shown: PIN block, track data, keys, MAC-key material
};

// A positional part of a composite field (e.g. 60.1 transaction type code, 90.2 original STAN).
struct Subfield {
    std::string id;    // "60.1"
    std::string name;  // "transaction type code"
    std::size_t length;
};

struct FieldSpec {
    int number = 0;
    std::string name;
    FieldKind kind = FieldKind::Fixed;
    DataType type = DataType::Text;
    Encoding encoding = Encoding::Ascii;
    std::size_t length = 0;  // fixed length, or maximum for LL/LLL, in LengthUnit::Characters
    Encoding length_encoding = Encoding::Ascii;  // LL/LLL prefix: Ascii, Bcd, Binary or Ebcdic
    LengthUnit length_unit = LengthUnit::Characters;
    Pad pad = Pad::Left;
    Sensitivity sensitivity = Sensitivity::None;
    std::vector<Subfield> subfields;  // positional parts, lengths summing to at most `length`
};

// TCP framing around a message (docs/references.md [ISO8583] §1.1).
enum class LengthHeader { None, Binary2, Bcd2, Ascii4, Binary4 };

struct Framing {
    LengthHeader length_header = LengthHeader::Binary2;
    bool length_inclusive = false;  // the length counts its own bytes
    bool tpdu = false;              // 5-byte TPDU (ID 0x60, dest N4, src N4); replies swap dest and src
    std::size_t header_length = 0;  // bytes of static header after the TPDU (CUP: 6, BCD)
    Bytes default_tpdu;             // used when a message to encode has none
    Bytes default_header;
    // The largest message (bytes after the length header) the host accepts: a longer announced length closes the
    // connection at once, so one connection cannot make the host buffer up to 4 GiB behind a binary4 header.
    std::size_t max_frame = 8192;
};

enum class MtiEncoding { Ascii, Bcd, Ebcdic };
enum class BitmapEncoding { Binary, HexAscii };

struct Profile {
    std::string name;
    std::string description;
    std::string source;  // file the profile came from, for error messages
    Framing framing;
    MtiEncoding mti_encoding = MtiEncoding::Ascii;
    BitmapEncoding bitmap_encoding = BitmapEncoding::Binary;
    std::array<std::optional<FieldSpec>, 129> fields;  // index = field number; [0] and [1] unused
    std::optional<Dialect> dialect;  // what the messages mean (dialect.hpp); the host needs one, the codec does not

    const FieldSpec* field(int number) const {
        return number >= 2 && number <= 128 && fields[number] ? &*fields[number] : nullptr;
    }
    // Field that carries the MAC in a message with (secondary) or without a secondary bitmap: 128 / 64.
    static int mac_field(bool secondary) { return secondary ? 128 : 64; }

    // Loads and validates; throws ProfileError naming the file, the field and what was expected.
    static Profile load(const std::filesystem::path& file);
    static Profile parse(const std::string& json_text, const std::string& source_name);
    // Finds a shipped profile by name in fixtures/iso8583/ (or loads a path); throws ProfileError.
    static Profile find(const std::string& name_or_path);
};

// Parses "binary2", "bcd2", "ascii4", "binary4", "none"; throws ProfileError listing them.
LengthHeader parse_length_header(const std::string& name);
std::string to_string(LengthHeader h);
using atmbench::to_string;  // keep the byte-view overload visible beside this one

// Where shipped data lives, found at run time (atmbench/share_folder.hpp: --fixtures, $ATMBENCH_FIXTURES, a checkout,
// PREFIX/share/atmbench); throws share_folder::NotFound listing every place looked.
std::filesystem::path fixtures_dir();

}  // namespace atmbench::iso8583
