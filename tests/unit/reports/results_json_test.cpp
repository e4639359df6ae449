// The JSON results file: what a tool needs per verdict (outcome, measurements, evidence), read back unchanged,
// and a broken file refused with the file, the scenario and the field.
#include "atmbench/reports/results_json.hpp"

#include "report_files.hpp"
#include "report_results.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <stdexcept>

namespace atmbench::reports::test {
namespace {

TEST(ResultsJson, ReadsBackWhatItWrote) {
    const auto file = fresh_dir() / "results.json";
    const auto results = report_results();
    write_json(file, results, SuiteInfo{"reference", {}, 1, 1, 1, ""});
    const auto back = read_results_file(file);
    ASSERT_EQ(back.size(), 3u);
    EXPECT_EQ(back[1].status, Status::Failed);
    EXPECT_EQ(back[2].status, Status::Error);
    EXPECT_EQ(back[2].error, results[2].error);
    EXPECT_EQ(back[1].scenario.title, results[1].scenario.title) << "hostile text survives as text";
    ASSERT_EQ(back[1].verdicts.size(), 1u);
    const Verdict& v = back[1].verdicts[0];
    EXPECT_EQ(v.outcome, Outcome::Fail);
    EXPECT_EQ(v.evidence, (std::vector<std::size_t>{1, 2}));
    EXPECT_EQ(v.measurements.at("waited_ms").to_number<int>(), 31000);
    EXPECT_EQ(back[1].steps.at(0).line, 12);
}

TEST(ResultsJson, TotalsAndSummaryLine) {
    const auto t = totals(report_results());
    EXPECT_EQ(summary_line(t), "1 passed, 1 failed, 1 errors");
    EXPECT_EQ(summary_line(Totals{2, 0, 0}), "2 passed, 0 failed");
    const auto doc = results_json(report_results(), SuiteInfo{});
    EXPECT_EQ(doc.at("totals").at("errors").to_number<int>(), 1);
}

TEST(ResultsJson, BadFieldIsNamedWithFileAndScenario) {
    const auto dir = fresh_dir();
    std::filesystem::create_directories(dir);
    const auto file = dir / "bad.json";
    std::ofstream(file) << R"({"scenarios":[{"id":"card-luhn","status":"passed","verdicts":[{"rule":"X","outcome":"maybe"}]}]})";
    try {
        read_results_file(file);
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        const std::string what = e.what();
        EXPECT_TRUE(has(what, file.string() + ": scenarios[0]: scenario card-luhn: verdicts[0].outcome")) << what;
    }
}

}  // namespace
}  // namespace atmbench::reports::test
