// INV-NO-SECRETS (7.3.6.9 b) beyond names: the secret values the devices handled, found by the bench in what the
// terminal wrote under an innocent name (secret_scan.hpp), fail the rule with the record as evidence.
#include "rules_test_support.hpp"

#include "atmbench/harness/secret_scan.hpp"

namespace atmbench::harness::test {
namespace {

// An 8-byte PIN block AB CD EF 01 23 45 67 89 as PinPad.GetPinBlock returns it (base64).
const devices::RedactedSecret kPinBlock{"q83vASNFZ4k=", "PinPad.GetPinBlock pinBlock"};

struct SecretValues : RulesTest {
    // The bench's own step after teardown: findings (never the values) enter the trace.
    void scan(const std::vector<devices::RedactedSecret>& secrets) {
        std::vector<TraceEvent> events = trace.events();
        for (const SecretFinding& s : find_secrets(events, secrets))
            trace.add("bench", "secret-seen", s.carrier,
                      json::object{{"where", s.where}, {"event_t_ns", events[s.event].t_ns}, {"form", s.form}});
    }
};

TEST_F(SecretValues, APinBlockJournaledInHexUnderAnInnocentNameFails) {
    std::size_t record = trace.journal("withdrawal", {{"ref", "ABCDEF0123456789"}, {"amount", 30000}});
    scan({kPinBlock});
    Verdict v = judge("INV-NO-SECRETS");
    EXPECT_EQ(v.outcome, Outcome::Fail);
    ASSERT_FALSE(v.evidence.empty());
    EXPECT_EQ(v.evidence.front(), record);
    EXPECT_NE(v.message.find("PinPad.GetPinBlock pinBlock, hex"), std::string::npos) << v.message;
    EXPECT_NE(v.message.find("journal record withdrawal"), std::string::npos) << v.message;
}

TEST_F(SecretValues, LowerCaseHexAndTheWireFormOnTheScreenOrOutputAreFound) {
    trace.add("terminal", "stdout", "", json::object{{"line", "debug pb=abcdef0123456789"}});
    trace.call("TextTerminal1", "TextTerminal.Write", json::object{{"text", "block q83vASNFZ4k="}});
    auto found = find_secrets(trace.events(), {kPinBlock});
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].where, "terminal stdout");
    EXPECT_EQ(found[0].form, "hex");
    EXPECT_EQ(found[1].where, "xfs TextTerminal.Write");
    EXPECT_EQ(found[1].form, "as on the wire");
}

TEST_F(SecretValues, TheSecretOnItsOwnWireOrAnotherValueIsNoLeak) {
    // The PIN pad's own command and the host link carry it legitimately (and redacted); a different block in the
    // journal is not this one; a short value is never searched.
    trace.call("PinPad1", "PinPad.GetPinBlock", json::object{{"pinBlock", "q83vASNFZ4k="}});
    trace.journal("withdrawal", {{"ref", "ABCDEF0123456788"}, {"kcv", "CNe0"}});
    scan({kPinBlock, {"CNe0", "KeyManagement.ImportKey value"}});
    EXPECT_TRUE(find_secrets(trace.events(), {kPinBlock}).empty());
    EXPECT_EQ(judge("INV-NO-SECRETS").outcome, Outcome::Pass);
}

}  // namespace
}  // namespace atmbench::harness::test
