// A banknote as a physical object: its serial number (冠字号, 7.3.6.3 c), currency, denomination and the class the
// note validator gives it (XFS4IoT counts fit / unfit / suspect / counterfeit; unrecognised notes are refused).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace atmbench::devices {

enum class NoteClass { fit, unfit, suspect, counterfeit, unrecognised };

std::string_view to_string(NoteClass c);
std::optional<NoteClass> note_class_from(std::string_view name);

struct Note {
    std::string serial;     // 冠字号, unique among all notes the bench knows
    std::string currency;   // ISO 4217 alpha, "CNY"
    std::int64_t value = 0; // denomination in minor units: 100 CNY = 10000
    NoteClass note_class = NoteClass::fit;

    bool operator==(const Note&) const = default;
};

}  // namespace atmbench::devices
