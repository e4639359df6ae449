// The cash module as a device type (device_type.hpp): `config` is the cash module of fixtures/devices/README.md,
// optionally with a CCNET bill validator as its acceptor (`validator:`, issue 14);
// its fault table lists every point CashModule passes to FaultPlan::fire or DeviceHealth::admit (the comments name where).
#include "devices/device_type.hpp"

#include "atmbench/devices/cash_module_config.hpp"
#include "devices/cash/cash_device.hpp"
#include "devices/cash/ccnet_acceptor.hpp"

#include "atmbench/ccnet/bill_table.hpp"

#include <set>

namespace atmbench::devices {

namespace {

using common::YamlReader;

using Points = std::vector<std::string>;

// CashModule::admit (cash_dispense.cpp, cash_acceptor.cpp, cash_storage.cpp): the commands a hardwareError fires
// at and a state fault given an `at` waits for.
const Points kCashCommands{"denominate", "dispense",   "present",       "reject",       "retract",
                           "reset",      "openShutter", "closeShutter", "cashInStart",  "readyForInsert",
                           "cashIn",     "cashInEnd",  "cashInRollback", "setStorage", "startExchange",
                           "endExchange"};
// CashService::execute: hangs(command_point(name)) before every queued XFS4IoT command.
const Points kCashQueued{"denominate",  "dispense",    "present",     "reject",    "retract",   "reset",
                         "openShutter", "closeShutter", "cashInStart", "cashIn",    "cashInEnd", "cashInRollback",
                         "setStorage",  "startExchange", "endExchange"};

const FaultTable kCash{
    {"jam", {"dispense"}},                                                     // cash_dispense.cpp
    {"cassetteEmpty", {"dispense"}},                                           // cash_dispense.cpp (per unit)
    {"shutterOpenFail", {"present", "cashIn", "cashInRollback", "openShutter"}},  // shutter_opens(point)
    {"shutterCloseFail", {"take", "retract", "cashIn", "cashInEnd", "closeShutter"}},  // shutter_closes(point)
    {"presentFail", {"present"}},                                              // cash_dispense.cpp
    {"escrowJam", {"cashIn", "cashInEnd", "cashInRollback"}},                  // escrow_jam(point)
    {"cashInFail", {"cashIn", "cashInEnd"}},                                   // cash_acceptor.cpp
    {"storageFull", {"cashInEnd", "reject", "retract", "reset"}},              // cash_in_end, store_leftovers(point)
    {"countMismatch", {"dispense", "cashInEnd", "reject", "retract", "reset"}},  // claimed(point)
    {"hardwareError", kCashCommands},                                          // DeviceHealth::admit
    {"hang", kCashQueued},
    {"cassetteMissing", kCashCommands, true},
    {"cassetteRemoved", kCashCommands, true},
    {"cassetteInserted", kCashCommands, true},
    {"cassetteMismatch", kCashCommands, true},
    {"notesInTransport", kCashCommands, true},
    {"offline", kCashCommands, true},
    // A CCNET validator's (ccnet_acceptor.hpp): physical on a simulated one, lineFault on any line.
    {"validatorJam", {}, true},
    {"stackerJam", {}, true},
    {"validatorCheated", {}, true},
    {"dropCassetteRemoved", {}, true},
    {"dropCassetteFull", {}, true},
    {"validatorFailure", {}, true},
    {"validatorReports", {}, true},
    {"lineFault", {}, true},
};

constexpr int kMaxNotes = 100'000;

CashUnitConfig parse_unit(const YamlReader& r, const std::string& default_currency) {
    r.require_map("a cash unit");
    r.allow_only({"id", "type", "currency", "value", "count", "capacity"});
    CashUnitConfig u;
    u.id = r.string("id");
    if (u.id.rfind("unit", 0) != 0 || u.id.size() == 4) r.fail(r["id"], "id", "expected unit1, unit2 … (found \"" + u.id + "\")");
    std::string type = r.string("type");
    auto t = unit_type_from(type);
    if (!t) r.fail(r["type"], "type", "expected cashOut, cashIn, recycling, reject or retract (found \"" + type + "\")");
    u.type = *t;
    bool holds_one_kind = u.type == UnitType::cashOut || u.type == UnitType::recycling;
    u.currency = r.string_or("currency", holds_one_kind ? default_currency : "");
    if (!u.currency.empty() && (u.currency.size() != 3 || !std::isupper(static_cast<unsigned char>(u.currency[0]))))
        r.fail(r["currency"], "currency", "expected an ISO 4217 code such as CNY (found \"" + u.currency + "\")");
    if (holds_one_kind && !r.has("value")) r.fail("value", "missing (required for " + type + " units)");
    u.value = r.money_or("value", 0);
    if (holds_one_kind && u.value <= 0) r.fail(r["value"], "value", "expected a denomination above 0");
    u.capacity = static_cast<int>(r.integer("capacity", 1, kMaxNotes));
    u.count = static_cast<int>(r.integer_or("count", 0, 0, u.capacity));
    if (u.count > 0 && u.value == 0) r.fail(r["count"], "count", "notes need a currency and value on this unit");
    return u;
}

// `validator: {protocol: ccnet, line, bill_table, answer_timeout_ms, note_timeout_ms, poll_interval_ms}`: a kiosk's
// bill validator as the acceptor. Its one-note escrow stacks into its drop cassette, which is the set's one cash-in
// unit; so the module takes one note per cash-in and dispenses nothing.
std::shared_ptr<const CcnetAcceptorConfig> parse_validator(const YamlReader& r, const CashModuleConfig& cash,
                                                           const std::string& currency) {
    r.require_map("validator");
    r.allow_only({"protocol", "line", "bill_table", "answer_timeout_ms", "note_timeout_ms", "poll_interval_ms"});
    std::string protocol = r.string_or("protocol", "ccnet");
    if (protocol != "ccnet") r.fail(r["protocol"], "protocol", "expected ccnet (found \"" + protocol + "\")");
    auto c = std::make_shared<CcnetAcceptorConfig>();
    if (r.has("line")) c->line = parse_device_line(r.child("line"));
    c->bill_table = r.string_or("bill_table", currency + ":1,5,10,20,50,100");
    try {
        (void)ccnet::BillTable::parse(c->bill_table);
    } catch (const std::invalid_argument& e) {
        r.fail(r["bill_table"], "bill_table", e.what());
    }
    if (c->bill_table.rfind(currency + ":", 0) != 0)
        r.fail(r["bill_table"], "bill_table", "expected the module's currency first (" + currency + ":1,5,…; found \"" +
                                                  c->bill_table + "\")");
    c->answer_timeout = std::chrono::milliseconds(r.integer_or("answer_timeout_ms", 200, 10, 10'000));
    c->note_timeout = std::chrono::milliseconds(r.integer_or("note_timeout_ms", 5000, 100, 120'000));
    c->poll_interval = std::chrono::milliseconds(r.integer_or("poll_interval_ms", 100, 10, 1000));
    int drop_cassettes = 0;
    for (const CashUnitConfig& u : cash.units) {
        if (u.type == UnitType::cashIn) {
            ++drop_cassettes;
            c->cassette_capacity = static_cast<std::size_t>(u.capacity);
        } else if (u.type != UnitType::retract && u.type != UnitType::reject) {
            r.fail("validator", "a bill validator's module has a cash-in unit (its drop cassette) and at most reject "
                                "and retract units; " + u.id + " is " + std::string(to_string(u.type)));
        }
    }
    if (drop_cassettes != 1)
        r.fail("validator", "a bill validator's module has exactly one cash-in unit, its drop cassette (found " +
                                std::to_string(drop_cassettes) + ")");
    return c;
}

CashModuleConfig parse_cash(const YamlReader& r) {
    r.require_map("cash config");
    r.allow_only({"currency", "serials", "max_dispense_items", "max_cash_in_items", "escrow_capacity",
                  "retain_counterfeit", "units", "validator"});
    CashModuleConfig c;
    std::string currency = r.string_or("currency", "CNY");
    if (r.has("serials")) {
        YamlReader s = r.child("serials");
        s.require_map("serials");
        s.allow_only({"prefix", "seed"});
        c.serial_prefix = s.string_or("prefix", c.serial_prefix);
        for (char ch : c.serial_prefix)
            if (ch < 'A' || ch > 'Z') s.fail(s["prefix"], "prefix", "expected capital letters (found \"" + c.serial_prefix + "\")");
        c.seed = static_cast<std::uint64_t>(s.integer_or("seed", 1, 0, INT64_MAX));
    }
    c.max_dispense_items = static_cast<int>(r.integer_or("max_dispense_items", c.max_dispense_items, 1, 1000));
    c.max_cash_in_items = static_cast<int>(r.integer_or("max_cash_in_items", c.max_cash_in_items, 1, 1000));
    c.escrow_capacity = static_cast<int>(r.integer_or("escrow_capacity", c.escrow_capacity, 1, 10000));
    c.retain_counterfeit = r.boolean_or("retain_counterfeit", c.retain_counterfeit);
    YAML::Node units = r["units"];
    if (!units.IsSequence() || units.size() == 0) r.fail(units, "units", "expected a list of cash units");
    std::set<std::string> ids;
    for (const YAML::Node& n : units) {
        YamlReader u(n, r.source());
        CashUnitConfig cu = parse_unit(u, currency);
        if (!ids.insert(cu.id).second) u.fail(u["id"], "id", "unit " + cu.id + " defined twice");
        c.units.push_back(cu);
    }
    if (r.has("validator")) {
        c.validator = parse_validator(r.child("validator"), c, currency);
        // The validator's escrow holds one note (ESCROW POSITION): a bigger bunch is refused as tooManyItems.
        for (const char* key : {"max_cash_in_items", "escrow_capacity"})
            if (r.has(key) && r.integer(key, 1, 10'000) != 1) r.fail(r[key], key, "a bill validator's escrow holds one note");
        c.max_cash_in_items = 1;
        c.escrow_capacity = 1;
    }
    return c;
}

}  // namespace

const DeviceType& cash_device_type() {
    static const DeviceType type{
        "cash",
        [](const YamlReader& r) -> std::any { return parse_cash(r); },
        [](const std::any& c, const DeviceContext& context) {
            return make_cash_device(std::any_cast<const CashModuleConfig&>(c), CashDeviceOptions{{}, &context});
        },
        kCash,
    };
    return type;
}

}  // namespace atmbench::devices
