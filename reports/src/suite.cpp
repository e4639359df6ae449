#include "atmbench/reports/suite.hpp"

namespace atmbench::reports {

using harness::Status;

Totals totals(const std::vector<ScenarioResult>& results) {
    Totals t;
    for (const auto& r : results) {
        if (r.status == Status::Passed) ++t.passed;
        else if (r.status == Status::Failed) ++t.failed;
        else if (r.status == Status::NotRun) ++t.not_run;
        else ++t.errors;
    }
    return t;
}

std::string summary_line(const Totals& t) {
    std::string s = std::to_string(t.passed) + " passed, " + std::to_string(t.failed) + " failed";
    if (t.errors) s += ", " + std::to_string(t.errors) + " errors";
    if (t.not_run) s += ", " + std::to_string(t.not_run) + " not run";
    return s;
}

}  // namespace atmbench::reports
