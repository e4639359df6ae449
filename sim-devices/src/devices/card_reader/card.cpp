#include "atmbench/devices/card.hpp"

#include <cctype>
#include <stdexcept>

namespace atmbench::devices {

std::string normalise_hex(std::string_view hex) {
    std::string out;
    for (char c : hex) {
        if (c == ' ') continue;
        if (!std::isxdigit(static_cast<unsigned char>(c)))
            throw std::invalid_argument("not hex: \"" + std::string(hex) + "\"");
        out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    if (out.size() % 2 != 0) throw std::invalid_argument("odd number of hex digits: \"" + std::string(hex) + "\"");
    return out;
}

std::string Chip::answer(std::string_view command_hex) const {
    std::string cmd = normalise_hex(command_hex);
    for (const ApduStep& s : script)
        if (s.command == cmd) return s.response;
    return "6D00";
}

}  // namespace atmbench::devices
