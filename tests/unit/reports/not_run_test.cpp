// A cancelled run (harness/cancel.hpp): the scenarios it did not finish are NOT RUN in every report — counted
// apart from passed, failed and errors, a JUnit <skipped> with why, read back from the JSON file, and an HTML
// summary that says the run was cancelled instead of PASS.
#include "atmbench/reports/html.hpp"
#include "atmbench/reports/junit.hpp"
#include "atmbench/reports/results_json.hpp"

#include "report_files.hpp"
#include "report_results.hpp"

#include <gtest/gtest.h>

namespace atmbench::reports::test {
namespace {

std::vector<ScenarioResult> cancelled_results() {
    auto results = report_results();
    results.resize(1);  // the passed one finished before the signal
    ScenarioResult cut;
    cut.scenario.id = "withdrawal-approved";
    cut.scenario.file = "scenarios/conformance/withdrawal-approved.yaml";
    cut.status = Status::NotRun;
    cut.error = "not finished: the run was cancelled (SIGINT)";
    results.push_back(cut);
    return results;
}

TEST(NotRun, CountedApartAndNamedInTheSummaryLine) {
    const Totals t = totals(cancelled_results());
    EXPECT_EQ(t.passed, 1);
    EXPECT_EQ(t.errors, 0);
    EXPECT_EQ(t.not_run, 1);
    EXPECT_EQ(summary_line(t), "1 passed, 0 failed, 1 not run");
}

TEST(NotRun, JunitSkippedWithWhy) {
    const auto file = fresh_dir() / "junit.xml";
    write_junit(file, cancelled_results(), SuiteInfo{"reference", {}, 1, 2, 1.0, ""});
    const std::string xml = read_file(file);
    EXPECT_TRUE(has(xml, "tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"1\""));
    EXPECT_TRUE(has(xml, "<skipped type=\"not-run\" message=\"not finished: the run was cancelled (SIGINT)\"/>"));
}

TEST(NotRun, JsonStatusReadBack) {
    const auto file = fresh_dir() / "results.json";
    write_json(file, cancelled_results(), SuiteInfo{});
    EXPECT_TRUE(has(read_file(file), "\"status\":\"not-run\""));
    EXPECT_TRUE(has(read_file(file), "\"not_run\":1"));
    const auto back = read_results_file(file);
    ASSERT_EQ(back.size(), 2u);
    EXPECT_EQ(back[1].status, Status::NotRun);
    EXPECT_EQ(back[1].error, "not finished: the run was cancelled (SIGINT)");
}

TEST(NotRun, HtmlSaysCancelledNotPass) {
    const auto dir = fresh_dir();
    write_html(dir, cancelled_results(), SuiteInfo{"reference", {}, 1, 2, 1.0, ""});
    const std::string page = read_file(dir / "index.html");
    EXPECT_TRUE(has(page, "CANCELLED"));
    EXPECT_TRUE(has(page, "The run was cancelled: 1 of 2 scenarios not run"));
    EXPECT_FALSE(has(page, ">PASS<"));
}

}  // namespace
}  // namespace atmbench::reports::test
