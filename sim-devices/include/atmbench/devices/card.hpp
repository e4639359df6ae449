// A test card as the card reader sees it: PAN, magnetic tracks (text as encoded on the stripe, without sentinels)
// and an optional chip with its ATR and an APDU script (command → response) the card answers from.
#pragma once

#include "atmbench/common/luhn.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atmbench::devices {

struct ApduStep {
    std::string command;   // upper-case hex, no spaces
    std::string response;  // upper-case hex, no spaces, ending in SW1 SW2
};

struct Chip {
    std::string atr;       // upper-case hex
    std::vector<ApduStep> script;
    // The scripted response to a command (hex, any case, spaces ignored); "6D00" (INS not supported) otherwise.
    std::string answer(std::string_view command_hex) const;
};

struct Card {
    std::string id;        // fixture id, e.g. "zhang-mag"
    std::string pan;
    std::optional<std::string> track1, track2, track3;
    std::optional<Chip> chip;
    std::string description;

    // Something a reader can read: a track or a chip. A blank card is invalid media.
    bool readable() const { return track1 || track2 || track3 || chip; }
};

// ISO/IEC 7812 check digit (Luhn) of a PAN: one implementation, in atmbench_common.
using atmbench::luhn_valid;
// Upper-case hex without spaces; throws std::invalid_argument for text that is not hex.
std::string normalise_hex(std::string_view hex);

}  // namespace atmbench::devices
