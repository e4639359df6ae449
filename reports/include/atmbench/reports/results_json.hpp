// The JSON results file, for tools: every scenario with its verdicts (evidence, measurements), steps and trace
// file, and the rule catalogue. It also reads back, so reports from separate runs can be merged.
#pragma once

#include "atmbench/reports/suite.hpp"

#include <boost/json/object.hpp>

#include <filesystem>
#include <vector>

namespace atmbench::reports {

boost::json::object results_json(const std::vector<ScenarioResult>& results, const SuiteInfo& info, bool with_trace = false);
void write_json(const std::filesystem::path& file, const std::vector<ScenarioResult>& results, const SuiteInfo& info);
// Results back from a JSON results file (write_json's), each with its trace read from its trace file when that file
// is there, so reports can be written again — merged from several runs (pytest-xdist workers, say). Throws
// std::invalid_argument naming the file, the scenario and the field that is wrong.
std::vector<ScenarioResult> read_results_file(const std::filesystem::path& file);

}  // namespace atmbench::reports
