// Issue 13 "no secret out": the reports write the saved view of the results (harness/saved_view.hpp), so a full
// PAN in a recorded event, a verdict's message or measurement, a step, an error or the terminal's output reaches
// none of the JSON, JUnit or HTML files — masked first 6 + last 4 instead.
#include "atmbench/reports/html.hpp"
#include "atmbench/reports/junit.hpp"
#include "atmbench/reports/results_json.hpp"

#include "report_files.hpp"
#include "report_results.hpp"

#include <gtest/gtest.h>

namespace atmbench::reports::test {
namespace {

const std::string kPan = "6222020000000000018";
const std::string kMasked = "622202*********0018";

std::vector<ScenarioResult> results_holding_a_pan() {
    auto results = report_results();
    ScenarioResult& failed = results[1];
    failed.trace[2].data = boost::json::object{{"customerData", kPan}};
    failed.verdicts[0].message = "receipt 1 shows the full PAN " + kPan;
    failed.verdicts[0].measurements["printed"] = kPan;
    failed.steps[0].text = "insert card " + kPan;
    results[2].error = "no card " + kPan;
    results[2].terminal_output = "read " + kPan;
    return results;
}

TEST(SavedPans, NoReportHoldsAFullPan) {
    auto dir = fresh_dir();
    auto results = results_holding_a_pan();
    SuiteInfo info;
    write_json(dir / "results.json", results, info);
    write_junit(dir / "junit.xml", results, info);
    write_html(dir / "html", results, info);
    EXPECT_EQ(results[1].verdicts[0].measurements.at("printed").as_string(), kPan);  // the caller's results stay as judged
    for (const auto& f : {dir / "results.json", dir / "junit.xml", dir / "html" / "index.html"}) {
        std::string text = read_file(f);
        EXPECT_FALSE(has(text, kPan)) << f;
        EXPECT_TRUE(has(text, kMasked)) << f;
    }
    EXPECT_FALSE(has(boost::json::serialize(results_json(results, info, true)), kPan));
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace atmbench::reports::test
