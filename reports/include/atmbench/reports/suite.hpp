// What every report says about the run as a whole: the suite's settings and the totals, and the console's last
// line ("N passed, N failed[, N errors][, N not run]").
#pragma once

#include "atmbench/harness/verdict.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace atmbench::reports {

using harness::ScenarioResult;

struct SuiteInfo {
    std::string terminal;                 // profile name
    std::vector<std::string> defects;
    std::uint64_t seed = 1;
    int jobs = 1;
    double seconds = 0;
    std::string started;                  // UTC ISO 8601
};

struct Totals {
    int passed = 0, failed = 0, errors = 0;
    int not_run = 0;  // a cancelled run: under way or never started (harness/cancel.hpp)
};
Totals totals(const std::vector<ScenarioResult>& results);
// "N passed, N failed" (+ ", N errors", ", N not run" when any): the console's last line.
std::string summary_line(const Totals& t);

}  // namespace atmbench::reports
