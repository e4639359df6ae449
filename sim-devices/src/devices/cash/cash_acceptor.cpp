// CashAcceptor commands and the customer inserting notes: CashInStart, CashIn (count, classify, refuse),
// CashInEnd (store), CashInRollback (return), GetCashInStatus (7.3.7 a: refused notes returned; counterfeit kept).
#include "devices/cash/cash_module.hpp"

#include <algorithm>

namespace atmbench::devices {

namespace {
bool kept_when_suspicious(const Note& n) {
    return n.note_class == NoteClass::counterfeit || n.note_class == NoteClass::suspect;
}
}  // namespace

Outcome CashModule::cash_in_start() {
    if (auto o = admit("cashInStart")) return *o;
    if (cash_in_active_) return Outcome::error("cashInActive");
    if (std::none_of(units_.begin(), units_.end(), [](const CashUnit& u) { return u.accepts_deposits(); }))
        return Outcome::error("cashUnitError", "no cash-in or recycling unit");
    if (validator_) {
        Outcome o = validator_->start_accepting();
        validator_storage_status();
        if (!o.ok()) return o;
    }
    cash_in_active_ = true;
    input_open_ = false;
    cash_in_status_ = CashInStatus::active;
    refused_ = 0;
    cash_in_notes_.clear();
    return Outcome::success();
}

Outcome CashModule::ready_for_insert() {
    if (auto o = admit("readyForInsert")) return *o;
    if (!cash_in_active_) return Outcome::error("noCashInActive");
    if (ledger_.count(where::output) > 0) return Outcome::error("positionNotEmpty", "refused notes not taken");
    if (!shutter_opens("cashIn")) return Outcome::error("shutterNotOpen");
    input_open_ = true;
    events().insert_items();
    return Outcome::success();
}

bool CashModule::customer_insert(std::vector<Note> notes) {
    if (!cash_in_active_ || !input_open_) return false;
    for (const Note& n : notes) {
        std::string at = ledger_.where_is(n.serial);
        if (!at.empty() && at != where::customer)
            throw std::invalid_argument("note " + n.serial + " is at " + at + ", not with the customer");
    }
    for (Note& n : notes) {
        if (ledger_.where_is(n.serial) == where::customer) {
            ledger_.move_serial(n.serial, where::input);
        } else {
            ledger_.add(where::input, std::move(n));
            ++introduced_;
        }
    }
    events().items_inserted(static_cast<int>(notes.size()));
    return true;
}

std::optional<Outcome> CashModule::escrow_jam(std::string_view point) {
    if (!faults_.fire("escrowJam", point)) return std::nullopt;
    std::string_view from = point == "cashIn" ? where::input : where::escrow;
    ledger_.move(from, where::jammed);
    cash_in_active_ = false;
    input_open_ = false;
    cash_in_status_ = CashInStatus::unknown;
    health_.set(DeviceState::hardwareError);
    return Outcome::error("cashUnitError", "escrow jam");
}

CashInResult CashModule::cash_in() {
    if (auto o = admit("cashIn")) return {*o, {}, {}};
    if (!cash_in_active_) return {Outcome::error("noCashInActive"), {}, {}};
    int inserted = ledger_.count(where::input);
    if (inserted == 0) return {Outcome::error("noItems"), {}, {}};
    input_open_ = false;
    int escrowed = ledger_.count(where::escrow);
    if (inserted > config_.max_cash_in_items || escrowed + inserted > config_.escrow_capacity) {
        // The bunch is handed back as a whole.
        auto back = ledger_.move(where::input, where::output);
        shutter_opens("cashIn");
        events().input_refused(escrowed + inserted > config_.escrow_capacity ? "stackerFull" : "invalidBunch",
                               inserted);
        return {Outcome::error("tooManyItems"), {}, count_notes(back)};
    }
    if (!shutter_closes("cashIn")) return {Outcome::error("shutterNotClosed"), {}, {}};
    if (auto o = escrow_jam("cashIn")) return {*o, {}, {}};
    if (validator_) return cash_in_through_validator();
    if (faults_.fire("cashInFail", "cashIn")) {
        // The bunch is counted into the escrow, then the acceptor fails: the notes stay there (no count reported),
        // the cash-in transaction stays open and CashInRollback / CashInEnd can still move them (7.3.7 d 1).
        auto bunch = ledger_.move(where::input, where::escrow);
        cash_in_notes_.insert(cash_in_notes_.end(), bunch.begin(), bunch.end());
        cash_in_status_ = CashInStatus::unknown;
        return {Outcome::hardware("acceptor failed after counting the notes into the escrow"), {}, {}};
    }
    bool retain = config_.retain_counterfeit;
    auto refused = ledger_.move_if(where::input, where::output, [&](const Note& n) {
        return n.note_class == NoteClass::unrecognised || (!retain && kept_when_suspicious(n));
    });
    auto accepted = ledger_.move(where::input, where::escrow);
    cash_in_notes_.insert(cash_in_notes_.end(), accepted.begin(), accepted.end());
    last_notes_ = accepted;
    CashInResult r{Outcome::success(), count_notes(accepted), count_notes(refused)};
    if (!refused.empty()) {
        refused_ += static_cast<int>(refused.size());
        shutter_opens("cashIn");
        events().input_refused("invalidBill", static_cast<int>(refused.size()));
    }
    return r;
}

CashUnit* CashModule::deposit_target(const Note& n, const std::map<std::string, int>& planned) {
    auto has_room = [&](const CashUnit& u) {
        if (u.status != UnitStatus::ok || u.reported_full) return false;
        auto it = planned.find(u.id);
        int after = ledger_.count(u.id) + (it == planned.end() ? 0 : it->second) + 1;
        return u.capacity == 0 || after <= u.capacity;
    };
    if (n.note_class == NoteClass::fit)
        for (CashUnit& u : units_)
            if (u.type == UnitType::recycling && u.reported_currency == n.currency && u.reported_value == n.value &&
                has_room(u))
                return &u;
    for (CashUnit& u : units_)
        if (u.type == UnitType::cashIn && has_room(u)) return &u;
    return nullptr;
}

CashInEndResult CashModule::cash_in_end() {
    if (auto o = admit("cashInEnd")) return {*o, {}, 0};
    if (!cash_in_active_) return {Outcome::error("noCashInActive"), {}, 0};
    if (ledger_.count(where::escrow) == 0) return {Outcome::error("noItems"), {}, 0};
    if (ledger_.count(where::output) > 0) return {Outcome::error("positionNotEmpty", "refused notes not taken"), {}, 0};
    if (auto o = escrow_jam("cashInEnd")) return {*o, {}, 0};
    if (faults_.fire("cashInFail", "cashInEnd"))  // nothing moves: the notes wait in the escrow, cash-in stays open
        return {Outcome::hardware("acceptor failed before storing the escrow"), {}, 0};
    for (CashUnit& u : units_)
        if (u.accepts_deposits() && faults_.fire("storageFull", "cashInEnd", u.id)) {
            u.reported_full = true;
            events().storage_error(u.id, "full");
        }
    // Plan every note first: either all are stored or none move.
    std::map<std::string, int> planned;
    std::vector<std::pair<std::string, std::string>> moves;  // serial → unit
    for (const Note& n : ledger_.at(where::escrow)) {
        CashUnit* u = deposit_target(n, planned);
        if (!u) {
            for (const CashUnit& c : units_)
                if (c.accepts_deposits() && !c.reported_full) events().storage_error(c.id, "full");
            return {Outcome::error("cashUnitError", "no room for the deposit"), {}, 0};
        }
        ++planned[u->id];
        moves.emplace_back(n.serial, u->id);
    }
    // A validator stacks the note into its drop cassette first: the ledger follows what it did.
    if (auto o = validator_moves_escrow(&NoteValidator::stack)) return {*o, {}, 0};
    for (const auto& [serial, id] : moves) ledger_.move_serial(serial, id);
    CashInEndResult r{Outcome::success(), {}, 0};
    std::vector<std::string> changed;
    for (const auto& [id, n] : planned) {
        CashUnit& u = *find(id);
        u.reported_count += claimed("cashInEnd", id, n);
        u.counters.deposited += n;
        r.stored[id] = n;
        changed.push_back(id);
    }
    cash_in_active_ = false;
    cash_in_status_ = CashInStatus::ok;
    if (shutter_ != ShutterState::closed) shutter_closes("cashInEnd");
    counts_changed(changed);
    return r;
}

CashInEndResult CashModule::cash_in_rollback() {
    if (auto o = admit("cashInRollback")) return {*o, {}, 0};
    if (!cash_in_active_) return {Outcome::error("noCashInActive"), {}, 0};
    if (ledger_.count(where::escrow) == 0) return {Outcome::error("noItems"), {}, 0};
    if (ledger_.count(where::output) > 0) return {Outcome::error("positionNotEmpty", "refused notes not taken"), {}, 0};
    if (auto o = escrow_jam("cashInRollback")) return {*o, {}, 0};
    if (auto o = validator_moves_escrow(&NoteValidator::give_back)) return {*o, {}, 0};
    CashInEndResult r{Outcome::success(), {}, 0};
    if (config_.retain_counterfeit) {
        // Counterfeit and suspect notes are never given back: they go to the cash-in (else retract) unit.
        CashUnit* keep = unit_of_type(UnitType::cashIn, 1);
        if (!keep) keep = unit_of_type(UnitType::retract, 1);
        if (keep) {
            int n = static_cast<int>(ledger_.move_if(where::escrow, keep->id, kept_when_suspicious).size());
            if (n > 0) {
                keep->reported_count += n;
                keep->counters.deposited += n;
                r.stored[keep->id] = n;
                counts_changed({keep->id});
            }
        }
    }
    r.returned = static_cast<int>(ledger_.move(where::escrow, where::output).size());
    cash_in_active_ = false;
    cash_in_status_ = CashInStatus::rollback;
    if (r.returned > 0) {
        if (!shutter_opens("cashInRollback")) {
            r.outcome = Outcome::error("shutterNotOpen", "returned notes are behind the shutter");
            return r;
        }
        events().items_presented(r.returned);
    }
    return r;
}

CashInState CashModule::get_cash_in_status() const {
    return {cash_in_status_, refused_, count_notes(cash_in_notes_)};
}

}  // namespace atmbench::devices
