#include "atmbench/escpos/text_codec.hpp"

#include <cerrno>

#include <iconv.h>

namespace atmbench::escpos {

namespace {

iconv_t open(const std::string& to, const std::string& from) {
    iconv_t cd = ::iconv_open(to.c_str(), from.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1))
        throw TextCodecError("iconv has no converter from " + from + " to " + to + " (glibc gconv modules missing?)");
    return cd;
}

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

// Runs `cd` over the input from a fresh shift state, handing converted bytes to `append(begin, end)`; at a byte it
// cannot convert it calls `bad(offset, errno)`, which throws or lets conversion go on at the next byte.
template <class Append, class Bad>
void convert(iconv_t cd, const char* data, std::size_t size, Append append, Bad bad) {
    ::iconv(cd, nullptr, nullptr, nullptr, nullptr);
    char* in = const_cast<char*>(data);  // iconv's signature; the input is not written
    std::size_t in_left = size;
    char buffer[256];
    while (in_left > 0) {
        char* o = buffer;
        std::size_t o_left = sizeof buffer;
        const std::size_t r = ::iconv(cd, &in, &in_left, &o, &o_left);
        append(buffer, o);
        if (r != static_cast<std::size_t>(-1) || errno == E2BIG) continue;
        bad(static_cast<std::size_t>(in - data), errno);
        ++in;
        --in_left;
    }
}

}  // namespace

TextCodec::TextCodec(std::string charset)
    : charset_(std::move(charset)), decoder_(open("UTF-8", charset_)), encoder_(nullptr) {
    try {
        encoder_ = open(charset_, "UTF-8");
    } catch (...) {
        ::iconv_close(static_cast<iconv_t>(decoder_));
        throw;
    }
}

TextCodec::~TextCodec() {
    ::iconv_close(static_cast<iconv_t>(decoder_));
    ::iconv_close(static_cast<iconv_t>(encoder_));
}

std::string TextCodec::to_utf8(std::span<const std::uint8_t> bytes) {
    std::string out;
    convert(static_cast<iconv_t>(decoder_), reinterpret_cast<const char*>(bytes.data()), bytes.size(),
            [&](const char* b, const char* e) { out.append(b, e); },
            [&](std::size_t, int) {
                // EILSEQ: not a character of the charset; EINVAL: cut short at the end. One byte, one U+FFFD.
                out += kReplacement;
            });
    return out;
}

Bytes TextCodec::from_utf8(std::string_view text) {
    Bytes out;
    convert(static_cast<iconv_t>(encoder_), text.data(), text.size(),
            [&](const char* b, const char* e) { out.insert(out.end(), b, e); },
            [&](std::size_t at, int error) {
                if (error == EILSEQ)
                    throw TextCodecError("text at byte " + std::to_string(at) + " has no " + charset_ +
                                         " encoding (or is not UTF-8)");
                throw TextCodecError("text ends inside a UTF-8 character at byte " + std::to_string(at));
            });
    return out;
}

}  // namespace atmbench::escpos
