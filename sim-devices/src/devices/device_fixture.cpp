#include "atmbench/devices/device_fixture.hpp"

#include "atmbench/host/yaml_source.hpp"

#include <fstream>
#include <set>
#include <sstream>

namespace atmbench::devices {

using host::FixtureError;
using host::YamlReader;

namespace {
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

CashModuleConfig parse_cash(const YamlReader& r) {
    r.require_map("cash");
    r.allow_only({"currency", "serials", "max_dispense_items", "max_cash_in_items", "escrow_capacity",
                  "retain_counterfeit", "units"});
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
    return c;
}

CardReaderConfig parse_card_reader(const YamlReader& r) {
    r.require_map("card_reader");
    r.allow_only({"retain_units"});
    CardReaderConfig c;
    if (!r.has("retain_units")) return c;
    YAML::Node units = r["retain_units"];
    if (!units.IsSequence()) r.fail(units, "retain_units", "expected a list of {id, capacity, count}");
    c.retain_units.clear();
    std::set<std::string> ids;
    for (const YAML::Node& n : units) {
        YamlReader u(n, r.source());
        u.require_map("a retain unit");
        u.allow_only({"id", "capacity", "count"});
        RetainUnitConfig ru;
        ru.id = u.string("id");
        ru.capacity = static_cast<int>(u.integer("capacity", 1, 10000));
        ru.count = static_cast<int>(u.integer_or("count", 0, 0, ru.capacity));
        if (!ids.insert(ru.id).second) u.fail(u["id"], "id", "unit " + ru.id + " defined twice");
        c.retain_units.push_back(ru);
    }
    return c;
}
}  // namespace

DeviceFixture parse_device_fixture(const std::string& yaml_text, const std::string& source) {
    YamlReader top(host::load_yaml_text(yaml_text, source), source);
    top.require_map("a device fixture");
    top.allow_only({"name", "cash", "card_reader"});
    DeviceFixture f;
    f.name = top.string_or("name", "");
    if (top.has("cash")) f.cash = parse_cash(top.child("cash"));
    if (top.has("card_reader")) f.card_reader = parse_card_reader(top.child("card_reader"));
    return f;
}

DeviceFixture load_device_fixture(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw FixtureError(file.string() + ": cannot open file");
    std::stringstream buf;
    buf << in.rdbuf();
    return parse_device_fixture(buf.str(), file.string());
}

}  // namespace atmbench::devices
