// The HTML report for people: one self-contained page (inline CSS and script from reports/templates/, no network).
#pragma once

#include "atmbench/reports/suite.hpp"

#include <filesystem>
#include <vector>

namespace atmbench::reports {

// DIR/index.html.
void write_html(const std::filesystem::path& dir, const std::vector<ScenarioResult>& results, const SuiteInfo& info);

}  // namespace atmbench::reports
