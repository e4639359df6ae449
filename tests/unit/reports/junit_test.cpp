// JUnit XML: a broken rule is a <failure> naming rule, clause, message and evidence; a bench that could not run
// is an <error>, never a failure; hostile text stays text.
#include "atmbench/reports/junit.hpp"

#include "report_files.hpp"
#include "report_results.hpp"

#include <gtest/gtest.h>

namespace atmbench::reports::test {
namespace {

std::string junit_report() {
    const auto file = fresh_dir() / "junit.xml";
    write_junit(file, report_results(), SuiteInfo{"reference", {"reverse-when-not-taken"}, 3, 1, 2.5, "2026-12-05T09:00:00Z"});
    return read_file(file);
}

TEST(JunitReport, CountsFailuresAndErrorsApart) {
    const std::string xml = junit_report();
    EXPECT_TRUE(has(xml, "<testsuites name=\"atmbench\" tests=\"3\" failures=\"1\" errors=\"1\" skipped=\"0\" time=\"2.5\">"));
    EXPECT_TRUE(has(xml, "<property name=\"defect\" value=\"reverse-when-not-taken\"/>"));
}

TEST(JunitReport, FailureNamesRuleClauseMessageAndEvidence) {
    const std::string xml = junit_report();
    EXPECT_TRUE(has(xml, "<failure type=\"rule\" message=\"REV-REQUIRED (7.3.6.7)\">REV-REQUIRED [7.3.6.7] A reversal follows cash not taken\n"
                         "  no 0420 within 30 s of the retract"));
    EXPECT_TRUE(has(xml, "    #1 +1200 ms host in 0200\n    #2 +31000 ms xfs completion CashDispenser.Present\n"));
}

TEST(JunitReport, ErrorIsTheBenchsNotARuleFailure) {
    const std::string xml = junit_report();
    EXPECT_TRUE(has(xml, "<error type=\"bench\" message=\"terminal did not come into service within 10 s"));
    const auto error_case = xml.find("name=\"terminal-never-starts\"");
    ASSERT_NE(error_case, std::string::npos);
    EXPECT_EQ(xml.find("<failure", error_case), std::string::npos);
}

TEST(JunitReport, HostileTextIsEscaped) {
    const std::string xml = junit_report();
    EXPECT_FALSE(has(xml, "<script>"));
    EXPECT_FALSE(has(xml, "]]></failure>")) << "a message cannot close the element it is in";
    EXPECT_TRUE(has(xml, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'q'  ]]&gt;&lt;/failure&gt;"));
    EXPECT_FALSE(has(xml, "\x01"));
}

}  // namespace
}  // namespace atmbench::reports::test
