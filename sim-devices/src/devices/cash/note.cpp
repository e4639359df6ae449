#include "devices/cash/note.hpp"

namespace atmbench::devices {

std::string_view to_string(NoteClass c) {
    switch (c) {
        case NoteClass::fit: return "fit";
        case NoteClass::unfit: return "unfit";
        case NoteClass::suspect: return "suspect";
        case NoteClass::counterfeit: return "counterfeit";
        case NoteClass::unrecognised: return "unrecognised";
    }
    return "unrecognised";
}

std::optional<NoteClass> note_class_from(std::string_view name) {
    for (auto c : {NoteClass::fit, NoteClass::unfit, NoteClass::suspect, NoteClass::counterfeit,
                   NoteClass::unrecognised})
        if (to_string(c) == name) return c;
    return std::nullopt;
}

}  // namespace atmbench::devices
