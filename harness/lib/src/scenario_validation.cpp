// The loader's checks (scenario_validation.hpp): every key known, every value of its type and range, every name
// (card, device, fault, fault point, host rule field, screen, menu function, admin command) one the run can reach.
#include "scenario_validation.hpp"

#include "atmbench/devices/card_catalogue.hpp"
#include "atmbench/devices/card_reader_config.hpp"
#include "atmbench/devices/cash_module_config.hpp"
#include "atmbench/devices/device_fixture.hpp"
#include "atmbench/devices/device_set.hpp"
#include "atmbench/devices/fault_table.hpp"
#include "atmbench/harness/terminal_profile.hpp"
#include "atmbench/host/response_rule.hpp"
#include "atmbench/share_folder.hpp"
#include "yaml_json.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <map>
#include <mutex>

namespace atmbench::harness {

namespace validation {

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
}

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (same ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

// The catalogue the runner gives the card reader (runner.cpp: fixtures/cards/test-cards.yaml), loaded once.
const devices::CardCatalogue& card_catalogue() {
    static const devices::CardCatalogue cards =
        devices::CardCatalogue::load(share_folder::fixtures() / "cards" / "test-cards.yaml");
    return cards;
}

// A device fixture, loaded once per path (a suite names the same two or three).
const devices::DeviceFixture& device_fixture(const std::filesystem::path& path) {
    static std::mutex mutex;
    static std::map<std::filesystem::path, devices::DeviceFixture> loaded;
    std::lock_guard lock(mutex);
    auto it = loaded.find(path);
    if (it == loaded.end()) it = loaded.emplace(path, devices::load_device_fixture(path)).first;
    return it->second;
}

// The devices of a fixture and their customer actions (the control API's /health), by device id.
std::map<std::string, std::vector<std::string>> device_actions(const std::filesystem::path& fixture) {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& [id, actions] : devices::DeviceSet::device_actions(device_fixture(fixture))) out[id] = actions;
    return out;
}

const std::vector<std::string> kNoteKeys{"value", "currency", "class", "serial"};  // cash.insertNotes, one note each
const std::vector<std::string> kNoteClasses{"fit", "unfit", "suspect", "counterfeit", "unrecognised"};
const std::vector<std::string> kFaultKeys{"device", "name", "at", "occurrence", "persistent", "target", "count", "currency", "value"};
// Posting kinds of the host's ledger (GET /ledger, README "The host's control endpoint").
const std::vector<std::string> kLedgerKinds{"withdrawal", "deposit", "transfer", "reversal", "reversal-repeat", "reversal-no-effect"};

}  // namespace

std::string nearest(const std::string& word, const std::vector<std::string>& known) {
    std::string best;
    std::size_t best_d = std::string::npos;
    for (const auto& k : known) {
        std::size_t d = edit_distance(word, k);
        if (d < best_d) best_d = d, best = k;
    }
    // A typo changes a few letters; beyond a third of the word it is another word.
    std::size_t limit = std::max<std::size_t>(2, std::max(word.size(), best.size()) / 3);
    return best_d <= limit ? best : "";
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& known) {
    std::string n = nearest(word, known);
    return n.empty() ? "" : " (did you mean '" + n + "'?)";
}

Checker::Checker(std::string file, std::filesystem::path device_fixture, bool with_lines)
    : file_(std::move(file)), fixture_path_(std::move(device_fixture)), with_lines_(with_lines) {}

void Checker::fail(const YAML::Node& at, const std::string& field, const std::string& what) const {
    int line = at.IsDefined() ? at.Mark().line + 1 : 1;
    std::string where = with_lines_ ? file_ + ":" + std::to_string(line < 1 ? 1 : line) : file_;
    throw host::FixtureError(where + ": " + (field.empty() ? "" : field + ": ") + what);
}

void Checker::only_keys(const YAML::Node& map, const std::vector<std::string>& allowed, const std::string& where) const {
    if (!map.IsMap()) fail(map, where, "expected a mapping");
    for (const auto& kv : map) {
        std::string k = kv.first.as<std::string>();
        if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
        fail(kv.first, k, "unknown key in " + where + did_you_mean(k, allowed) +
                              (allowed.empty() ? " (it takes no arguments)" : " (expected one of: " + joined(allowed) + ")"));
    }
}

std::int64_t Checker::integer(const YAML::Node& n, const std::string& field, std::int64_t min, std::int64_t max) const {
    if (!n.IsDefined() || n.IsNull()) fail(n, field, "missing (required)");
    if (!n.IsScalar()) fail(n, field, "expected a whole number");
    const std::string& s = n.Scalar();
    // A quoted "5000" is a string to the runner (it would fall back to its default): the YAML must say a number.
    if (n.Tag() == "!") fail(n, field, "expected a whole number, found the string \"" + s + "\" (write it without quotes)");
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc::result_out_of_range)
        fail(n, field, "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) + " (found " + s + ", too large)");
    if (ec != std::errc() || p != s.data() + s.size() || s.empty())
        fail(n, field, "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) + " (found \"" + s + "\")");
    if (v < min || v > max)
        fail(n, field, "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) + " (found " + s + ")");
    return v;
}

bool Checker::boolean(const YAML::Node& n, const std::string& field) const {
    // Only true/false: the runner reads a JSON boolean, so "yes" or "maybe" would silently mean false.
    if (n.IsScalar() && n.Tag() != "!" && (n.Scalar() == "true" || n.Scalar() == "false")) return n.Scalar() == "true";
    fail(n, field, "expected true or false (found " + (n.IsScalar() ? "\"" + n.Scalar() + "\"" : std::string("a list or mapping")) + ")");
}

std::string Checker::text(const YAML::Node& n, const std::string& field) const {
    if (!n.IsDefined() || n.IsNull()) fail(n, field, "missing (required)");
    if (!n.IsScalar()) fail(n, field, "expected a single value, not a list or mapping");
    return n.Scalar();
}

void Checker::card(const YAML::Node& n, const std::string& field) const {
    std::string id = text(n, field);
    if (card_catalogue().find(id)) return;
    std::vector<std::string> ids;
    for (const auto& c : card_catalogue().cards()) ids.push_back(c.id);
    fail(n, field, "no card \"" + id + "\" in fixtures/cards/test-cards.yaml" + did_you_mean(id, ids) + " (cards: " + joined(ids) + ")");
}

void Checker::notes(const YAML::Node& n) const {
    if (!n.IsSequence() || n.size() == 0) fail(n, "notes", "expected a non-empty list of notes [{value, currency?, class?, serial?}]");
    for (const auto& note : n) {
        only_keys(note, kNoteKeys, "a note");
        if (!note["value"].IsDefined()) fail(note, "value", "missing (required): the denomination in major units, e.g. 100");
        integer(note["value"], "value", 1, 1000000);
        if (note["class"].IsDefined()) {
            std::string c = text(note["class"], "class");
            if (std::find(kNoteClasses.begin(), kNoteClasses.end(), c) == kNoteClasses.end())
                fail(note["class"], "class", "expected one of " + joined(kNoteClasses) + " (found \"" + c + "\")" + did_you_mean(c, kNoteClasses));
        }
        if (note["currency"].IsDefined()) text(note["currency"], "currency");
        if (note["serial"].IsDefined()) text(note["serial"], "serial");
    }
}

void Checker::step(const Step& step, const YAML::Node& item, const YAML::Node& args) const {
    const StepSpec& spec = *find_step_spec(step.kind);
    if (args.IsDefined() && args.IsScalar()) {
        if (spec.value_as.empty())
            fail(args, step.kind, "takes no single value (found \"" + args.Scalar() + "\"); write " + step.kind +
                                      (spec.args.empty() ? "" : ": {" + spec.args.front().name + ": …}"));
        // "insert_card: zhang-mag": the value is that argument, checked as that argument is.
        for (const auto& a : spec.args)
            if (a.name == spec.value_as) argument(a, args, a.type == ArgType::Ms ? step.kind : a.name);
        return;
    }
    std::vector<std::string> allowed{"optional"};
    if (spec.bounded) allowed.push_back("timeout_ms");
    for (const auto& a : spec.args) allowed.push_back(a.name);
    const bool given = args.IsDefined() && !args.IsNull();
    if (spec.free_args == FreeArgs::None) {
        if (given) only_keys(args, allowed, step.kind);
        for (const auto& a : spec.args)
            if (a.required && (!given || !args[a.name].IsDefined()))
                fail(given ? args : item, step.kind, "missing its '" + a.name + "' (required)");
    }
    if (!given || !args.IsMap()) {
        if (!spec.one_of.empty()) fail(item, step.kind, "needs one of " + joined(spec.one_of));
        if (spec.free_args != FreeArgs::None) fail(item, step.kind, "expected a mapping of its arguments");
        return;
    }
    if (args["optional"].IsDefined()) boolean(args["optional"], "optional");
    if (spec.bounded && args["timeout_ms"].IsDefined()) integer(args["timeout_ms"], "timeout_ms", 1, kStepTimeoutMaxMs);
    for (const auto& a : spec.args) {
        YAML::Node v = args[a.name];
        if (!v.IsDefined()) continue;
        argument(a, v, a.name);
        if (!a.only_with.empty() && !args[a.only_with].IsDefined())
            fail(v, a.name, "only a " + step.kind + " with " + a.only_with + " takes " + a.name);
    }
    if (!spec.one_of.empty()) {
        std::vector<std::string> present;
        for (const auto& w : spec.one_of)
            if (args[w].IsDefined()) present.push_back(w);
        if (present.empty()) fail(args, step.kind, "needs one of " + joined(spec.one_of));
        // The runner looks at the first it knows and ignores the rest: two would be a wait for only one of them.
        if (present.size() > 1) fail(args[present[1]], present[1], "a " + step.kind + " waits for one thing (found " + joined(present) + ")");
    }
    if (spec.name == "act") act(args);
    else if (spec.free_args == FreeArgs::Fault) fault(args, {"optional"});
    else if (spec.free_args == FreeArgs::HostRule) host_rule(args);
}

void Checker::argument(const ArgSpec& a, const YAML::Node& v, const std::string& field) const {
    const ArgTypeInfo& info = arg_type_info(a.type);
    auto digits = [](const std::string& d) {
        return !d.empty() && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    switch (a.type) {
        case ArgType::Text: {
            std::string t = text(v, field);
            if (!a.allowed.empty() && std::find(a.allowed.begin(), a.allowed.end(), t) == a.allowed.end())
                fail(v, field, "expected one of " + joined(a.allowed) + " (found \"" + t + "\")" + did_you_mean(t, a.allowed));
            break;
        }
        case ArgType::Digits: {
            std::string d = text(v, field);
            if (!digits(d)) fail(v, field, "expected digits (found \"" + d + "\")");
            break;
        }
        case ArgType::Amount: {
            // Quoted or not: "300" and 300 are the same amount to the runner, which types the digits.
            std::string d = text(v, field);
            if (!digits(d) || d.size() > 9 || std::all_of(d.begin(), d.end(), [](char c) { return c == '0'; }))
                fail(v, field, "expected a whole amount in major units, 1 … 999999999 (found \"" + d + "\")");
            break;
        }
        case ArgType::Count:
        case ArgType::Ms: integer(v, field, info.min, info.max); break;
        case ArgType::Bool: {
            bool b = boolean(v, field);
            if (a.allowed.size() == 1 && (b ? "true" : "false") != a.allowed.front())
                fail(v, field, "only " + field + ": " + a.allowed.front() + " means something");
            break;
        }
        case ArgType::Map:
            if (!v.IsMap()) fail(v, field, "expected a mapping");
            break;
        case ArgType::Notes: notes(v); break;
        case ArgType::Keys:
            if (!v.IsSequence() || v.size() == 0) fail(v, field, "expected a non-empty list of keys");
            for (const auto& k : v) text(k, field);
            break;
        case ArgType::Card: card(v, field); break;
        case ArgType::Mti: {
            std::string m = text(v, field);
            if (m.size() != 4 || !digits(m)) fail(v, field, "expected a 4-digit MTI, quoted (found \"" + m + "\")");
            break;
        }
        case ArgType::Xfs:
        case ArgType::Moment:
            // The step's own matcher (trace_match.hpp) reports what is wrong inside; here only the shape.
            if (!v.IsMap()) fail(v, field, std::string("expected ") + info.doc);
            break;
    }
}

void Checker::act(const YAML::Node& args) const {
    std::string device = text(args["device"], "device"), action = text(args["action"], "action");
    auto all = device_actions(fixture_path_);
    auto d = all.find(device);
    std::vector<std::string> ids;
    for (const auto& [id, _] : all) ids.push_back(id);
    if (d == all.end())
        fail(args["device"], "device", "no device \"" + device + "\" in " + fixture_path_.filename().string() +
                                           did_you_mean(device, ids) + " (devices: " + joined(ids) + ")");
    if (std::find(d->second.begin(), d->second.end(), action) == d->second.end())
        fail(args["action"], "action", "no action \"" + action + "\" on " + device + did_you_mean(action, d->second) +
                                           " (actions: " + joined(d->second) + ")");
    YAML::Node given = args["args"];  // a missing key is an invalid node: ask IsDefined before anything else
    if (device == "cardReader" && given.IsDefined() && given.IsMap() && given["card"].IsDefined()) card(given["card"], "card");
}

void Checker::host_rule(const YAML::Node& args) const {
    // The host's own rule parser (sim-host response_rule.cpp), on the step's node so errors keep this file's lines;
    // `optional` is the runner's, not the rule's.
    // The step's arguments are already taken (Step::args), so the node itself loses `optional`: a copy would lose
    // the line marks the rule parser's errors need.
    YAML::Node rule = args;
    rule.remove("optional");
    host::parse_rules(rule, file_);
}

void Checker::fault(const YAML::Node& f, const std::vector<std::string>& extra_keys) const {
    std::vector<std::string> allowed = kFaultKeys;
    allowed.insert(allowed.end(), extra_keys.begin(), extra_keys.end());
    only_keys(f, allowed, "a fault");
    std::string device = text(f["device"], "device");
    text(f["name"], "name");
    for (const char* k : {"at", "target", "currency"})
        if (f[k].IsDefined()) text(f[k], k);
    if (f["occurrence"].IsDefined()) integer(f["occurrence"], "occurrence", 1, 1000000);
    if (f["persistent"].IsDefined()) boolean(f["persistent"], "persistent");
    if (f["count"].IsDefined()) integer(f["count"], "count", 0, 1000000);
    if (f["value"].IsDefined()) integer(f["value"], "value", 0, 100000000);
    boost::json::object spec = yaml_to_json(f).as_object();
    for (const auto& k : extra_keys) spec.erase(k);
    spec.erase("device");
    const devices::DeviceFixture& fixture = device_fixture(fixture_path_);
    try {
        devices::DeviceSet::check_fault(fixture, device, spec);
    } catch (const devices::FaultSpecError& e) {
        YAML::Node at = f[e.problem.field];
        fail(at.IsDefined() ? at : f, e.problem.field, e.what());
    } catch (const devices::ActionError& e) {
        std::string what = e.what();
        if (what.rfind("no device", 0) == 0) {
            std::vector<std::string> ids;
            for (const auto& [id, _] : device_actions(fixture_path_)) ids.push_back(id);
            fail(f["device"], "device", "no device \"" + device + "\" in " + fixture_path_.filename().string() +
                                            did_you_mean(device, ids) + " (devices: " + joined(ids) + ")");
        }
        fail(f, "fault", what);
    }
    // Targets the device would refuse only when the fault is armed (mid-run): the cash unit, retain unit or card.
    if (!f["target"].IsDefined()) return;
    std::string name = f["name"].Scalar(), target = f["target"].Scalar();
    std::vector<std::string> units;
    const auto* cash = fixture.config<devices::CashModuleConfig>("cash");
    const auto* card_reader = fixture.config<devices::CardReaderConfig>("cardReader");
    if (device == "cash" && cash && name != "notesInTransport")
        for (const auto& u : cash->units) units.push_back(u.id);
    else if (device == "cardReader" && name == "retainFull" && card_reader)
        for (const auto& u : card_reader->retain_units) units.push_back(u.id);
    else if (device == "cardReader" && name == "cardLeftInReader") return card(f["target"], "target");
    else return;
    if (std::find(units.begin(), units.end(), target) == units.end())
        fail(f["target"], "target", "no unit \"" + target + "\" in " + fixture_path_.filename().string() +
                                        did_you_mean(target, units) + " (units: " + joined(units) + ")");
}

void Checker::expectation(const std::string& kind, const YAML::Node& item, const YAML::Node& args) const {
    (void)item;
    std::vector<std::string> keys{"count", "at_least"};
    if (kind == "host") keys.insert(keys.end(), {"mti", "processing_code"});
    else if (kind == "screen" || kind == "mode") keys.insert(keys.end(), {"value", "id"});
    else if (kind == "journal") keys.insert(keys.end(), {"type", "match"});
    else if (kind == "ledger") keys.insert(keys.end(), {"kind", "amount"});
    if ((kind == "screen" || kind == "mode") && args.IsScalar()) return;  // "screen: declined"
    only_keys(args, keys, kind);
    if (args["count"].IsDefined()) integer(args["count"], "count", 0, 1000000);
    if (args["at_least"].IsDefined()) integer(args["at_least"], "at_least", 0, 1000000);
    if (args["count"].IsDefined() && args["at_least"].IsDefined())
        fail(args["at_least"], "at_least", "give count or at_least, not both (count wins and at_least would be ignored)");
    if (args["amount"].IsDefined()) integer(args["amount"], "amount", 0, 100000000000);
    if (args["match"].IsDefined() && !args["match"].IsMap()) fail(args["match"], "match", "expected a mapping");
    if (kind == "host" && args["mti"].IsDefined()) {
        std::string m = text(args["mti"], "mti");
        if (m.empty() || m.size() > 4 || !std::all_of(m.begin(), m.end(), [](char c) { return c >= '0' && c <= '9'; }))
            fail(args["mti"], "mti", "expected an MTI or its first digits, quoted (found \"" + m + "\")");
    }
    if (kind == "journal") text(args["type"], "type");
    if (kind == "ledger") {
        std::string k = text(args["kind"], "kind");
        if (std::find(kLedgerKinds.begin(), kLedgerKinds.end(), k) == kLedgerKinds.end())
            fail(args["kind"], "kind", "expected one of " + joined(kLedgerKinds) + " (found \"" + k + "\")" + did_you_mean(k, kLedgerKinds));
    }
}

}  // namespace validation

void check_step(const Scenario& scenario, const Step& step) {
    const StepSpec* spec = find_step_spec(step.kind);
    const std::vector<std::string> names = step_names();
    std::string source = "step " + step.kind + (step.line > 0 ? " (" + scenario.file.string() + ":" + std::to_string(step.line) + ")" : "");
    if (!spec)
        throw host::FixtureError(source + ": unknown step" + validation::did_you_mean(step.kind, names) + " (expected one of: " +
                                 validation::joined(names) + ")");
    // The arguments as YAML (JSON is YAML), so the file's checks apply as they are; a lone "value" is the one-value
    // form ("sleep_ms: 200").
    const boost::json::value* value = step.args.size() == 1 ? step.args.if_contains("value") : nullptr;
    std::string text = value && !spec->value_as.empty() ? boost::json::serialize(*value)
                       : step.args.empty()              ? std::string("null")
                                                        : boost::json::serialize(step.args);
    YAML::Node args = host::load_yaml_text(text, source);
    YAML::Node item(YAML::NodeType::Map);
    item[step.kind] = args;
    validation::Checker(source, scenario.devices, false).step(step, item, args);
}

void check_against_profile(const Scenario& scenario, const TerminalProfile& profile) {
    auto fail = [&](int line, const std::string& field, const std::string& what) {
        throw host::FixtureError(scenario.file.string() + ":" + std::to_string(line) + ": " + field + ": " + what +
                                 " (terminal profile " + profile.source.string() + ")");
    };
    std::vector<std::string> screens;  // meanings and ids: a wait or expectation names either
    for (const auto& [meaning, ids] : profile.screens) {
        screens.push_back(meaning);
        screens.insert(screens.end(), ids.begin(), ids.end());
    }
    auto screen_known = [&](const std::string& s) { return std::find(screens.begin(), screens.end(), s) != screens.end(); };
    // What the step table says the profile decides: a step's menu function, arguments naming a menu function, a
    // screen or an admin command.
    auto check_menu = [&](int line, const std::string& field, const std::string& f) {
        if (profile.menu.count(f)) return;
        std::vector<std::string> menu;
        for (const auto& [k, _] : profile.menu) menu.push_back(k);
        fail(line, field, "the profile's customer.menu has no '" + f + "'" + validation::did_you_mean(f, menu) + " (menu: " +
                              validation::joined(menu) + ")");
    };
    for (const Step& st : scenario.steps) {
        const StepSpec* spec = find_step_spec(st.kind);
        if (!spec) continue;
        if (!spec->menu_function.empty()) check_menu(st.line, st.kind, spec->menu_function);
        for (const ArgSpec& a : spec->args) {
            if (a.in_profile == ProfileList::None) continue;
            const boost::json::value* v = st.args.if_contains(a.name);
            if (!v && st.args.size() == 1 && a.name == spec->value_as) v = st.args.if_contains("value");
            if (!v) continue;
            std::string given = v->is_string() ? std::string(v->as_string()) : "";
            switch (a.in_profile) {
                case ProfileList::Menu: check_menu(st.line, a.name, given); break;
                case ProfileList::AdminCommands:
                    if (!profile.admin_commands.count(given)) {
                        std::vector<std::string> known;
                        for (const auto& [k, _] : profile.admin_commands) known.push_back(k);
                        fail(st.line, a.name, "no admin command '" + given + "' in the profile's admin.commands" +
                                                  validation::did_you_mean(given, known) + " (commands: " + validation::joined(known) + ")");
                    }
                    break;
                case ProfileList::Screens:
                    if (!screen_known(given))
                        fail(st.line, a.name, "the profile lists no screen '" + given + "' (by meaning or id)" +
                                                  validation::did_you_mean(given, screens));
                    break;
                case ProfileList::None: break;
            }
        }
    }
    for (const Expectation& x : scenario.expect) {
        if (x.kind != "screen") continue;
        const boost::json::value* v = x.args.if_contains("value");
        if (!v) v = x.args.if_contains("id");
        std::string sc = v && v->is_string() ? std::string(v->as_string()) : "";
        if (!screen_known(sc))
            fail(x.line, "screen", "the profile lists no screen '" + sc + "' (by meaning or id)" + validation::did_you_mean(sc, screens));
    }
}

}  // namespace atmbench::harness
