// Runs scenarios: each gets a fresh simulated host and fresh devices in-process on ephemeral loopback ports, a
// fresh temporary folder and a freshly started terminal from the profile (DESIGN.md "How a scenario runs").
#pragma once

#include "atmbench/harness/rules.hpp"
#include "atmbench/harness/scenario.hpp"
#include "atmbench/harness/terminal_profile.hpp"
#include "atmbench/harness/verdict.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::harness {

struct RunOptions {
    TerminalProfile profile;
    std::vector<std::string> defects;  // passed to the terminal with the profile's defect_args
    std::uint64_t seed = 1;
    std::optional<std::filesystem::path> trace_dir;  // trace.jsonl per scenario; default: the work folder
    std::filesystem::path bin_dir;                   // {bin_dir} of the profile's command
    std::filesystem::path work_root;                 // temporary folders go here (default: system temp)
    bool keep_work = false;
};

ScenarioResult run_scenario(const Scenario& scenario, const RunOptions& options);
// A scenario the run never started because it was cancelled (cancel.hpp): NOT RUN, no trace.
ScenarioResult not_started(const Scenario& scenario, const RunOptions& options);

// Runs `scenarios` with up to `jobs` at once; `progress` is called (from worker threads, serialised) as each ends.
// Once a cancel is requested (cancel.hpp) the scenarios under way end NOT RUN and the rest are not_started().
std::vector<ScenarioResult> run_suite(const std::vector<Scenario>& scenarios, const RunOptions& options, int jobs,
                                      const std::function<void(const ScenarioResult&, std::size_t done, std::size_t total)>& progress);

// A filter expression: comma-separated terms, each a substring of the scenario id or a rule id (REV-REQUIRED),
// `!term` excludes. Empty matches everything.
bool filter_matches(const Scenario& s, const std::string& expr);

}  // namespace atmbench::harness
