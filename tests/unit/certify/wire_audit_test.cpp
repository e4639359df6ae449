// The wire audit over hand-written conversations: a conformant one passes every rule; each deviation a vendor's
// service could ship fails exactly the rule named for it (issue 15 "Prove it").
#include "atmbench/certify/wire_audit.hpp"

#include <gtest/gtest.h>

#include <map>

namespace atmbench::certify {
namespace {

class Conversation {
public:
    Conversation& sent(const std::string& text) { return add(true, text); }
    Conversation& got(const std::string& text) { return add(false, text); }
    std::map<std::string, CheckResult> audit(std::set<std::int64_t> deliberate = {}) const {
        std::map<std::string, CheckResult> out;
        for (auto& r : audit_wire({record_, 1, "CardReader1", std::move(deliberate), {}})) out[r.id] = r;
        return out;
    }

private:
    Conversation& add(bool outbound, const std::string& text) {
        WireMessage m;
        m.seq = record_.size();
        m.connection = 1;
        m.service = "CardReader1";
        m.outbound = outbound;
        m.text = text;
        record_.push_back(std::move(m));
        return *this;
    }
    std::vector<WireMessage> record_;
};

std::string command(const std::string& name, int id, const std::string& version = "2.0", const std::string& payload = "null") {
    return R"({"header":{"type":"command","name":")" + name + R"(","requestId":)" + std::to_string(id) +
           R"(,"version":")" + version + R"("},"payload":)" + payload + "}";
}
std::string ack(const std::string& name, int id, const std::string& status = "") {
    return R"({"header":{"type":"acknowledge","name":")" + name + R"(","requestId":)" + std::to_string(id) +
           R"(,"version":"2.0")" + (status.empty() ? "" : R"(,"status":")" + status + "\"") + R"(},"payload":null})";
}
std::string event(const std::string& name, int id, const std::string& version = "2.0") {
    return R"({"header":{"type":"event","name":")" + name + R"(","requestId":)" + std::to_string(id) +
           R"(,"version":")" + version + R"("},"payload":{}})";
}
std::string completion(const std::string& name, int id, const std::string& version, const std::string& code = "success",
                       const std::string& payload = "{}") {
    return R"({"header":{"type":"completion","name":")" + name + R"(","requestId":)" + std::to_string(id) +
           R"(,"version":")" + version + R"(","completionCode":")" + code + R"("},"payload":)" + payload + "}";
}
std::string unsolicited(const std::string& name, const std::string& version = "2.0") {
    return R"({"header":{"type":"unsolicited","name":")" + name + R"(","version":")" + version + R"("},"payload":{}})";
}

// A read of a card, a status and a media-removed event, as 2024-03 has them.
Conversation conformant() {
    Conversation c;
    c.sent(command("CardReader.ReadRawData", 1, "2.0", R"({"track2":true})"))
        .got(ack("CardReader.ReadRawData", 1))
        .got(event("CardReader.MediaInsertedEvent", 1))
        .got(completion("CardReader.ReadRawData", 1, "3.0"))
        .sent(command("Common.Status", 2))
        .got(ack("Common.Status", 2))
        .got(completion("Common.Status", 2, "3.0"))
        .got(unsolicited("CardReader.MediaRemovedEvent"))
        .got(unsolicited("Common.StatusChangedEvent", "3.0"));
    return c;
}

void expect_only_failure(const std::map<std::string, CheckResult>& results, const std::string& rule) {
    for (const auto& [id, r] : results) {
        if (id == rule) EXPECT_EQ(r.outcome, Outcome::Fail) << id << " should have caught it";
        else EXPECT_EQ(r.outcome, Outcome::Pass) << id << ": " << (r.findings.empty() ? "" : r.findings.front());
    }
    ASSERT_TRUE(results.count(rule)) << "no rule " << rule;
    EXPECT_FALSE(results.at(rule).findings.empty());
    EXPECT_FALSE(results.at(rule).evidence.empty()) << "a failed rule quotes the message";
}

TEST(WireAudit, AConformantConversationPassesEveryRule) {
    auto results = conformant().audit();
    ASSERT_EQ(results.size(), 6u);
    for (const auto& [id, r] : results) EXPECT_EQ(r.outcome, Outcome::Pass) << id << ": " << (r.findings.empty() ? "" : r.findings.front());
}

TEST(WireAudit, ACompletionWithTheCommandsVersionInsteadOfItsOwnFailsVersion) {
    // The deviation the issue found in our own devices: ReadRawData's completion stamped 2.0 (2024-03: 3.0).
    Conversation c;
    c.sent(command("CardReader.ReadRawData", 1, "2.0", R"({"track2":true})"))
        .got(ack("CardReader.ReadRawData", 1))
        .got(completion("CardReader.ReadRawData", 1, "2.0"));
    auto results = c.audit();
    expect_only_failure(results, "COMMON-VERSION");
    EXPECT_NE(results.at("COMMON-VERSION").findings.front().find("'3.0'"), std::string::npos);
}

TEST(WireAudit, AnEventAtAnOldVersionFailsVersion) {
    Conversation c;
    c.sent(command("CashDispenser.Dispense", 1, "3.0"))
        .got(ack("CashDispenser.Dispense", 1))
        .got(event("CashDispenser.IncompleteDispenseEvent", 1, "2.0"))
        .got(completion("CashDispenser.Dispense", 1, "3.0", "commandErrorCode", R"({"errorCode":"cashUnitError"})"));
    expect_only_failure(c.audit(), "COMMON-VERSION");
}

TEST(WireAudit, SetVersionsChangesWhatIsExpectedOnlyAfterItsSuccess) {
    Conversation c;
    c.sent(command("Common.SetVersions", 1, "2.0", R"({"commands":{"Common.Status":2}})"))
        .got(ack("Common.SetVersions", 1))
        .got(completion("Common.SetVersions", 1, "2.0"))
        .sent(command("Common.Status", 2))
        .got(ack("Common.Status", 2))
        .got(completion("Common.Status", 2, "2.0"));
    for (const auto& [id, r] : c.audit()) EXPECT_EQ(r.outcome, Outcome::Pass) << id;
    Conversation refused;
    refused.sent(command("Common.SetVersions", 1, "2.0", R"({"commands":{"Common.Status":2}})"))
        .got(ack("Common.SetVersions", 1))
        .got(completion("Common.SetVersions", 1, "2.0", "invalidData"))
        .sent(command("Common.Status", 2))
        .got(ack("Common.Status", 2))
        .got(completion("Common.Status", 2, "2.0"));
    expect_only_failure(refused.audit(), "COMMON-VERSION");
}

TEST(WireAudit, AnAcknowledgeWithAStatusOnSuccessFailsAck) {
    Conversation c;
    c.sent(command("Common.Status", 1)).got(ack("Common.Status", 1, "ok")).got(completion("Common.Status", 1, "3.0"));
    expect_only_failure(c.audit(), "COMMON-ACK");
}

TEST(WireAudit, AnEventAfterTheCompletionFailsSequence) {
    Conversation c;
    c.sent(command("CardReader.ReadRawData", 1, "2.0", R"({"track2":true})"))
        .got(ack("CardReader.ReadRawData", 1))
        .got(completion("CardReader.ReadRawData", 1, "3.0"))
        .got(event("CardReader.MediaInsertedEvent", 1));
    expect_only_failure(c.audit(), "COMMON-SEQUENCE");
}

TEST(WireAudit, AnythingAfterARejectionOrASecondCompletionFailsSequence) {
    Conversation rejected;
    rejected.sent(command("Common.Status", 1))
        .got(ack("Common.Status", 1, "tooManyRequests"))
        .got(completion("Common.Status", 1, "3.0"));
    expect_only_failure(rejected.audit(), "COMMON-SEQUENCE");
    Conversation twice;
    twice.sent(command("Common.Status", 1))
        .got(ack("Common.Status", 1))
        .got(completion("Common.Status", 1, "3.0"))
        .got(completion("Common.Status", 1, "3.0"));
    expect_only_failure(twice.audit(), "COMMON-SEQUENCE");
}

TEST(WireAudit, ACommandNeverCompletedFailsSequence) {
    Conversation c;
    c.sent(command("Common.Status", 1)).got(ack("Common.Status", 1));
    auto results = c.audit();
    EXPECT_EQ(results.at("COMMON-SEQUENCE").outcome, Outcome::Fail);
}

TEST(WireAudit, CompletionCodesOutsideTheEnumerationOrWithoutTheirErrorCodeFail) {
    Conversation unknown;
    unknown.sent(command("Common.Status", 1)).got(ack("Common.Status", 1)).got(completion("Common.Status", 1, "3.0", "successful"));
    expect_only_failure(unknown.audit(), "COMMON-COMPLETION-CODE");
    Conversation bare;
    bare.sent(command("CardReader.Move", 1)).got(ack("CardReader.Move", 1)).got(completion("CardReader.Move", 1, "2.0", "commandErrorCode"));
    expect_only_failure(bare.audit(), "COMMON-COMPLETION-CODE");
}

TEST(WireAudit, AnswersToRequestIdsNeverSentFailRequestId) {
    Conversation c;
    c.sent(command("Common.Status", 1))
        .got(ack("Common.Status", 1))
        .got(completion("Common.Status", 1, "3.0"))
        .got(completion("Common.Status", 1001, "3.0"));
    expect_only_failure(c.audit(), "COMMON-REQUEST-ID");
}

TEST(WireAudit, UnknownHeaderFieldsAndNonObjectPayloadsFailEnvelope) {
    Conversation c;
    c.sent(command("Common.Status", 1))
        .got(ack("Common.Status", 1))
        .got(R"({"header":{"type":"completion","name":"Common.Status","requestId":1,"version":"3.0","completionCode":"success","vendorX":1},"payload":{}})");
    expect_only_failure(c.audit(), "COMMON-ENVELOPE");
    Conversation garbage;
    garbage.sent(command("Common.Status", 1)).got(ack("Common.Status", 1)).got(completion("Common.Status", 1, "3.0")).got("{not json");
    expect_only_failure(garbage.audit(), "COMMON-ENVELOPE");
}

TEST(WireAudit, DeliberatelyBrokenCommandsAreNotHeldToTheRules) {
    // The bench's own invalid envelope (requestId 0) is rejected without a usable requestId: that is correct.
    Conversation c = conformant();
    c.sent(R"({"header":{"type":"command","name":"Common.Status","requestId":0,"version":"2.0"},"payload":null})")
        .got(ack("Common.Status", 0, "invalidRequestID"));
    for (const auto& [id, r] : c.audit({0})) EXPECT_EQ(r.outcome, Outcome::Pass) << id;
}

TEST(WireAudit, ARuleNothingFellUnderIsAnErrorNotAPass) {
    Conversation c;
    c.got(unsolicited("Common.StatusChangedEvent", "3.0"));
    auto results = c.audit();
    EXPECT_EQ(results.at("COMMON-ACK").outcome, Outcome::Error) << "no command was judged: it proved nothing";
    EXPECT_EQ(results.at("COMMON-VERSION").outcome, Outcome::Pass);
}

}  // namespace
}  // namespace atmbench::certify
