// Which host replies count as an approval (7.3.5 e/f): a host rule that only delays, splits or repeats a reply
// leaves its meaning intact; one that changes a key field, the MAC or the frame does not approve anything.
#include "rules_test_support.hpp"

namespace atmbench::harness::test {
namespace {

struct HostReplyShapes : RulesTest {
    std::size_t request = 0, reply = 0, dispense = 0;
    void withdrawal_answered(json::object reply_record) {
        atm.sign_on();
        atm.choose_withdrawal();
        request = atm.request("01", 30000);
        reply = atm.reply("00", std::move(reply_record));
        dispense = atm.dispense(300);
        atm.present();
        trace.customer("cash", "takeCash");
        atm.return_card();
    }
};

// Regression: `approved()` skipped every reply a host rule touched, so a withdrawal approved after a plain delay
// failed DEV-DISPENSE-INTEGRITY ("a dispense with no host approval") while INV-ONE-DISPENSE passed.
TEST_F(HostReplyShapes, ApprovalDelayedByAHostRuleStillApproves) {
    withdrawal_answered({{"rule", "slow"}, {"note", "approved; response rule slow; delayed 900 ms"}});
    EXPECT_PASSES(judge("DEV-DISPENSE-INTEGRITY"));
    EXPECT_PASSES(judge("INV-ONE-DISPENSE"));
    EXPECT_PASSES(judge("INV-MATCH"));
}

TEST_F(HostReplyShapes, SplitOrDuplicatedApprovalStillApproves) {
    withdrawal_answered({{"rule", "split"}, {"note", "approved; split across two writes; duplicate reply"}});
    EXPECT_PASSES(judge("DEV-DISPENSE-INTEGRITY"));
}

// A reply whose amount the host changed (valid MAC) approves nothing: cash paid on it breaks the rules.
TEST_F(HostReplyShapes, DispenseOnAMutatedReplyFails) {
    withdrawal_answered({{"rule", "m"}, {"spoiled", json::array{"mutate: amount 000000030000 -> 000000030001"}}});
    EXPECT_FAILS_WITH(judge("DEV-DISPENSE-INTEGRITY"), Evidence{dispense}, "no host approval");
    EXPECT_FAILS_WITH(judge("INV-MATCH"), (Evidence{request, dispense}), "does not match");
}

TEST_F(HostReplyShapes, DispenseOnABadMacReplyFails) {
    withdrawal_answered({{"rule", "mac"}, {"note", "approved; MAC corrupted"}, {"spoiled", json::array{"bad-mac"}}});
    EXPECT_FAILS_WITH(judge("DEV-DISPENSE-INTEGRITY"), Evidence{dispense}, "no host approval");
    EXPECT_FAILS_WITH(judge("INV-MATCH"), (Evidence{request, dispense}), "does not match");
}

// REV-REQUIRED (7.3.6.7 a): a reversal "acknowledged" by a reply whose MAC does not verify is not acknowledged; a
// terminal that stops there (does not repeat) fails.
struct ReversalAckSpoiled : RulesTest {
    std::size_t request = 0, reversal = 0;
    void jam_then_reversal_acked(json::object ack_record) {
        atm.sign_on();
        atm.choose_withdrawal();
        request = atm.request("01", 30000);
        atm.reply("00");
        atm.dispense(300, "commandErrorCode");
        trace.call("CashModule1", "CashDispenser.Reject");
        auto f = std::map<int, std::string>{{2, Atm::kPan}, {3, "010000"}, {4, "000000030000"}, {11, "000002"}, {41, "ATM00001"}};
        f[90] = "0200000002" + std::string(32, '0');
        reversal = trace.host("in", "0400", f, {{"note", "reversal applied"}});
        f[39] = "00";
        trace.host("out", "0410", f, std::move(ack_record));
        atm.return_card();
    }
};

TEST_F(ReversalAckSpoiled, VerifiedAcknowledgementEndsTheReversal) {
    jam_then_reversal_acked({});
    EXPECT_PASSES(judge("REV-REQUIRED"));
}

TEST_F(ReversalAckSpoiled, BadMacAcknowledgementNotRepeatedFails) {
    jam_then_reversal_acked({{"rule", "r1"}, {"note", "MAC corrupted"}, {"spoiled", json::array{"bad-mac"}}});
    EXPECT_FAILS_WITH(judge("REV-REQUIRED"), Evidence{reversal}, "not acknowledged and not repeated");
}

}  // namespace
}  // namespace atmbench::harness::test
