// The scenario loader's checks (issue 11, false verdicts): a scenario that says one thing and would run another —
// a misspelt key silently ignored, "optional: maybe", a timeout of 1e30, a card the reader does not know, a fault at
// a point the device never reaches — is a FixtureError "FILE:LINE: FIELD: what was expected" before anything runs.
// Used by scenario.cpp (build) for what the file alone decides; check_against_profile (scenario.hpp) adds what the
// terminal profile decides.
#pragma once

#include "atmbench/harness/scenario.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <vector>

namespace atmbench::harness::validation {

// Bounds of the scenario's timeout_ms, documented in scenarios/README.md: 1 s … 1 hour (a step's: steps.hpp).
// Beyond them the number is a typo (or 1e30), not a wait anyone means.
inline constexpr std::int64_t kScenarioTimeoutMinMs = 1000;
inline constexpr std::int64_t kScenarioTimeoutMaxMs = 3600000;

std::string joined(const std::vector<std::string>& v);  // "a, b, c"
// The known word nearest to `word` when it is plausibly a typo of it, else "".
std::string nearest(const std::string& word, const std::vector<std::string>& known);
// " (did you mean 'x'?)" or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& known);

class Checker {
public:
    // `with_lines` false: the source is not a file (a step built in code) and errors name only `file`.
    Checker(std::string file, std::filesystem::path device_fixture, bool with_lines = true);

    [[noreturn]] void fail(const YAML::Node& at, const std::string& field, const std::string& what) const;
    // Every key of `map` must be in `allowed`; an unknown one fails at its own line, with the nearest known key.
    void only_keys(const YAML::Node& map, const std::vector<std::string>& allowed, const std::string& where) const;
    // A plain (unquoted) whole number in [min, max]; quoted "5000", 1.5, 1e30 and overflow are errors.
    std::int64_t integer(const YAML::Node& n, const std::string& field, std::int64_t min, std::int64_t max) const;
    bool boolean(const YAML::Node& n, const std::string& field) const;
    std::string text(const YAML::Node& n, const std::string& field) const;  // a single value (string or number)

    void step(const Step& step, const YAML::Node& item, const YAML::Node& args) const;
    // A fault spec {device, name, at?, …} against the scenario's device set (the devices' own fault tables).
    void fault(const YAML::Node& f, const std::vector<std::string>& extra_keys) const;
    void expectation(const std::string& kind, const YAML::Node& item, const YAML::Node& args) const;

private:
    void card(const YAML::Node& n, const std::string& field) const;
    void notes(const YAML::Node& n) const;
    // One argument's value against its entry in the step table (type, range, allowed values).
    void argument(const ArgSpec& a, const YAML::Node& v, const std::string& field) const;
    void act(const YAML::Node& args) const;
    void host_rule(const YAML::Node& args) const;

    std::string file_;
    std::filesystem::path fixture_path_;
    bool with_lines_ = true;
};

}  // namespace atmbench::harness::validation
