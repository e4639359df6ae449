// The HTML report: a failing rule shows its message, measurements and evidence; ERROR (the bench) and FAIL (the
// terminal) look different; nothing a scenario file or a terminal wrote can become markup or end the script.
#include "atmbench/reports/html.hpp"

#include "report_files.hpp"
#include "report_results.hpp"

#include <gtest/gtest.h>

namespace atmbench::reports::test {
namespace {

std::string html_report(const std::vector<ScenarioResult>& results, SuiteInfo info = {"reference", {}, 1, 2, 12.5, "2026-12-05T09:00:00Z"}) {
    const auto dir = fresh_dir();
    write_html(dir, results, info);
    return read_file(dir / "index.html");
}

TEST(HtmlReport, FailingRuleShowsMessageMeasurementsAndEvidence) {
    const std::string page = html_report(report_results());
    EXPECT_TRUE(has(page, "<div class=\"big\">FAIL</div>"));
    EXPECT_TRUE(has(page, "<span class=\"pill o-fail\">fail</span></td><td class=\"rid\">REV-REQUIRED"));
    EXPECT_TRUE(has(page, "no 0420 within 30 s of the retract"));
    EXPECT_TRUE(has(page, "waited_ms = 31000")) << "measurements";
    EXPECT_TRUE(has(page, "data-i=\"1\"")) << "evidence link to trace event 1";
    EXPECT_TRUE(has(page, "data-i=\"2\"")) << "evidence link to trace event 2";
    EXPECT_TRUE(has(page, "title=\"+31000.0 ms xfs completion CashDispenser.Present\"")) << "evidence described";
}

TEST(HtmlReport, ErrorAndFailAreDistinct) {
    const std::string page = html_report(report_results());
    EXPECT_TRUE(has(page, "class=\"scn s-failed\" id=\"s-1\""));
    EXPECT_TRUE(has(page, "class=\"scn s-error\" id=\"s-2\""));
    EXPECT_TRUE(has(page, "<span class=\"pill st-error\">error</span> <a href=\"#s-2\"><b>terminal-never-starts</b>"));
    EXPECT_TRUE(has(page, "<div class=\"errbox\"><b>The bench could not run this scenario:</b>"));
    EXPECT_TRUE(has(page, "1 passed, 1 failed, 1 errors"));

    auto only_error = report_results();
    only_error.erase(only_error.begin(), only_error.begin() + 2);
    const std::string error_page = html_report(only_error);
    EXPECT_TRUE(has(error_page, "<div class=\"big\">ERROR</div>")) << "an ERROR never reads as a FAIL or a PASS";
    EXPECT_FALSE(has(error_page, "<div class=\"big\">FAIL</div>"));
}

TEST(HtmlReport, HostileTextIsEscapedEverywhere) {
    SuiteInfo info{"ref<b>", {"defect\"><i>"}, 1, 1, 1, "now</title>"};
    const std::string page = html_report(report_results(), info);
    EXPECT_FALSE(has(page, "<script>alert")) << "no hostile markup survives";
    EXPECT_FALSE(has(page, "</script> &")) << "no early end of a script element";
    EXPECT_FALSE(has(page, "ref<b>"));
    EXPECT_FALSE(has(page, "defect\"><i>"));
    EXPECT_TRUE(has(page, "defect&quot;&gt;&lt;i&gt;"));
    EXPECT_TRUE(has(page, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    EXPECT_FALSE(has(page, "\x01")) << "control characters dropped";
    // Exactly the template's own script element: the data blocks are JSON with '<' as \u003c.
    std::size_t scripts = 0;
    for (std::size_t at = page.find("</script>"); at != std::string::npos; at = page.find("</script>", at + 1)) ++scripts;
    EXPECT_EQ(scripts, 1u + 3u);  // the page's script + one data block per scenario
}

TEST(HtmlReport, PageIsSelfContained) {
    const std::string page = html_report(report_results());
    EXPECT_EQ(page.rfind("<!doctype html>\n", 0), 0u);
    EXPECT_FALSE(has(page, "{{")) << "every placeholder filled";
    EXPECT_FALSE(has(page, "src=\"http")) << "no network";
    EXPECT_FALSE(has(page, "<link "));
    EXPECT_TRUE(has(page, "<style>\n:root{"));
    EXPECT_TRUE(page.ends_with("</script></body></html>\n"));
}

}  // namespace
}  // namespace atmbench::reports::test
