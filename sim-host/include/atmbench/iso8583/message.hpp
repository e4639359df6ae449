// One ISO 8583 message as values: MTI, fields 2..128 (kept sorted), and the TPDU / static header it travelled with.
// Text, numeric and track values are strings of characters; binary (type b) values are raw bytes in the string.
#pragma once

#include "atmbench/bytes.hpp"

#include <string>
#include <utility>
#include <vector>

namespace atmbench::iso8583 {

class Codec;

class Message {
public:
    using Field = std::pair<int, std::string>;

    std::string mti;
    Bytes tpdu;    // empty when the profile has none or the sender lets the codec fill the default
    Bytes header;  // static header after the TPDU (CUP 6-byte header)

    bool has(int field) const { return find(field) != nullptr; }
    const std::string* find(int field) const;
    // Throws std::out_of_range("field N is absent") when missing.
    const std::string& at(int field) const;
    void set(int field, std::string value);  // throws std::out_of_range unless 2 <= field <= 128
    void erase(int field);
    void clear();

    const std::vector<Field>& fields() const { return fields_; }
    bool has_secondary() const { return !fields_.empty() && fields_.back().first > 64; }

    bool operator==(const Message&) const = default;

private:
    // The codec decodes into the existing entries so a reused Message keeps its strings' buffers too.
    friend class Codec;
    std::vector<Field> fields_;  // ascending by field number
};

// A reply's MTI: function digit +1 (0200 -> 0210, 0420/0421 -> 0430, 0800 -> 0810).
std::string response_mti(const std::string& request_mti);

}  // namespace atmbench::iso8583
