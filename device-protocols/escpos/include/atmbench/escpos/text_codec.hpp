// Text on the wire of an ESC/POS printer is not UTF-8: Chinese printers take GB18030 (GBK on older firmware, its
// subset) in Chinese mode (FS &), and single-byte code pages (ESC t) otherwise. One TextCodec converts one charset
// both ways with glibc's iconv; the converters are opened once here, never per line (iconv_open loads a gconv
// module). Not thread-safe: one owner (a printer model, a driver) uses it at a time.
#pragma once

#include "atmbench/device_link/byte_link.hpp"

#include <stdexcept>
#include <string>
#include <string_view>

namespace atmbench::escpos {

using device_link::Bytes;

// The charset is unknown to iconv, or text cannot be expressed in it (the driver refuses to print what the printer
// would garble). `what()` names the charset and the offset of the first bad character.
class TextCodecError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class TextCodec {
public:
    explicit TextCodec(std::string charset);  // "GB18030", "CP437", …; throws TextCodecError when iconv has none
    ~TextCodec();
    TextCodec(const TextCodec&) = delete;
    TextCodec& operator=(const TextCodec&) = delete;

    // The printer's side: never fails. A byte sequence the charset does not define becomes U+FFFD and decoding goes
    // on at the next byte (a printer prints a substitute glyph and carries on); a sequence cut short at the end too.
    std::string to_utf8(std::span<const std::uint8_t> bytes);
    // The driver's side: throws TextCodecError for invalid UTF-8 or a character the charset lacks.
    Bytes from_utf8(std::string_view text);

    const std::string& charset() const { return charset_; }

private:
    std::string charset_;
    void* decoder_;  // iconv_t, kept out of the header
    void* encoder_;
};

}  // namespace atmbench::escpos
