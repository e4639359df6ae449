// Report writers: JUnit XML for CI, a JSON results file for tools, a self-contained HTML report for people.
#pragma once

#include "atmbench/harness/verdict.hpp"

#include <boost/json/object.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace atmbench::harness {

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
};
Totals totals(const std::vector<ScenarioResult>& results);
// "N passed, N failed" (+ ", N errors" when any): the console's last line.
std::string summary_line(const Totals& t);

boost::json::object results_json(const std::vector<ScenarioResult>& results, const SuiteInfo& info, bool with_trace = false);
void write_json(const std::filesystem::path& file, const std::vector<ScenarioResult>& results, const SuiteInfo& info);
// Results back from a JSON results file (write_json's), each with its trace read from its trace file when that file
// is there, so reports can be written again — merged from several runs (pytest-xdist workers, say). Throws
// std::invalid_argument naming the file, the scenario and the field that is wrong.
std::vector<ScenarioResult> read_results_file(const std::filesystem::path& file);
void write_junit(const std::filesystem::path& file, const std::vector<ScenarioResult>& results, const SuiteInfo& info);
// DIR/index.html, self-contained (inline CSS and script, no network).
void write_html(const std::filesystem::path& dir, const std::vector<ScenarioResult>& results, const SuiteInfo& info);

}  // namespace atmbench::harness
