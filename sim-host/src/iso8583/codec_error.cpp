// What a codec error says: "field 35 at offset 42: expected …, found …" — the one line the command line prints
// and test reports show, so a person can find the byte without a debugger.
#include "atmbench/iso8583/codec_error.hpp"

namespace atmbench::iso8583 {

namespace {

std::string where(int field, std::size_t offset) {
    std::string place;
    switch (field) {
        case -1: place = "frame"; break;
        case 0: place = "MTI"; break;
        case 1: place = "bitmap"; break;
        default: place = "field " + std::to_string(field); break;
    }
    return place + " at offset " + std::to_string(offset);
}

}  // namespace

CodecError::CodecError(int field, std::size_t offset, std::string expected, std::string found)
    : std::runtime_error(where(field, offset) + ": expected " + expected + ", found " + found),
      field_(field),
      offset_(offset),
      expected_(std::move(expected)),
      found_(std::move(found)) {}

}  // namespace atmbench::iso8583
