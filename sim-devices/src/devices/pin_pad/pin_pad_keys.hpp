// Key names of the encrypting PIN pad and the rules of one entry (Keyboard.PinEntry / Keyboard.DataEntry,
// docs/references.md [XFS4IoT] §3 Keyboard, §3.1 Keyboard.PinEntry). XFS4IoT names keys "zero".."nine", "enter",
// "cancel", "clear", "backspace", "help", "decPoint", "doubleZero", "tripleZero", "fdk01".."fdk32"; a scenario
// may write the customer's presses the way people do ("1", "enter", "F1").
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace atmbench::devices {

// The XFS4IoT name of a key as a scenario writes it: "1" → "one", "F1"/"f1" → "fdk01", "enter" → "enter".
// nullopt for a name no PIN pad has.
std::optional<std::string> pin_pad_key_name(std::string_view key);
bool is_digit_key(std::string_view xfs_name);
char digit_of(std::string_view xfs_name);  // "seven" → '7'; only for digit keys

enum class EntryMode { pin, data };

// One entry as the application asked for it. `active` maps each active key to whether it terminates the entry.
struct EntrySpec {
    EntryMode mode = EntryMode::pin;
    int min_len = 0;      // PIN only: digits needed before a terminate key is accepted; 0 = none
    int max_len = 0;      // 0 = no maximum
    bool auto_end = false;  // end by itself when max_len digits are in
    std::map<std::string, bool> active;

    // The keys a PIN pad offers when the application names none: digits, clear, backspace; enter and cancel end
    // the entry; for data entry also fdk01..fdk08, which end it.
    static std::map<std::string, bool> default_keys(EntryMode mode);
};

}  // namespace atmbench::devices
