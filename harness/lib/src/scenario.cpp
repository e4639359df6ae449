#include "atmbench/harness/scenario.hpp"

#include "atmbench/harness/rules.hpp"
#include "atmbench/harness/terminal_profile.hpp"
#include "atmbench/host/yaml_source.hpp"
#include "atmbench/share_folder.hpp"
#include "scenario_validation.hpp"
#include "yaml_json.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <regex>
#include <fstream>
#include <sstream>

namespace atmbench::harness {

using host::YamlReader;

std::string Step::text() const {
    return kind + (args.empty() ? "" : " " + boost::json::serialize(args));
}

namespace {

using validation::joined;

// The most instances one parameterised file may become (scenarios/README.md).
constexpr std::size_t kMaxInstances = 1000;

const std::vector<std::string> kExpectKinds{"host", "screen", "journal", "ledger", "mode", "notes_with_customer"};

Scenario build(const std::filesystem::path& file, const YAML::Node& doc, const std::map<std::string, std::string>& params) {
    Scenario s;
    s.file = file;
    s.parameters = params;
    YamlReader root(doc, file.string());
    root.require_map("a scenario (title, rules, steps, …)");
    s.id = file.stem().string();
    if (!params.empty()) {
        std::string p;
        for (const auto& [k, v] : params) p += (p.empty() ? "" : ",") + k + "=" + v;
        s.id += "[" + p + "]";
    }
    std::string devices = root.has("devices") ? root.string("devices") : "standard";
    std::filesystem::path fixtures = share_folder::fixtures() / "devices";
    s.devices = devices.find('/') == std::string::npos && devices.find('.') == std::string::npos
                    ? fixtures / (devices + ".yaml")
                    : (std::filesystem::path(devices).is_absolute() ? std::filesystem::path(devices)
                                                                    : file.parent_path() / devices);
    if (!std::filesystem::exists(s.devices))
        root.fail(doc["devices"], "devices", "no device fixture " + s.devices.string() + " (a name in fixtures/devices or a path)");
    const validation::Checker check(file.string(), s.devices);
    check.only_keys(doc, {"title", "rules", "tags", "parameters", "devices", "host", "terminal", "faults", "steps",
                          "expect", "timeout_ms"}, "a scenario");
    s.title = check.text(doc["title"], "title");
    auto list = [&](const char* key, std::vector<std::string>& out) {
        YAML::Node n = doc[key];
        if (!n.IsDefined() || n.IsNull()) return;
        if (!n.IsSequence()) check.fail(n, key, "expected a list");
        for (const auto& x : n) out.push_back(check.text(x, key));
    };
    list("rules", s.rules);
    list("tags", s.tags);
    if (!s.rules.empty()) {
        std::vector<std::string> ids;
        for (const auto& r : rule_catalogue()) ids.push_back(r.id);
        for (const auto& r : doc["rules"])
            if (!find_rule(r.Scalar()))
                check.fail(r, "rules", "no rule " + r.Scalar() + " in the catalogue (atmbench rules)" +
                                           validation::did_you_mean(r.Scalar(), ids));
    }
    if (root.has("host")) {
        YamlReader h = root.child("host");
        h.require_map("host: {rules, retain_cash_codes}");
        check.only_keys(doc["host"], {"rules", "retain_cash_codes"}, "host");
        s.host_rules = host::parse_rules(doc["host"], file.string());
    }
    if (root.has("terminal")) {
        YamlReader t = root.child("terminal");
        t.require_map("terminal: {config, expect_in_service}");
        check.only_keys(doc["terminal"], {"config", "expect_in_service"}, "terminal");
        if (t.has("config")) {
            if (!doc["terminal"]["config"].IsMap()) t.fail(doc["terminal"]["config"], "config", "expected a mapping merged into the terminal's configuration");
            s.terminal_config = yaml_to_json(doc["terminal"]["config"]).as_object();
        }
        if (t.has("expect_in_service")) s.expect_in_service = check.boolean(doc["terminal"]["expect_in_service"], "expect_in_service");
    }
    if (root.has("faults")) {
        YAML::Node faults = doc["faults"];
        if (!faults.IsSequence()) root.fail(faults, "faults", "expected a list of {device, name, …}");
        for (const auto& f : faults) {
            YamlReader fr(f, file.string());
            fr.require_map("a fault {device, name, at?, …}");
            check.fault(f, {});
            DeviceFault df;
            df.device = fr.string("device");
            df.spec = yaml_to_json(f).as_object();
            df.spec.erase("device");
            s.faults.push_back(df);
        }
    }
    YAML::Node steps = doc["steps"];
    if (!steps.IsDefined() || !steps.IsSequence()) root.fail(steps, "steps", "expected a list of steps");
    for (const auto& n : steps) {
        YamlReader st(n, file.string());
        Step step;
        step.line = n.Mark().line + 1;
        YAML::Node a;
        if (n.IsScalar()) {
            step.kind = n.Scalar();  // "take_cash" alone
        } else {
            if (!n.IsMap() || n.size() != 1) st.fail(n, "steps", "expected one step per item, e.g. {withdraw: {amount: 300}}");
            step.kind = n.begin()->first.as<std::string>();
            a = n.begin()->second;
            if (a.IsMap()) step.args = yaml_to_json(a).as_object();
            else if (a.IsScalar()) step.args["value"] = yaml_to_json(a);
            else if (!a.IsNull()) st.fail(a, step.kind, "expected the step's arguments as a mapping or one value");
        }
        if (!find_step_spec(step.kind))
            st.fail(n, step.kind, "unknown step" + validation::did_you_mean(step.kind, step_names()) +
                                      " (expected one of: " + joined(step_names()) + ")");
        check.step(step, n, a);
        s.steps.push_back(std::move(step));
    }
    if (root.has("expect")) {
        YAML::Node e = doc["expect"];
        if (!e.IsSequence()) root.fail(e, "expect", "expected a list of {host|screen|journal|ledger|mode: …}");
        for (const auto& n : e) {
            YamlReader er(n, file.string());
            if (!n.IsMap() || n.size() != 1) er.fail(n, "expect", "expected one expectation per item, e.g. {host: {mti: \"0400\", count: 0}}");
            Expectation x;
            x.kind = n.begin()->first.as<std::string>();
            x.line = n.Mark().line + 1;
            if (std::find(kExpectKinds.begin(), kExpectKinds.end(), x.kind) == kExpectKinds.end())
                er.fail(n, x.kind, "unknown expectation" + validation::did_you_mean(x.kind, kExpectKinds) + " (expected one of: " +
                                       joined(kExpectKinds) + ")");
            check.expectation(x.kind, n, n.begin()->second);
            boost::json::value v = yaml_to_json(n.begin()->second);
            if (v.is_object()) x.args = v.as_object();
            else x.args["value"] = v;
            s.expect.push_back(x);
        }
    }
    if (root.has("timeout_ms"))
        s.timeout = std::chrono::milliseconds(check.integer(doc["timeout_ms"], "timeout_ms", validation::kScenarioTimeoutMinMs,
                                                            validation::kScenarioTimeoutMaxMs));
    return s;
}

}  // namespace

namespace {
std::vector<Scenario> load_instances(const std::string& text, const std::filesystem::path& file);
}

std::vector<Scenario> load_scenario_text(const std::string& text, const std::filesystem::path& file) {
    // A node of an unexpected shape (found by fuzzing: a complex key "? - x" where a name was expected) makes
    // yaml-cpp throw its own exception; it becomes the loader's error, naming file and line.
    try {
        return load_instances(text, file);
    } catch (const YAML::Exception& e) {
        throw host::FixtureError(file.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
}

namespace {
std::vector<Scenario> load_instances(const std::string& text, const std::filesystem::path& file) {
    YAML::Node doc = host::load_yaml_text(text, file.string());
    YamlReader root(doc, file.string());
    root.require_map("a scenario (title, rules, steps, …)");
    std::vector<std::map<std::string, std::string>> combos{{}};
    if (root.has("parameters")) {
        YAML::Node p = doc["parameters"];
        if (!p.IsMap()) root.fail(p, "parameters", "expected {name: [values…]}");
        for (const auto& kv : p) {
            if (!kv.second.IsSequence() || kv.second.size() == 0)
                root.fail(kv.second, kv.first.as<std::string>(), "expected a non-empty list of values");
            // Each combination is a scenario run end to end: a handful of parameters of a few values each would
            // otherwise multiply into millions, loaded (and held) before the first one runs.
            if (combos.size() * kv.second.size() > kMaxInstances)
                root.fail(kv.second, kv.first.as<std::string>(),
                          "at most " + std::to_string(kMaxInstances) + " instances (combinations of parameter values); these give " +
                              std::to_string(combos.size()) + " x " + std::to_string(kv.second.size()) + " so far");
            std::vector<std::map<std::string, std::string>> next;
            for (const auto& c : combos)
                for (const auto& v : kv.second) {
                    if (!v.IsScalar()) root.fail(v, kv.first.as<std::string>(), "expected single values (they replace {" + kv.first.as<std::string>() + "} in the text)");
                    auto m = c;
                    m[kv.first.as<std::string>()] = v.as<std::string>();
                    next.push_back(m);
                }
            combos = std::move(next);
        }
    }
    std::vector<Scenario> out;
    if (combos.size() == 1 && combos.front().empty()) {
        out.push_back(build(file, doc, {}));
        return out;
    }
    // A {word} that is no parameter stays in the text as it is: a misspelt placeholder would run with the literal.
    std::vector<std::string> names;
    for (const auto& [k, _] : combos.front()) names.push_back(k);
    static const std::regex placeholder(R"(\{([A-Za-z_][A-Za-z0-9_]*)\})");
    int line = 1;
    std::size_t from = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), placeholder); it != std::sregex_iterator(); ++it) {
        std::string name = (*it)[1];
        line += static_cast<int>(std::count(text.begin() + static_cast<std::ptrdiff_t>(from), text.begin() + it->position(), '\n'));
        from = static_cast<std::size_t>(it->position());
        if (std::find(names.begin(), names.end(), name) == names.end())
            throw host::FixtureError(file.string() + ":" + std::to_string(line) + ": {" + name + "}: no parameter '" + name + "'" +
                                     validation::did_you_mean(name, names) + " (parameters: " + joined(names) + ")");
    }
    // Placeholders are filled in the text, so every instance keeps the file's line numbers in its errors.
    for (const auto& c : combos) out.push_back(build(file, host::load_yaml_text(fill_placeholders(text, c), file.string()), c));
    return out;
}
}  // namespace

std::vector<Scenario> load_scenario_file(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw host::FixtureError(file.string() + ": cannot read the file");
    std::stringstream text;
    text << in.rdbuf();
    return load_scenario_text(text.str(), file);
}

std::vector<Scenario> load_scenarios(const std::filesystem::path& path) {
    if (!std::filesystem::exists(path)) throw host::FixtureError(path.string() + ": no such file or folder");
    if (!std::filesystem::is_directory(path)) return load_scenario_file(path);
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(path))
        if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<Scenario> out;
    for (const auto& f : files) {
        auto some = load_scenario_file(f);
        out.insert(out.end(), some.begin(), some.end());
    }
    return out;
}

}  // namespace atmbench::harness
