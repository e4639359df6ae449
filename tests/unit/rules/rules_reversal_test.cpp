// Section D (7.3.6.7): when a reversal must and must not happen, as sanity for the story vocabulary on the rules
// that read host, dispenser and reversal together.
#include "rules_test_support.hpp"

namespace atmbench::harness::test {
namespace {

// --- REV-REQUIRED (7.3.6.7 a): approved, the dispense jams before anything is presented.
struct DispenseJams : RulesTest {
    std::size_t request = 0, dispense = 0;
    void approved_then_jam() {
        atm.sign_on();
        atm.choose_withdrawal();
        request = atm.request("01", 30000);
        atm.reply("00");
        dispense = atm.dispense(300, "commandErrorCode");
        trace.call("CashModule1", "CashDispenser.Reject");
    }
    void customer_told_and_card_back() {
        trace.screen("DISPENSE-FAILED", "Sorry, the cash could not be dispensed.");
        atm.return_card();
    }
};

TEST_F(DispenseJams, ReversedInFullPasses) {
    approved_then_jam();
    atm.reversal();
    customer_told_and_card_back();
    EXPECT_PASSES_AT(judge("REV-REQUIRED"), Evidence{dispense});
}

TEST_F(DispenseJams, NotReversedFailsAtRequestAndDispense) {
    approved_then_jam();
    customer_told_and_card_back();
    EXPECT_FAILS_WITH(judge("REV-REQUIRED"), (Evidence{request, dispense}), "was not reversed");
}

// The same verdict as a scenario listing the rule gets it from evaluate(), with the catalogue's clause.
TEST_F(DispenseJams, ListedRuleIsReportedWithItsClause) {
    approved_then_jam();
    customer_told_and_card_back();
    Verdict v = judge_listed("REV-REQUIRED");
    EXPECT_EQ(v.outcome, Outcome::Fail) << v.message;
    EXPECT_EQ(v.clause, "7.3.6.7 a, 7.3.7 b");
    EXPECT_EQ(v.evidence, (Evidence{request, dispense}));
}

// --- NOREV-SETTLED (7.3.6.7 c 6): the reversal of a jammed withdrawal is never answered, then the batch is settled.
struct ReversalPendingAtSettlement : DispenseJams {
    std::size_t reversal = 0, settlement = 0;
    void jam_unanswered_reversal_then_settle() {
        approved_then_jam();
        reversal = atm.reversal_unanswered();
        customer_told_and_card_back();
        settlement = atm.settlement();
        // Reconciled instead of reversed: the exception record names the withdrawal's STAN and the batch.
        trace.journal("reversal-settled", {{"stan", "000002"}, {"batch", "000001"}, {"amount", 30000}}, true);
    }
};

TEST_F(ReversalPendingAtSettlement, NoReversalAfterSettlementPassesBothRules) {
    jam_unanswered_reversal_then_settle();
    EXPECT_EQ(judge("NOREV-SETTLED").outcome, Outcome::Pass);
    // The settlement ended the duty to repeat the reversal: REV-REQUIRED holds with one unanswered attempt.
    EXPECT_PASSES_AT(judge("REV-REQUIRED"), Evidence{dispense});
}

TEST_F(ReversalPendingAtSettlement, UnansweredAndNeitherRepeatedNorSettledFailsRevRequired) {
    approved_then_jam();
    std::size_t rev = atm.reversal_unanswered();
    customer_told_and_card_back();
    EXPECT_FAILS_WITH(judge("REV-REQUIRED"), Evidence{rev}, "not acknowledged and not repeated");
    EXPECT_EQ(judge("NOREV-SETTLED").outcome, Outcome::NotApplicable);
}

TEST_F(ReversalPendingAtSettlement, RepeatAfterSettlementFailsAtSettlementAndRepeat) {
    jam_unanswered_reversal_then_settle();
    std::size_t repeat = atm.reversal_unanswered("0421");
    EXPECT_FAILS_WITH(judge("NOREV-SETTLED"), (Evidence{settlement, repeat}), "reversal after settlement");
}

// --- NOREV-HOST-RETAIN (7.3.6.7 c 3): the host's reply orders the cash retained.
struct HostOrdersRetain : RulesTest {
    std::size_t retain_reply = 0;
    void withdrawal_answered_retain() {
        atm.sign_on();
        atm.choose_withdrawal();
        atm.request("01", 30000);
        retain_reply = atm.reply("E1", {{"rule", "r1"}, {"retain_cash", true}});
        trace.screen("DECLINED", "The transaction was declined.");
    }
};

TEST_F(HostOrdersRetain, NoReversalPasses) {
    withdrawal_answered_retain();
    atm.return_card();
    EXPECT_PASSES_AT(judge("NOREV-HOST-RETAIN"), Evidence{retain_reply});
}

TEST_F(HostOrdersRetain, ReversedFailsAtReplyAndReversal) {
    withdrawal_answered_retain();
    std::size_t reversal = atm.reversal();
    atm.return_card();
    EXPECT_FAILS_WITH(judge("NOREV-HOST-RETAIN"), (Evidence{retain_reply, reversal}), "reversed although");
}

}  // namespace
}  // namespace atmbench::harness::test
