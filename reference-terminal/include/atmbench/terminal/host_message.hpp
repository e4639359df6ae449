// One ISO 8583 message as the terminal sees it: MTI and fields 2..128 by number. Numeric, track and text values are
// characters; binary (type b) values are the raw bytes in the string. The terminal's own type, so nothing it sends
// or reads goes through the bench's codec (a symmetric codec bug would otherwise be invisible).
#pragma once

#include <map>
#include <stdexcept>
#include <string>

namespace atmbench::terminal {

struct HostMessage {
    std::string mti;
    std::map<int, std::string> fields;  // ascending by number: the order they travel in

    bool has(int f) const { return fields.count(f) != 0; }
    const std::string* find(int f) const {
        auto it = fields.find(f);
        return it == fields.end() ? nullptr : &it->second;
    }
    const std::string& at(int f) const {
        auto it = fields.find(f);
        if (it == fields.end()) throw std::out_of_range("field " + std::to_string(f) + " is absent");
        return it->second;
    }
    void set(int f, std::string v) { fields[f] = std::move(v); }
    void erase(int f) { fields.erase(f); }
    bool operator==(const HostMessage&) const = default;
};

// ISO 8583:1987 MTI: the third digit is the function (request 0, response 1, advice 2, advice response 3), the
// fourth the origin; a reply answers the original: 0200 -> 0210, 0800 -> 0810, 0400 -> 0410, repeat 0421 -> 0430.
inline std::string reply_mti(const std::string& request) {
    std::string r = request;
    if (r.size() == 4) {
        r[2] = static_cast<char>(r[2] + 1);
        if (r[3] == '1') r[3] = '0';  // a repeat (x1) is answered like the original
    }
    return r;
}

}  // namespace atmbench::terminal
