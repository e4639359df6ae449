// Small value types of the cash module shared by its commands, its listener and its adapters.
#pragma once

#include "devices/cash/note.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace atmbench::devices {

// {unit id: number of notes}; XFS4IoT Denominate/Dispense `counts` (app mix) and completion `denomination.counts`.
using Mix = std::map<std::string, int>;

// XFS4IoT CashManagement shutter status.
enum class ShutterState { closed, open, jammed };
// XFS4IoT CashDispenser.GetPresentStatus presentState.
enum class PresentState { presented, notPresented, unknown };
// XFS4IoT CashAcceptor.GetCashInStatus status.
enum class CashInStatus { ok, rollback, active, retract, noItems, unknown };

std::string_view to_string(ShutterState s);
std::string_view to_string(PresentState s);
std::string_view to_string(CashInStatus s);

// Notes of one kind, as XFS4IoT item lists report them (cash-in results, refused notes).
struct NoteCount {
    std::string currency;
    std::int64_t value = 0;
    NoteClass note_class = NoteClass::fit;
    int count = 0;
    bool operator==(const NoteCount&) const = default;
};
std::vector<NoteCount> count_notes(const std::vector<Note>& notes);

}  // namespace atmbench::devices
