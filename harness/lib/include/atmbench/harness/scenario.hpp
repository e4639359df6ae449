// A scenario: fixtures, faults, host rules, the customer's steps and the rules it proves. Format: scenarios/README.md;
// the step vocabulary: steps.hpp (docs/steps.md and scenarios/scenario.schema.json are generated from it). A parameterised file becomes one scenario per combination
// of its parameter values, each reported on its own.
#pragma once

#include "atmbench/harness/steps.hpp"
#include "atmbench/host/response_rule.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace atmbench::harness {

struct TerminalProfile;

struct Step {
    std::string kind;           // insert_card, enter_pin, withdraw, wait, fault, act, …
    boost::json::object args;   // the step's arguments as written (placeholders filled)
    int line = 0;               // where it is in the file
    std::string text() const;   // "withdraw {amount: 300}" for reports
};

struct DeviceFault {
    std::string device;
    boost::json::object spec;
};

// An expectation beyond the rules: a fact the trace must (or must not) show.
struct Expectation {
    std::string kind;  // host | screen | journal | ledger | mode
    boost::json::object args;
    int line = 0;
};

struct Scenario {
    std::filesystem::path file;
    std::string id;     // file stem, plus [name=value,…] for a parameterised instance
    std::string title;
    std::vector<std::string> rules;    // the rules this scenario proves (they must apply)
    std::vector<std::string> tags;
    std::map<std::string, std::string> parameters;  // this instance's values
    std::filesystem::path devices;     // device fixture file
    host::RuleFile host_rules;
    boost::json::object terminal_config;  // overrides merged into the rendered configuration
    bool expect_in_service = true;
    std::vector<DeviceFault> faults;      // armed before the terminal starts
    std::vector<Step> steps;
    std::vector<Expectation> expect;
    std::chrono::milliseconds timeout{60000};  // the whole scenario
};

// Loads a file (all its parameter instances) or every *.yaml under a folder, sorted by path. Throws
// host::FixtureError ("FILE:LINE: KEY: expected …") for the first problem.
std::vector<Scenario> load_scenarios(const std::filesystem::path& path);
std::vector<Scenario> load_scenario_file(const std::filesystem::path& file);
// The same from text; `file` names it in errors and anchors relative paths (devices: …).
std::vector<Scenario> load_scenario_text(const std::string& text, const std::filesystem::path& file);

// A step built in code (the Python module's Session.step), checked as a file's step is; FixtureError
// "step KIND: FIELD: …".
void check_step(const Scenario& scenario, const Step& step);

// What the terminal profile decides about a scenario, checked before anything runs: `choose` functions in its
// customer.menu, `wait {screen}` / expect screen among its screens, `admin` commands among its admin.commands.
// Throws host::FixtureError "FILE:LINE: FIELD: …".
void check_against_profile(const Scenario& scenario, const TerminalProfile& profile);

}  // namespace atmbench::harness
