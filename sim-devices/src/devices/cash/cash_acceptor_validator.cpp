// The cash-in path when a bill validator with its own protocol is the acceptor (note_validator.hpp, issue 14): each
// note goes as far as the validator took it — escrow, back to the slot, or stuck inside after a fault — and the
// ledger records exactly that, so the physical truth of a validator-backed cash module is what the validator did.
#include "devices/cash/cash_module.hpp"

namespace atmbench::devices {

CashInResult CashModule::cash_in_through_validator() {
    std::vector<Note> accepted, refused;
    while (ledger_.count(where::input) > 0) {
        const Note note = ledger_.at(where::input).front();
        DrawnNote drawn = validator_->draw_in(note);
        if (drawn.kind == DrawnNote::Kind::Failed) {
            // 7.3.7 d 1: the note is inside the validator and was not counted; what the customer still holds at
            // the slot goes back to them.
            ledger_.move_serial(note.serial, where::jammed);
            ledger_.move(where::input, where::output);
            return {validator_failed(drawn.failure, where::escrow), count_notes(accepted), {}};
        }
        bool escrowed = drawn.kind == DrawnNote::Kind::Escrowed;
        ledger_.move_serial(note.serial, escrowed ? where::escrow : where::output);
        (escrowed ? accepted : refused).push_back(note);
    }
    cash_in_notes_.insert(cash_in_notes_.end(), accepted.begin(), accepted.end());
    last_notes_ = accepted;
    if (!refused.empty()) {
        refused_ += static_cast<int>(refused.size());
        shutter_opens("cashIn");
        events().input_refused("invalidBill", static_cast<int>(refused.size()));
    }
    return {Outcome::success(), count_notes(accepted), count_notes(refused)};
}

std::optional<Outcome> CashModule::validator_moves_escrow(Outcome (NoteValidator::*move)()) {
    if (!validator_) return std::nullopt;
    Outcome moved = (validator_->*move)();
    if (!moved.ok()) return validator_failed(moved, where::escrow);
    validator_->stop_accepting();
    return std::nullopt;
}

Outcome CashModule::validator_failed(Outcome failure, std::string_view from) {
    // Like an escrow jam: the notes of `from` are stuck inside, the cash-in is over and the device needs the
    // operator (Reset moves what is stuck to the retract unit once the validator is cleared).
    ledger_.move(from, where::jammed);
    cash_in_active_ = false;
    input_open_ = false;
    cash_in_status_ = CashInStatus::unknown;
    if (failure.completion == Completion::hardwareError) health_.set(DeviceState::hardwareError);
    validator_storage_status();
    return failure;
}

void CashModule::check_validator() {
    if (!validator_ || cash_in_active_) return;  // during a cash-in the commands themselves poll it
    validator_->check();
    validator_storage_status();
}

void CashModule::validator_storage_status() {
    CashUnit* drop = unit_of_type(UnitType::cashIn, 1);
    if (!drop) return;
    // The drop cassette is the cash-in unit: its status is what the validator last said of it (7.3.6.6 a: a
    // cassette removed changes the terminal's unit table — StorageChangedEvent).
    // Only what the validator changes is applied: a unit fault the bench armed on the module stays as it is.
    const std::string problem = validator_->storage_problem();
    if (problem == drop_problem_) return;
    if (drop_problem_ == "missing" || problem == "missing") {
        drop->status = problem == "missing" ? UnitStatus::missing : UnitStatus::ok;
        events().storage_changed(drop->id);
    }
    if (drop_problem_ == "full") drop->reported_full = false;
    if (problem == "full") {
        drop->reported_full = true;
        events().storage_error(drop->id, "full");
    }
    drop_problem_ = problem;
}

}  // namespace atmbench::devices
