// The certificate's verdict, exit code and files: ERROR is never hidden behind a PASS, and the files escape what a
// service sent (a vendor's text ends up in HTML and XML).
#include "atmbench/certify/certificate_files.hpp"
#include "atmbench/certify/spec.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace atmbench::certify {
namespace {

CheckResult check(const std::string& id, Outcome o, const std::string& finding = "") {
    CheckResult r;
    r.id = id;
    r.suite = "Common";
    r.title = "t";
    r.spec = "XFS4IoT 2024-03 §2";
    r.outcome = o;
    if (!finding.empty()) r.findings.push_back(finding);
    return r;
}

Certificate with(std::vector<CheckResult> checks) {
    Certificate c;
    c.publisher = "ws://127.0.0.1:1/xfs4iot/v1.0";
    ServiceReport s;
    s.name = "CardReader1";
    s.checks = std::move(checks);
    c.services.push_back(std::move(s));
    return c;
}

TEST(Certificate, VerdictAndExitCode) {
    EXPECT_EQ(with({check("A", Outcome::Pass), check("B", Outcome::Skip, "no card")}).exit_code(), 0);
    EXPECT_EQ(with({check("A", Outcome::Pass), check("B", Outcome::Fail, "x")}).exit_code(), 1);
    EXPECT_EQ(with({check("A", Outcome::Fail, "x"), check("B", Outcome::Error, "y")}).exit_code(), 2);
    Certificate none;
    EXPECT_EQ(none.exit_code(), 2) << "no service certified is not a certificate";
    Certificate stopped = with({check("A", Outcome::Pass)});
    stopped.errors.push_back("discovery failed");
    EXPECT_EQ(stopped.exit_code(), 2);
}

TEST(Certificate, FilesEscapeWhatTheServiceSent) {
    Certificate c = with({check("A", Outcome::Fail, "<script>alert(1)</script> & \"q\"")});
    c.services[0].checks[0].evidence.push_back(boost::json::object{{"dir", "received"}, {"text", "<b>\x01"}});
    std::string html = certificate_html(c);
    EXPECT_EQ(html.find("<script>alert"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
    EXPECT_NE(html.find("NOT CONFORMANT"), std::string::npos);
    std::string junit = certificate_junit(c);
    EXPECT_NE(junit.find("<failure message=\"&lt;script&gt;"), std::string::npos);
    EXPECT_EQ(junit.find('\x01'), std::string::npos) << "XML 1.0 has no control characters";
    auto v = boost::json::parse(certificate_json(c));
    EXPECT_EQ(v.at("outcome").as_string(), "FAIL");
    EXPECT_EQ(v.at("services").at(0).at("counts").at("fail").as_int64(), 1);
}

TEST(Spec2024, VersionsOfTheMessagesTheIssueNamed) {
    EXPECT_EQ(spec::command_versions("CardReader.ReadRawData")->command, "2.0");
    EXPECT_EQ(spec::command_versions("CardReader.ReadRawData")->completion, "3.0");
    EXPECT_EQ(spec::command_versions("Storage.GetStorage")->completion, "2.1");
    EXPECT_EQ(*spec::event_version("CashDispenser.IncompleteDispenseEvent"), "3.0");
    EXPECT_EQ(*spec::event_version("Common.StatusChangedEvent"), "3.0");
    EXPECT_FALSE(spec::command_versions("Vendor.Extension").has_value());
    EXPECT_TRUE(spec::is_completion_code("timeOut"));
    EXPECT_FALSE(spec::is_completion_code("successful"));
    EXPECT_FALSE(spec::header_field_allowed("completion", "status"));
    EXPECT_TRUE(spec::header_field_allowed("acknowledge", "status"));
}

}  // namespace
}  // namespace atmbench::certify
