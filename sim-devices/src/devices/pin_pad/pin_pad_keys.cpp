#include "devices/pin_pad/pin_pad_keys.hpp"

#include <array>
#include <cctype>

namespace atmbench::devices {

namespace {
constexpr std::array<std::string_view, 10> kDigits = {"zero", "one", "two",   "three", "four",
                                                      "five", "six", "seven", "eight", "nine"};
constexpr std::string_view kFunctionKeys[] = {"enter", "cancel",     "clear",      "backspace", "help",
                                              "decPoint", "doubleZero", "tripleZero", "shift"};

std::string fdk(int n) { return std::string("fdk") + (n < 10 ? "0" : "") + std::to_string(n); }
}  // namespace

std::optional<std::string> pin_pad_key_name(std::string_view key) {
    if (key.size() == 1 && key[0] >= '0' && key[0] <= '9') return std::string(kDigits[key[0] - '0']);
    for (auto d : kDigits)
        if (d == key) return std::string(d);
    for (auto f : kFunctionKeys)
        if (f == key) return std::string(f);
    // "F1".."F32" as printed on the screen-side keys, or the XFS4IoT "fdk01".."fdk32".
    std::string_view num;
    if ((key.size() == 2 || key.size() == 3) && (key[0] == 'F' || key[0] == 'f')) num = key.substr(1);
    else if (key.size() == 5 && key.substr(0, 3) == "fdk") num = key.substr(3);
    if (!num.empty()) {
        int n = 0;
        for (char c : num) {
            if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
            n = n * 10 + (c - '0');
        }
        if (n >= 1 && n <= 32) return fdk(n);
    }
    return std::nullopt;
}

bool is_digit_key(std::string_view name) {
    for (auto d : kDigits)
        if (d == name) return true;
    return false;
}

char digit_of(std::string_view name) {
    for (std::size_t i = 0; i < kDigits.size(); ++i)
        if (kDigits[i] == name) return static_cast<char>('0' + i);
    return '?';
}

std::map<std::string, bool> EntrySpec::default_keys(EntryMode mode) {
    std::map<std::string, bool> keys;
    for (auto d : kDigits) keys[std::string(d)] = false;
    keys["clear"] = false;
    keys["backspace"] = false;
    keys["enter"] = true;
    keys["cancel"] = true;
    if (mode == EntryMode::data)
        for (int n = 1; n <= 8; ++n) keys[fdk(n)] = true;
    return keys;
}

}  // namespace atmbench::devices
