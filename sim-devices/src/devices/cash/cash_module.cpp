// CashModule: construction, the command gate, the shutter, faults and physical truth. The commands themselves
// are in cash_dispense.cpp, cash_acceptor.cpp and cash_storage.cpp.
#include "devices/cash/cash_module.hpp"
#include "atmbench/devices/fault_table.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <stdexcept>

namespace atmbench::devices {

CashModule::CashModule(const CashModuleConfig& config)
    : config_(config), serials_(config.serial_prefix, config.seed) {
    for (const CashUnitConfig& c : config.units) {
        if (find(c.id)) throw std::invalid_argument("cash unit " + c.id + " defined twice");
        if (c.count > 0 && (c.value <= 0 || c.currency.empty()))
            throw std::invalid_argument("cash unit " + c.id + " holds notes but has no currency and value");
        CashUnit u;
        u.id = c.id;
        u.type = c.type;
        u.currency = c.currency;
        u.value = c.value;
        u.capacity = c.capacity;
        u.reported_currency = c.currency;
        u.reported_value = c.value;
        u.reported_count = c.count;
        u.counters.initial = c.count;
        units_.push_back(u);
        for (int i = 0; i < c.count; ++i) ledger_.add(c.id, Note{serials_.next(), c.currency, c.value, NoteClass::fit});
    }
    health_.on_change([this](DeviceState s) { events().status_changed(s); });
}

CashUnit* CashModule::find(std::string_view id) {
    for (CashUnit& u : units_)
        if (u.id == id) return &u;
    return nullptr;
}

const CashUnit* CashModule::unit(std::string_view id) const {
    for (const CashUnit& u : units_)
        if (u.id == id) return &u;
    return nullptr;
}

CashUnit* CashModule::unit_of_type(UnitType t, int index) {
    for (CashUnit& u : units_)
        if (u.type == t && --index == 0) return &u;
    return nullptr;
}

namespace {
bool is_state_fault(std::string_view name) {
    return name == "cassetteMissing" || name == "cassetteRemoved" || name == "cassetteInserted" ||
           name == "cassetteMismatch" || name == "notesInTransport" || name == "offline";
}
}  // namespace

std::optional<Outcome> CashModule::admit(std::string_view command, bool in_transaction) {
    // State faults armed for this command take effect just before it runs.
    for (const std::string& name : fault_names())
        if (is_state_fault(name))
            if (auto f = faults_.fire(name, command)) apply_state_fault(*f);
    if (auto o = health_.admit(faults_, command)) return o;
    if (in_transaction && exchange_active_) return Outcome::error("exchangeActive", "an exchange is active");
    return std::nullopt;
}

void CashModule::set_shutter(ShutterState s) {
    if (s == shutter_) return;
    shutter_ = s;
    events().shutter_changed(s);
}

bool CashModule::shutter_opens(std::string_view point) {
    if (shutter_ == ShutterState::open) return true;
    if (shutter_ == ShutterState::jammed) return false;
    if (faults_.fire("shutterOpenFail", point)) {
        set_shutter(ShutterState::jammed);
        return false;
    }
    set_shutter(ShutterState::open);
    return true;
}

bool CashModule::shutter_closes(std::string_view point) {
    if (shutter_ == ShutterState::closed) return true;
    if (shutter_ == ShutterState::jammed) return false;
    if (faults_.fire("shutterCloseFail", point)) {
        set_shutter(ShutterState::jammed);
        return false;
    }
    set_shutter(ShutterState::closed);
    return true;
}

void CashModule::counts_changed(std::vector<std::string> units) {
    std::sort(units.begin(), units.end());
    units.erase(std::unique(units.begin(), units.end()), units.end());
    if (!units.empty()) events().counts_changed(units);
}

int CashModule::claimed(std::string_view point, const std::string& unit, int moved) {
    if (auto f = faults_.fire("countMismatch", point, unit)) return std::max(0, moved + static_cast<int>(f->count));
    return moved;
}

std::vector<Note> CashModule::make_notes(const std::string& currency, std::int64_t value, NoteClass c, int n) {
    std::vector<Note> out;
    for (int i = 0; i < n; ++i) out.push_back(Note{serials_.next(), currency, value, c});
    return out;
}

const std::vector<std::string>& CashModule::fault_names() {
    static const std::vector<std::string> names = devices::fault_names(*fault_table("cash"));  // fault_table.cpp
    return names;
}

void CashModule::inject_fault(const FaultSpec& f) {
    const auto& names = fault_names();
    if (std::find(names.begin(), names.end(), f.name) == names.end()) {
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
        throw std::invalid_argument("unknown cash module fault \"" + f.name + "\" (expected one of: " + list + ")");
    }
    CashUnit* target = f.target.empty() ? nullptr : find(f.target);
    bool needs_unit = f.name == "cassetteMissing" || f.name == "cassetteRemoved" || f.name == "cassetteInserted" ||
                      f.name == "cassetteMismatch" || f.name == "cassetteEmpty";
    if (needs_unit && !target) throw std::invalid_argument(f.name + ": target must name a cash unit");
    if (!f.target.empty() && !target && f.name != "notesInTransport")
        throw std::invalid_argument(f.name + ": no cash unit \"" + f.target + "\"");
    if (f.name == "notesInTransport" && !f.target.empty() && f.target != where::stacker && f.target != where::output)
        throw std::invalid_argument("notesInTransport: target must be stacker or output");

    if (is_state_fault(f.name) && f.at.empty()) apply_state_fault(f);
    else faults_.arm(f);  // point faults, and state faults deferred to a command (`at`)
}

void CashModule::apply_state_fault(const FaultSpec& f) {
    CashUnit* target = f.target.empty() ? nullptr : find(f.target);
    if (f.name == "cassetteMissing" || f.name == "cassetteRemoved") {
        target->status = UnitStatus::missing;
        if (f.name == "cassetteRemoved") events().storage_changed(target->id);
    } else if (f.name == "cassetteInserted") {
        target->status = UnitStatus::ok;
        events().storage_changed(target->id);
    } else if (f.name == "cassetteMismatch") {
        // 7.3.2 e: the unit's physical parameters no longer match the configuration.
        if (!f.currency.empty()) target->reported_currency = f.currency;
        if (f.value > 0) target->reported_value = f.value;
    } else if (f.name == "notesInTransport") {
        // 7.3.6.3 b: notes a previous session left in the transport; they were picked from a dispensing unit.
        std::string_view loc = f.target.empty() ? where::stacker : std::string_view(f.target);
        for (CashUnit& u : units_) {
            if (!u.dispenses() || ledger_.count(u.id) < f.count) continue;
            int moved = static_cast<int>(ledger_.move(u.id, loc, static_cast<int>(f.count)).size());
            u.reported_count -= moved;
            u.counters.dispensed += moved;
            break;
        }
    } else if (f.name == "offline") {
        health_.set(DeviceState::offline);
    }
}

int CashModule::clear_fault(std::string_view name) {
    if (name == "offline" && health_.state() == DeviceState::offline) {
        set_online();
        return 1;
    }
    return faults_.clear(name);
}

void CashModule::set_online() {
    if (health_.state() == DeviceState::offline) health_.set(DeviceState::online);
}

boost::json::object CashModule::physical_truth() const {
    boost::json::object units;
    for (const CashUnit& u : units_)
        units[u.id] = {{"count", ledger_.count(u.id)},
                       {"amount", ledger_.amount(u.id)},
                       {"reportedCount", u.reported_count},
                       {"currency", u.currency},
                       {"value", u.value},
                       {"reportedCurrency", u.reported_currency},
                       {"reportedValue", u.reported_value},
                       {"status", to_string(u.status)}};
    boost::json::object truth{{"notes", ledger_.to_json()},
                              {"units", std::move(units)},
                              {"shutter", to_string(shutter_)},
                              {"device", to_string(health_.state())},
                              {"total", ledger_.total()},
                              {"introduced", introduced_}};
    if (validator_) truth["validator"] = validator_->truth();
    return truth;
}

}  // namespace atmbench::devices
