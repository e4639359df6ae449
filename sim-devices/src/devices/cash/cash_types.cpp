#include "devices/cash/cash_types.hpp"

namespace atmbench::devices {

std::string_view to_string(ShutterState s) {
    switch (s) {
        case ShutterState::closed: return "closed";
        case ShutterState::open: return "open";
        case ShutterState::jammed: return "jammed";
    }
    return "unknown";
}

std::string_view to_string(PresentState s) {
    switch (s) {
        case PresentState::presented: return "presented";
        case PresentState::notPresented: return "notPresented";
        case PresentState::unknown: return "unknown";
    }
    return "unknown";
}

std::string_view to_string(CashInStatus s) {
    switch (s) {
        case CashInStatus::ok: return "ok";
        case CashInStatus::rollback: return "rollback";
        case CashInStatus::active: return "active";
        case CashInStatus::retract: return "retract";
        case CashInStatus::noItems: return "noItems";
        case CashInStatus::unknown: return "unknown";
    }
    return "unknown";
}

std::vector<NoteCount> count_notes(const std::vector<Note>& notes) {
    std::vector<NoteCount> out;
    for (const Note& n : notes) {
        bool found = false;
        for (NoteCount& c : out)
            if (c.currency == n.currency && c.value == n.value && c.note_class == n.note_class) {
                ++c.count;
                found = true;
            }
        if (!found) out.push_back({n.currency, n.value, n.note_class, 1});
    }
    return out;
}

}  // namespace atmbench::devices
