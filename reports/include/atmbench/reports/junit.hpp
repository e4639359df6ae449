// JUnit XML for CI: one test case per scenario; a broken rule is a <failure>, a bench that could not run the
// scenario an <error>.
#pragma once

#include "atmbench/reports/suite.hpp"

#include <filesystem>
#include <vector>

namespace atmbench::reports {

void write_junit(const std::filesystem::path& file, const std::vector<ScenarioResult>& results, const SuiteInfo& info);

}  // namespace atmbench::reports
