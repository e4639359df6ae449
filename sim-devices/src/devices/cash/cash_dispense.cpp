// CashDispenser and CashManagement commands: Denominate, Dispense, Present, Reject, GetPresentStatus, Retract,
// Open/CloseShutter, Reset, and the customer taking notes (7.3.6.3).
#include "devices/cash/cash_module.hpp"
#include "devices/cash/denomination.hpp"

#include <algorithm>

namespace atmbench::devices {

namespace {
std::int64_t amount_of(const Mix& mix, const std::vector<CashUnit>& units) {
    std::int64_t sum = 0;
    for (const auto& [id, n] : mix)
        for (const CashUnit& u : units)
            if (u.id == id) sum += n * u.reported_value;
    return sum;
}
int notes_in(const Mix& mix) {
    int n = 0;
    for (const auto& [id, c] : mix) n += c;
    return n;
}
}  // namespace

DenominateResult CashModule::denominate(std::int64_t amount, const std::string& currency, const Mix& counts) {
    if (auto o = admit("denominate")) return {*o, {}, 0};
    DenominateResult r;
    if (!counts.empty()) {
        for (const auto& [id, n] : counts) {
            const CashUnit* u = find(id);
            if (!u || !u->dispenses() || n < 0) return {Outcome::invalid_data("no dispensing unit " + id), {}, 0};
            if (!currency.empty() && u->reported_currency != currency)
                return {Outcome::error("invalidCurrency", id + " holds " + u->reported_currency), {}, 0};
            if (u->status != UnitStatus::ok) return {Outcome::error("cashUnitError", id + " not usable"), {}, 0};
            if (n > u->reported_count || (n > 0 && u->reported_empty))
                return {Outcome::error("notDispensable", id + " has too few notes"), {}, 0};
            if (n > 0) r.mix[id] = n;
        }
        r.amount = amount_of(r.mix, units_);
        if (amount > 0 && r.amount != amount)
            return {Outcome::error("invalidDenomination", "counts do not make the amount"), {}, 0};
    } else {
        std::vector<const CashUnit*> candidates;
        bool any_currency = false;
        for (const CashUnit& u : units_) {
            if (!u.dispenses() || u.reported_currency != currency) continue;
            any_currency = true;
            if (u.status == UnitStatus::ok && !u.reported_empty && u.reported_count > 0) candidates.push_back(&u);
        }
        if (!any_currency) return {Outcome::error("invalidCurrency", "no unit holds " + currency), {}, 0};
        if (candidates.empty()) return {Outcome::error("cashUnitError", "no usable unit holds " + currency), {}, 0};
        std::stable_sort(candidates.begin(), candidates.end(), [](const CashUnit* a, const CashUnit* b) {
            return a->reported_value != b->reported_value ? a->reported_value > b->reported_value : a->id < b->id;
        });
        std::vector<Denomination> offer;
        for (const CashUnit* u : candidates) offer.push_back({u->id, u->reported_value, u->reported_count});
        auto mix = minimum_notes_mix(amount, offer);
        if (!mix) return {Outcome::error("notDispensable", "the amount cannot be made"), {}, 0};
        r.mix = *mix;
        r.amount = amount;
    }
    if (notes_in(r.mix) > config_.max_dispense_items)
        return {Outcome::error("tooManyItems", "more than " + std::to_string(config_.max_dispense_items) + " notes"),
                {}, 0};
    return r;
}

DispenseResult CashModule::dispense(const Mix& mix) {
    DispenseResult r;
    if (auto o = admit("dispense")) return {*o, {}, 0, {}};
    if (notes_in(mix) <= 0) return {Outcome::invalid_data("nothing to dispense"), {}, 0, {}};
    if (shutter_ != ShutterState::closed) return {Outcome::error("shutterOpen"), {}, 0, {}};
    if (ledger_.count(where::stacker) + ledger_.count(where::output) > 0)
        return {Outcome::error("itemsLeft", "notes left in the transport or at the output"), {}, 0, {}};
    if (notes_in(mix) > config_.max_dispense_items) return {Outcome::error("tooManyItems"), {}, 0, {}};
    for (const auto& [id, n] : mix) {
        CashUnit* u = find(id);
        if (!u || !u->dispenses() || n < 0) return {Outcome::invalid_data("no dispensing unit " + id), {}, 0, {}};
        if (n > 0 && (u->status != UnitStatus::ok || u->reported_empty)) {
            events().storage_error(id, u->reported_empty ? "empty" : "error");
            return {Outcome::error("cashUnitError", id + " is " + std::string(to_string(u->status))), {}, 0, {}};
        }
    }

    auto jam = faults_.fire("jam", "dispense");
    Mix moved;
    std::vector<Note> picked;
    Outcome failure;
    for (const auto& [id, n] : mix) {
        CashUnit& u = *find(id);
        if (n > 0 && faults_.fire("cassetteEmpty", "dispense", id)) {
            u.reported_empty = true;
            events().storage_error(id, "empty");
            failure = Outcome::error("cashUnitError", id + " found empty");
            break;
        }
        for (int i = 0; i < n && failure.ok(); ++i) {
            if (jam && static_cast<std::int64_t>(picked.size()) >= jam->count) {
                u.status = UnitStatus::inoperative;  // its feed is jammed until reset
                events().storage_error(id, "error");
                failure = Outcome::error("cashUnitError", "jam after " + std::to_string(picked.size()) + " notes");
            } else if (ledger_.count(id) == 0) {
                u.reported_empty = true;  // counts said there were notes; the picker found none
                events().storage_error(id, "empty");
                failure = Outcome::error("cashUnitError", id + " ran empty");
            } else {
                for (Note& note : ledger_.move(id, where::stacker, 1)) picked.push_back(std::move(note));
                ++moved[id];
            }
        }
        if (!failure.ok()) break;
    }

    std::vector<std::string> changed;
    for (const auto& [id, n] : moved) {
        CashUnit& u = *find(id);
        int claim = claimed("dispense", id, n);
        r.mix[id] = claim;
        u.reported_count -= claim;
        u.counters.dispensed += n;
        changed.push_back(id);
    }
    r.amount = amount_of(r.mix, units_);
    for (const Note& n : picked) r.serials.push_back(n.serial);
    last_notes_ = std::move(picked);
    last_bunch_ = r.mix;
    present_state_ = PresentState::notPresented;
    taken_since_present_ = false;
    counts_changed(changed);
    if (!failure.ok()) {
        events().incomplete_dispense(r.mix);
        r.outcome = failure;
    }
    return r;
}

PresentResult CashModule::present() {
    if (auto o = admit("present")) return {*o, 0};
    int waiting = ledger_.count(where::stacker);
    if (waiting == 0) return {Outcome::error("noItems"), 0};
    if (!shutter_opens("present")) return {Outcome::error("shutterNotOpen"), 0};
    if (auto f = faults_.fire("presentFail", "present")) {
        // Partial present: some notes at the output (reachable), the rest in the stacker (7.3.6.7 c 5).
        int n = static_cast<int>(ledger_.move(where::stacker, where::output, static_cast<int>(f->count)).size());
        present_state_ = PresentState::unknown;
        if (n > 0) events().items_presented(n);
        return {Outcome::error(n > 0 ? "presentErrorItems" : "presentErrorUnknown"), n};
    }
    int n = static_cast<int>(ledger_.move(where::stacker, where::output).size());
    present_state_ = PresentState::presented;
    taken_since_present_ = false;
    std::vector<std::string> changed;
    for (const auto& [id, c] : last_bunch_) {
        if (CashUnit* u = find(id)) u->counters.presented += c;
        changed.push_back(id);
    }
    events().items_presented(n);
    counts_changed(changed);
    return {Outcome::success(), n};
}

int CashModule::customer_take(int n) {
    if (shutter_ == ShutterState::closed) return 0;  // behind a closed shutter nothing is reachable
    int taken = static_cast<int>(ledger_.move(where::output, where::customer, n).size());
    if (taken == 0) return 0;
    taken_since_present_ = true;
    events().items_taken(where::output, taken);
    if (ledger_.count(where::output) == 0 && shutter_ == ShutterState::open) shutter_closes("take");
    return taken;
}

Outcome CashModule::reject() {
    if (auto o = admit("reject")) return *o;
    if (ledger_.count(where::stacker) == 0) return Outcome::error("noItems");
    CashUnit* u = unit_of_type(UnitType::reject, 1);
    if (!u) return Outcome::error("cashUnitError", "no reject unit");
    return store_leftovers(*u, {where::stacker}, "reject", true).outcome;
}

PresentStatus CashModule::get_present_status() const {
    return {present_state_, last_bunch_, amount_of(last_bunch_, units_)};
}

RetractResult CashModule::retract(const std::string& area, int index) {
    if (auto o = admit("retract")) return {*o, {}, 0};
    CashUnit* u = area == "retract"  ? unit_of_type(UnitType::retract, index)
                  : area == "reject" ? unit_of_type(UnitType::reject, index)
                                     : nullptr;
    if (!u) return {Outcome::error("invalidRetractPosition", "no " + area + " unit " + std::to_string(index)), {}, 0};
    if (ledger_.count(where::output) + ledger_.count(where::stacker) == 0) {
        bool taken = present_state_ == PresentState::presented && taken_since_present_;
        return {Outcome::error(taken ? "itemsTaken" : "noItems"), u->id, 0};
    }
    if (!shutter_closes("retract")) return {Outcome::error("shutterNotClosed"), u->id, 0};
    RetractResult r = store_leftovers(*u, {where::output, where::stacker}, "retract", area == "reject");
    // §3.1 Retract: itemsTaken says the customer took what was presented. Once a retract has put the rest away,
    // a further Retract finds nothing because of that retract, not the customer: noItems.
    if (r.retracted > 0) taken_since_present_ = false;
    return r;
}

RetractResult CashModule::store_leftovers(CashUnit& u, std::initializer_list<std::string_view> from,
                                          std::string_view point, bool rejected) {
    RetractResult r{Outcome::success(), u.id, 0};
    if (u.status != UnitStatus::ok) {
        events().storage_error(u.id, "error");
        r.outcome = Outcome::error("cashUnitError", u.id + " is " + std::string(to_string(u.status)));
        return r;
    }
    if (faults_.fire("storageFull", point, u.id)) {
        u.reported_full = true;
        events().storage_error(u.id, "full");
    }
    int wanted = 0;
    for (auto loc : from) wanted += ledger_.count(loc);
    int room = u.reported_full ? 0 : u.capacity > 0 ? std::max(0, u.capacity - ledger_.count(u.id)) : wanted;
    for (auto loc : from) {
        int n = static_cast<int>(ledger_.move(loc, u.id, std::min(room, ledger_.count(loc))).size());
        room -= n;
        r.retracted += n;
    }
    int claim = claimed(point, u.id, r.retracted);
    u.reported_count += claim;
    (rejected ? u.counters.rejected : u.counters.retracted) += r.retracted;
    if (r.retracted > 0) counts_changed({u.id});
    if (r.retracted < wanted) {
        if (!u.reported_full) events().storage_error(u.id, "full");
        events().incomplete_retract(u.id, r.retracted);
        r.outcome = Outcome::error("cashUnitError", u.id + " is full");
    }
    return r;
}

Outcome CashModule::open_shutter() {
    if (auto o = admit("openShutter")) return *o;
    return shutter_opens("openShutter") ? Outcome::success() : Outcome::error("shutterNotOpen");
}

Outcome CashModule::close_shutter() {
    if (auto o = admit("closeShutter")) return *o;
    return shutter_closes("closeShutter") ? Outcome::success() : Outcome::error("shutterNotClosed");
}

RetractResult CashModule::reset() {
    if (auto o = admit("reset")) return {*o, {}, 0};
    health_.set(DeviceState::online);
    for (CashUnit& u : units_)
        if (u.status == UnitStatus::inoperative) u.status = UnitStatus::ok;
    if (shutter_ != ShutterState::closed) set_shutter(ShutterState::closed);  // a reset always recovers the shutter
    if (cash_in_active_) {
        cash_in_active_ = false;
        input_open_ = false;
        cash_in_status_ = ledger_.count(where::escrow) > 0 ? CashInStatus::retract : CashInStatus::unknown;
    }
    RetractResult r{Outcome::success(), {}, 0};
    int leftovers = 0;
    for (auto loc : {where::stacker, where::output, where::escrow, where::jammed, where::input})
        leftovers += ledger_.count(loc);
    if (leftovers == 0) return r;
    CashUnit* u = unit_of_type(UnitType::retract, 1);
    if (!u) u = unit_of_type(UnitType::reject, 1);
    if (!u) return {Outcome::error("cashUnitError", "no unit to take the leftovers"), {}, 0};
    present_state_ = PresentState::notPresented;
    return store_leftovers(*u, {where::output, where::stacker, where::escrow, where::jammed, where::input}, "reset",
                           false);
}

}  // namespace atmbench::devices
