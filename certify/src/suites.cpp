#include "suites.hpp"

#include <boost/json.hpp>

namespace atmbench::certify {

using namespace suites_detail;

const std::vector<SuiteDef>& suites() {
    static const std::vector<SuiteDef> all{
        {"Common", "Common", common_suite},
        {"CardReader", "CardReader", card_reader_suite},
        {"CashDispenser", "CashDispenser", cash_dispenser_suite},
        {"CashAcceptor", "CashAcceptor", cash_acceptor_suite},
        {"PinPad", "Keyboard", pin_pad_suite},
        {"Printer", "Printer", printer_suite},
        {"TextTerminal", "TextTerminal", text_terminal_suite},
        {"Lights", "Lights", lights_suite},
        {"Auxiliaries", "Auxiliaries", auxiliaries_suite},
    };
    return all;
}

namespace suites_detail {

namespace json = boost::json;

std::optional<WaitingCommand> waiting_command(const ServiceInfo& info) {
    if (info.has_command("CardReader.ReadRawData")) return WaitingCommand{"CardReader.ReadRawData", {{"track2", true}}};
    if (info.has_command("Keyboard.DataEntry")) {
        // 2024-03 activeKeys: {name: {terminate}} (§3.1 Keyboard.PinEntry); Enter ends it, so it waits for a person.
        json::object keys{{"enter", json::object{{"terminate", true}}}};
        for (const char* d : {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"})
            keys[d] = json::object{{"terminate", false}};
        return WaitingCommand{"Keyboard.DataEntry", {{"maxLen", 4}, {"autoEnd", false}, {"activeKeys", std::move(keys)}}};
    }
    if (info.has_command("TextTerminal.Read")) {
        // §3 TextTerminal.Read: 4 digits, ended only by Enter (autoEnd false), so it waits for a person.
        return WaitingCommand{"TextTerminal.Read",
                              {{"numOfChars", 4},
                               {"autoEnd", false},
                               {"echoMode", "text"},
                               {"activeKeys", "0123456789"},
                               {"commandKeys", json::object{{"enter", json::object{{"terminate", true}}}}}}};
    }
    return std::nullopt;
}

const json::object* object_at(const json::object& o, std::initializer_list<const char*> path) {
    const json::object* at = &o;
    for (const char* key : path) {
        const json::value* v = at->if_contains(key);
        if (!v || !v->is_object()) return nullptr;
        at = &v->as_object();
    }
    return at;
}

namespace {
const json::value* value_at(const json::object& o, std::initializer_list<const char*> path) {
    const json::object* at = &o;
    const json::value* v = nullptr;
    std::size_t i = 0;
    for (const char* key : path) {
        v = at->if_contains(key);
        if (!v) return nullptr;
        if (++i < path.size()) {
            if (!v->is_object()) return nullptr;
            at = &v->as_object();
        }
    }
    return v;
}
}  // namespace

std::string text_at(const json::object& o, std::initializer_list<const char*> path) {
    const json::value* v = value_at(o, path);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::optional<std::int64_t> int_at(const json::object& o, std::initializer_list<const char*> path) {
    const json::value* v = value_at(o, path);
    if (v && v->is_int64()) return v->as_int64();
    if (v && v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
    return std::nullopt;
}

}  // namespace suites_detail

}  // namespace atmbench::certify

namespace atmbench::certify::suites_detail {

namespace json = boost::json;

std::optional<std::int64_t> counts_total(const json::value& v) {
    if (v.is_int64()) return v.as_int64();
    if (v.is_uint64()) return static_cast<std::int64_t>(v.as_uint64());
    if (v.is_null()) return 0;
    if (!v.is_object()) return std::nullopt;
    std::int64_t sum = 0;
    for (const auto& kv : v.as_object()) {
        auto n = counts_total(kv.value());
        if (!n) return std::nullopt;
        sum += *n;
    }
    return sum;
}

namespace {
std::int64_t counter(const json::object& status, const char* dir, const char* name) {
    const json::object* o = object_at(status, {dir});
    const json::value* v = o ? o->if_contains(name) : nullptr;
    return v ? counts_total(*v).value_or(0) : 0;
}

bool has_type(const json::object& configuration, const char* type) {
    // 2024-03: types is an object of flags ({cashOut: true}); an array of names is accepted as well.
    const json::value* t = configuration.if_contains("types");
    if (!t) return false;
    if (t->is_object()) {
        const json::value* f = t->as_object().if_contains(type);
        return f && f->is_bool() && f->as_bool();
    }
    if (t->is_array())
        for (const auto& x : t->as_array())
            if (x.is_string() && x.as_string() == type) return true;
    return false;
}
}  // namespace

CashStorage cash_units(const json::object& payload) {
    CashStorage out;
    const json::object* storage = object_at(payload, {"storage"});
    if (!storage) return out;
    for (const auto& [key, v] : *storage) {
        if (!v.is_object() || !object_at(v.as_object(), {"cash"})) continue;
        const json::object& u = v.as_object();
        CashUnitCounts c;
        c.id = std::string(key);
        c.status = text_at(u, {"status"});
        if (const json::object* conf = object_at(u, {"cash", "configuration"})) {
            c.cash_out = has_type(*conf, "cashOut");
            c.cash_in = has_type(*conf, "cashIn");
            c.retract = has_type(*conf, "cashInRetract") || has_type(*conf, "cashOutRetract");
            c.reject = has_type(*conf, "reject");
            c.currency = text_at(*conf, {"currency"});
            if (const json::value* val = conf->if_contains("value"); val && val->is_number()) c.value = val->to_number<double>();
        }
        if (const json::object* st = object_at(u, {"cash", "status"})) {
            c.count = int_at(*st, {"count"});
            c.presented = counter(*st, "out", "presented");
            c.distributed = counter(*st, "out", "distributed");
            c.rejected_out = counter(*st, "out", "rejected");
            c.deposited = counter(*st, "in", "deposited");
            c.retracted = counter(*st, "in", "retracted");
            c.rejected_in = counter(*st, "in", "rejected");
        }
        out[c.id] = std::move(c);
    }
    return out;
}

std::optional<CashStorage> read_cash_storage(ServiceSession& s, Check& c, const std::string& when) {
    Exchange ex = s.call("Storage.GetStorage");
    c.evidence(ex);
    if (!c.expect(ex.code() == "success", "Storage.GetStorage " + when + ": " + ex.summary())) return std::nullopt;
    return cash_units(ex.payload());
}

std::int64_t total_of(const CashStorage& st, std::int64_t CashUnitCounts::*field,
                      const std::function<bool(const CashUnitCounts&)>& pick) {
    std::int64_t sum = 0;
    for (const auto& [id, u] : st)
        if (!pick || pick(u)) sum += u.*field;
    return sum;
}

std::optional<std::int64_t> count_of(const CashStorage& st, const std::function<bool(const CashUnitCounts&)>& pick) {
    std::int64_t sum = 0;
    for (const auto& [id, u] : st) {
        if (pick && !pick(u)) continue;
        if (!u.count) return std::nullopt;
        sum += *u.count;
    }
    return sum;
}

void cash_reset(SuiteContext& ctx) {
    ctx.op().clear_faults(ctx.info().name);
    if (ctx.info().has_command("CashManagement.Reset")) ctx.session().call("CashManagement.Reset", nullptr, {std::chrono::milliseconds(15000)});
}

}  // namespace atmbench::certify::suites_detail
