// Storage commands and the operator's hands: GetStorage, SetStorage, StartExchange, EndExchange, replenish and
// empty a unit during an exchange (7.3.6.6 a: unit changes reach the terminal as StorageChanged).
#include "devices/cash/cash_module.hpp"

namespace atmbench::devices {

std::vector<CashUnit> CashModule::get_storage() const { return units_; }

Outcome CashModule::set_storage(const std::string& unit, int count) {
    if (auto o = admit("setStorage", false)) return *o;
    CashUnit* u = find(unit);
    if (!u) return Outcome::invalid_data("no cash unit " + unit);
    if (count < 0) return Outcome::invalid_data("count must not be negative");
    u->reported_count = count;
    u->counters = UnitCounters{count, 0, 0, 0, 0, 0};
    u->reported_empty = false;
    u->reported_full = false;
    counts_changed({u->id});
    return Outcome::success();
}

Outcome CashModule::start_exchange() {
    if (auto o = admit("startExchange", false)) return *o;
    if (exchange_active_) return Outcome::error("exchangeActive");
    if (cash_in_active_) return Outcome::error("transactionActive", "a cash-in transaction is active");
    exchange_active_ = true;
    return Outcome::success();
}

Outcome CashModule::end_exchange() {
    if (auto o = admit("endExchange", false)) return *o;
    if (!exchange_active_) return Outcome::error("noExchangeActive");
    exchange_active_ = false;
    for (CashUnit& u : units_) {
        u.reported_empty = false;
        u.reported_full = false;
        u.counters = UnitCounters{u.reported_count, 0, 0, 0, 0, 0};
        events().storage_changed(u.id);
    }
    return Outcome::success();
}

Outcome CashModule::replenish(const std::string& unit, int notes) {
    if (!exchange_active_) return Outcome::error("noExchangeActive");
    CashUnit* u = find(unit);
    if (!u || u->value <= 0) return Outcome::invalid_data("no unit with a denomination: " + unit);
    if (u->capacity > 0 && ledger_.count(unit) + notes > u->capacity) return Outcome::error("storageUnitError", "over capacity");
    for (Note& n : make_notes(u->currency, u->value, NoteClass::fit, notes)) ledger_.add(unit, std::move(n));
    introduced_ += notes;
    return Outcome::success();
}

Outcome CashModule::empty_unit(const std::string& unit) {
    if (!exchange_active_) return Outcome::error("noExchangeActive");
    if (!find(unit)) return Outcome::invalid_data("no cash unit " + unit);
    ledger_.move(unit, where::operator_);
    return Outcome::success();
}

}  // namespace atmbench::devices
