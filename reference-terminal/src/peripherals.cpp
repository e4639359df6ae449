#include "atmbench/terminal/peripherals.hpp"

#include "atmbench/terminal/base64.hpp"

#include <boost/json.hpp>

#include <array>

namespace atmbench::terminal {

namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

std::string text(const json::value& v, std::initializer_list<const char*> path) {
    const json::value* at = &v;
    for (const char* key : path) {
        if (!at->is_object()) return "";
        at = at->as_object().if_contains(key);
        if (!at) return "";
    }
    return at->is_string() ? std::string(at->as_string()) : "";
}

std::int64_t number(const json::value* v) {
    if (!v) return 0;
    if (v->is_int64()) return v->as_int64();
    if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
    if (v->is_double()) return static_cast<std::int64_t>(v->as_double());
    return 0;
}

constexpr std::array<const char*, 10> kDigitNames = {"zero", "one", "two", "three", "four",
                                                     "five", "six", "seven", "eight", "nine"};

json::object hex_import(const std::string& name, const std::string& usage, const std::string& value_b64) {
    return {{"key", name}, {"value", value_b64},
            {"keyAttributes", json::object{{"keyUsage", usage}, {"algorithm", "T"}, {"modeOfUse", "E"}}}};
}

std::string bytes_of_hex(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    return out;
}

// "typeCNY100" / "typeCNY0.50" → minor units.
std::int64_t value_of_note_type(const std::string& type) {
    if (type.size() < 8 || type.rfind("type", 0) != 0) return 0;
    try {
        return static_cast<std::int64_t>(std::stod(type.substr(7)) * 100 + 0.5);
    } catch (...) {
        return 0;
    }
}

}  // namespace

Peripherals::Peripherals(XfsClient& xfs, const TerminalConfig& config) : xfs_(xfs), config_(config) {}

XfsReply Peripherals::call(const std::string& command, const json::value& payload, milliseconds bound,
                           const std::string& via) {
    try {
        return xfs_.call(command, payload, bound, via);
    } catch (const XfsError& e) {
        return XfsReply{"noService", "", e.what(), nullptr, {}};
    }
}

bool Peripherals::wait_event(const std::string& name, milliseconds bound) {
    auto deadline = std::chrono::steady_clock::now() + bound;
    while (true) {
        auto left = std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        auto e = xfs_.next_event(left);
        if (!e) return false;
        if (e->name == name) return true;
    }
}

void Peripherals::show(const std::string& screen_id, const std::vector<std::string>& lines) {
    if (!has("TextTerminal")) return;
    call("TextTerminal.ClearScreen", json::object{}, config_.timeouts.device);
    std::string all = "[" + screen_id + "]";
    for (const auto& l : lines) all += "\n" + l;
    call("TextTerminal.Write", json::object{{"mode", "absolute"}, {"posX", 0}, {"posY", 0}, {"text", all}},
         config_.timeouts.device);
}

std::string Peripherals::card_media() {
    XfsReply r = call("Common.Status", json::object{}, config_.timeouts.device, "CardReader");
    return text(r.payload, {"cardReader", "media"});
}

XfsReply Peripherals::eject_card() {
    return call("CardReader.Move", json::object{{"from", "transport"}, {"to", "exit"}}, config_.timeouts.device);
}

XfsReply Peripherals::capture_card() {
    // Retained into the first retain unit; a card waiting at the exit is pulled back in first (§3.1 Move from exit).
    std::string media = card_media();
    std::string from = media == "entering" ? "exit" : "transport";
    XfsReply r = call("CardReader.Move", json::object{{"from", from}, {"to", "unit1"}}, config_.timeouts.device);
    if (!r.ok()) r = call("CardReader.Reset", json::object{{"to", "retain"}}, config_.timeouts.device);
    return r;
}

bool Peripherals::wait_card_taken(milliseconds bound) { return wait_event("CardReader.MediaRemovedEvent", bound); }

std::string Peripherals::sensor(const std::string& name) {
    if (!has("Auxiliaries")) return "";
    XfsReply r = call("Common.Status", json::object{}, config_.timeouts.device, "Auxiliaries");
    return text(r.payload, {"auxiliaries", name.c_str()});
}

XfsReply Peripherals::import_master_key(const std::string& hex_key) {
    return call("KeyManagement.ImportKey", hex_import("TMK", "K0", base64_encode(bytes_of_hex(hex_key))),
                config_.timeouts.device);
}

XfsReply Peripherals::import_pin_key(const std::string& wrapped, const std::string& kcv) {
    json::object p = hex_import("PIK", "P0", base64_encode(wrapped));
    p["decryptKey"] = "TMK";
    // The device checks the key it unwrapped against the KCV the host sent (first three bytes, kcvZero).
    p["verificationData"] = base64_encode(kcv.substr(0, 3));
    p["verifyAttributes"] = json::object{{"cryptoMethod", "kcvZero"}};
    return call("KeyManagement.ImportKey", p, config_.timeouts.device);
}

XfsReply Peripherals::pin_entry() {
    json::object keys;
    for (const char* d : kDigitNames) keys[d] = json::object{{"terminate", false}};
    keys["enter"] = json::object{{"terminate", true}};
    keys["cancel"] = json::object{{"terminate", true}};
    keys["clear"] = json::object{{"terminate", false}};
    return call("Keyboard.PinEntry", json::object{{"minLen", 4}, {"maxLen", 6}, {"autoEnd", false}, {"activeKeys", keys}},
                config_.timeouts.pin);
}

XfsReply Peripherals::pin_block(const std::string& pan) {
    return call("PinPad.GetPinBlock", json::object{{"customerData", pan}, {"format", "iso0"}, {"key", "PIK"}},
                config_.timeouts.device);
}

std::string Peripherals::choose(const std::vector<std::string>& keys, milliseconds bound) {
    json::object active;
    for (const auto& k : keys) active[k] = json::object{{"terminate", true}};
    XfsReply r = call("Keyboard.DataEntry", json::object{{"maxLen", 1}, {"autoEnd", true}, {"activeKeys", active}}, bound);
    if (!r.ok()) return "";
    const json::value* data = r.payload.is_object() ? r.payload.as_object().if_contains("data") : nullptr;
    if (!data || !data->is_array() || data->as_array().empty()) return "";
    return text(data->as_array().back(), {"digit"});
}

std::optional<std::string> Peripherals::enter_number(int max_len, const std::vector<std::string>& shortcuts) {
    json::object active;
    for (const char* d : kDigitNames) active[d] = json::object{{"terminate", false}};
    active["enter"] = json::object{{"terminate", true}};
    active["cancel"] = json::object{{"terminate", true}};
    active["clear"] = json::object{{"terminate", false}};
    for (const auto& k : shortcuts) active[k] = json::object{{"terminate", true}};
    XfsReply r = call("Keyboard.DataEntry", json::object{{"maxLen", max_len}, {"autoEnd", false}, {"activeKeys", active}},
                      config_.timeouts.key);
    if (!r.ok()) return std::nullopt;
    const json::value* data = r.payload.is_object() ? r.payload.as_object().if_contains("data") : nullptr;
    if (!data || !data->is_array()) return std::nullopt;
    std::string digits;
    for (const auto& entry : data->as_array()) {
        std::string k = text(entry, {"digit"});
        for (int i = 0; i < 10; ++i)
            if (k == kDigitNames[i]) digits += static_cast<char>('0' + i);
        if (k == "clear") digits.clear();
        if (k == "cancel") return std::nullopt;
        if (k.rfind("fdk", 0) == 0) return "F" + std::to_string(std::stoi(k.substr(3)));
    }
    if (digits.empty()) return std::nullopt;
    return digits;
}

std::vector<CashUnitInfo> Peripherals::cash_units() {
    std::vector<CashUnitInfo> units;
    XfsReply r = call("Storage.GetStorage", json::object{}, config_.timeouts.device, "CashManagement");
    const json::value* storage = r.payload.is_object() ? r.payload.as_object().if_contains("storage") : nullptr;
    if (!r.ok() || !storage || !storage->is_object()) return units;
    for (const auto& kv : storage->as_object()) {
        CashUnitInfo u;
        u.id = kv.key();
        const json::value& unit = kv.value();
        u.status = text(unit, {"status"});
        if (unit.is_object()) u.capacity = static_cast<int>(number(unit.as_object().if_contains("capacity")));
        const json::value* cash = unit.is_object() ? unit.as_object().if_contains("cash") : nullptr;
        if (!cash || !cash->is_object()) continue;
        const json::value* cfg = cash->as_object().if_contains("configuration");
        if (cfg && cfg->is_object()) {
            u.currency = text(*cfg, {"currency"});
            const json::value* v = cfg->as_object().if_contains("value");
            if (v && v->is_double()) u.value = static_cast<std::int64_t>(v->as_double() * 100 + 0.5);
            else u.value = number(v) * 100;
            const json::value* types = cfg->as_object().if_contains("types");
            if (types && types->is_object()) {
                const auto& t = types->as_object();
                bool in = t.if_contains("cashIn") != nullptr, out = t.if_contains("cashOut") != nullptr;
                u.type = in && out ? "recycling" : out ? "cashOut" : in ? "cashIn" : t.if_contains("reject") ? "reject" : "retract";
            }
        }
        const json::value* st = cash->as_object().if_contains("status");
        if (st && st->is_object()) u.count = static_cast<int>(number(st->as_object().if_contains("count")));
        units.push_back(u);
    }
    return units;
}

json::value Peripherals::cash_status() {
    XfsReply r = call("Common.Status", json::object{}, config_.timeouts.device, "CashManagement");
    return r.ok() ? r.payload : json::value();
}

XfsReply Peripherals::dispense(const NoteMix& mix, const std::string& currency, std::int64_t amount) {
    json::object counts;
    for (const auto& [unit, n] : mix) counts[unit] = n;
    json::object currencies;
    if (amount % 100 == 0) currencies[currency] = amount / 100;
    else currencies[currency] = static_cast<double>(amount) / 100.0;
    // Both the amount and the unit mix: the device must pay exactly this from exactly these units (8.2 d).
    return call("CashDispenser.Dispense",
                json::object{{"denomination", json::object{{"currencies", currencies}, {"counts", counts}}},
                             {"position", "outDefault"}},
                config_.timeouts.device);
}

XfsReply Peripherals::present() {
    return call("CashDispenser.Present", json::object{{"position", "outDefault"}}, config_.timeouts.device);
}

bool Peripherals::wait_items_taken(milliseconds bound) { return wait_event("CashManagement.ItemsTakenEvent", bound); }

XfsReply Peripherals::retract() {
    return call("CashManagement.Retract", json::object{{"location", json::object{{"outputPosition", "outDefault"}, {"retractArea", "retract"}}}},
                config_.timeouts.device);
}

XfsReply Peripherals::reject() { return call("CashDispenser.Reject", json::object{}, config_.timeouts.device); }

XfsReply Peripherals::reset_cash() {
    return call("CashManagement.Reset", json::object{}, config_.timeouts.device);
}

std::string Peripherals::present_state() {
    XfsReply r = call("CashDispenser.GetPresentStatus", json::object{{"position", "outDefault"}}, config_.timeouts.device);
    return text(r.payload, {"presentState"});
}

std::vector<std::string> Peripherals::last_serials() {
    std::vector<std::string> serials;
    XfsReply r = call("CashManagement.GetItemInfo", json::object{}, config_.timeouts.device);
    const json::value* items = r.payload.is_object() ? r.payload.as_object().if_contains("itemsList") : nullptr;
    if (!items || !items->is_array()) return serials;
    for (const auto& i : items->as_array()) serials.push_back(text(i, {"serialNumber"}));
    return serials;
}

XfsReply Peripherals::cash_in_start() { return call("CashAcceptor.CashInStart", json::object{}, config_.timeouts.device); }

XfsReply Peripherals::cash_in(milliseconds bound) { return call("CashAcceptor.CashIn", json::object{}, bound); }

XfsReply Peripherals::cash_in_end() { return call("CashAcceptor.CashInEnd", json::object{}, config_.timeouts.device); }

XfsReply Peripherals::cash_in_rollback() {
    return call("CashAcceptor.CashInRollback", json::object{}, config_.timeouts.device);
}

bool Peripherals::wait_refused_taken(milliseconds bound) { return wait_event("CashManagement.ItemsTakenEvent", bound); }

CashInCount Peripherals::count_of(const XfsReply& cash_in) {
    CashInCount c;
    const json::value* items = cash_in.payload.is_object() ? cash_in.payload.as_object().if_contains("items") : nullptr;
    if (items && items->is_object()) {
        for (const auto& kv : items->as_object()) {
            std::int64_t value = value_of_note_type(std::string(kv.key()));
            int n = 0;
            if (kv.value().is_object())
                for (const auto& cls : kv.value().as_object()) n += static_cast<int>(number(&cls.value()));
            c.by_value[value] += n;
            c.notes += n;
            c.amount += value * n;
        }
    }
    if (cash_in.payload.is_object()) c.refused = static_cast<int>(number(cash_in.payload.as_object().if_contains("refused")));
    return c;
}

XfsReply Peripherals::print_receipt(const std::vector<std::string>& lines) {
    if (!has("Printer")) return XfsReply{"noService", "", "no printer", nullptr, {}};
    std::string all;
    for (const auto& l : lines) all += l + "\n";
    XfsReply r = call("Printer.PrintRaw", json::object{{"inputData", "no"}, {"data", base64_encode(all)}}, config_.timeouts.device);
    if (r.ok()) call("Printer.ControlMedia", json::object{{"mediaControl", json::object{{"cut", true}, {"eject", true}}}},
                     config_.timeouts.device);
    return r;
}

}  // namespace atmbench::terminal
