// Errors of packing and unpacking. Decoding arbitrary bytes never crashes: it throws DecodeError saying which
// field, at which offset of the body, what was expected and what was found.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace atmbench::iso8583 {

class CodecError : public std::runtime_error {
public:
    CodecError(int field, std::size_t offset, std::string expected, std::string found);
    int field() const { return field_; }  // 0 = MTI, 1 = bitmap, -1 = framing/envelope, 2..128 = data field
    std::size_t offset() const { return offset_; }
    const std::string& expected() const { return expected_; }
    const std::string& found() const { return found_; }

private:
    int field_;
    std::size_t offset_;
    std::string expected_;
    std::string found_;
};

class DecodeError : public CodecError {
public:
    using CodecError::CodecError;
};

class EncodeError : public CodecError {
public:
    using CodecError::CodecError;
};

}  // namespace atmbench::iso8583
