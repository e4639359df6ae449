// Link failures and power cuts (issue 11): NOREV-SEND (7.3.6.7 c 2) on a connection the host reset before reading
// a request, NOREV-CONNECT (c 1) kept for a host that was stopped or refused, and the rules that must judge across
// a power cut (bench event power-cut, the power_cut step): REV-REQUIRED, INIT-RESIDUAL-NOTES, REC-SERIALS.
#include "rules_test_support.hpp"

namespace atmbench::harness::test {
namespace {

// The host's record of a connection it reset (RST) before reading the request on it (reset_before_read).
std::size_t host_reset(TraceBuilder& t, const std::string& note = "connection reset before the host read the request") {
    return t.add("host", "event", "",
                 json::object{{"seq", 90}, {"direction", "event"}, {"connection", 1}, {"event", "reset"}, {"note", note}});
}

// A reversal of STAN 000002 (F90 names the 0200), answered 00: for a request the host may never have received.
std::size_t reversal_of_unsent(TraceBuilder& t) {
    std::map<int, std::string> f{{2, Atm::kPan}, {3, "010000"}, {4, "000000030000"}, {11, "000002"}, {41, "ATM00001"},
                                 {39, "98"}, {90, "0200000002" + std::string(32, '0')}};
    std::size_t rev = t.host("in", "0400", f, {{"note", "original not found"}});
    f[39] = "25";
    t.host("out", "0410", f);
    return rev;
}

// --- NOREV-SEND: the 0200 of a withdrawal is reset unread by the host.
struct RequestResetUnread : RulesTest {
    std::size_t reset = 0;
    void withdrawal_reset() {
        atm.sign_on();
        atm.choose_withdrawal();
        reset = host_reset(trace);
        trace.journal("transaction", {{"function", "withdrawal"}, {"amount", 30000}, {"stan", "000002"}, {"outcome", "send-failed"}});
        trace.screen("HOST-DOWN", "The bank cannot be reached.");
        atm.return_card();
    }
};

TEST_F(RequestResetUnread, NoReversalPasses) {
    withdrawal_reset();
    EXPECT_PASSES_AT(judge("NOREV-SEND"), Evidence{reset});
}

TEST_F(RequestResetUnread, ReversalOfTheUnsentRequestFails) {
    withdrawal_reset();
    std::size_t rev = reversal_of_unsent(trace);
    EXPECT_FAILS_WITH(judge("NOREV-SEND"), (Evidence{reset, rev}), "never received");
}

TEST_F(RequestResetUnread, NoRevConnectIsNotAboutResets) {
    withdrawal_reset();
    reversal_of_unsent(trace);
    EXPECT_EQ(judge("NOREV-CONNECT").outcome, Outcome::NotApplicable);
}

// A journaled send failure alone (no reset in the host's record: the write failed before anything was read).
TEST_F(RulesTest, NoRevSendApplicableOnAJournaledSendFailure) {
    atm.sign_on();
    atm.choose_withdrawal();
    std::size_t j = trace.journal("transaction", {{"function", "withdrawal"}, {"stan", "000002"}, {"outcome", "send-failed"}});
    atm.return_card();
    EXPECT_PASSES_AT(judge("NOREV-SEND"), Evidence{j});
    std::size_t rev = reversal_of_unsent(trace);
    EXPECT_FAILS_WITH(judge("NOREV-SEND"), (Evidence{j, rev}), "never received");
}

TEST_F(RulesTest, NoRevSendNotApplicableWithoutResetOrSendFailure) {
    atm.sign_on();
    atm.withdrawal_paid(300);
    EXPECT_EQ(judge("NOREV-SEND").outcome, Outcome::NotApplicable);
}

// A request the host did read is not NOREV-SEND's business, even after a later reset.
TEST_F(RulesTest, NoRevSendPassesForAReversalOfARequestTheHostRead) {
    atm.sign_on();
    atm.choose_withdrawal();
    atm.request("01", 30000);
    std::size_t reset = host_reset(trace);
    atm.reversal();
    EXPECT_PASSES_AT(judge("NOREV-SEND"), Evidence{reset});
}

// --- NOREV-CONNECT: the host stopped, or refused connections.
struct HostStopped : RulesTest {
    std::size_t stopped = 0;
    void withdrawal_host_down() {
        atm.sign_on();
        atm.choose_withdrawal();
        stopped = trace.fault("host", "stopped");
        trace.journal("transaction", {{"function", "withdrawal"}, {"stan", "000002"}, {"outcome", "connect-failed"}});
        atm.return_card();
    }
};

TEST_F(HostStopped, NoReversalPasses) {
    withdrawal_host_down();
    EXPECT_PASSES_AT(judge("NOREV-CONNECT"), Evidence{stopped});
}

TEST_F(HostStopped, ReversalOfTheUnsentRequestFails) {
    withdrawal_host_down();
    std::size_t rev = reversal_of_unsent(trace);
    EXPECT_FAILS_WITH(judge("NOREV-CONNECT"), (Evidence{stopped, rev}), "never reached the host");
}

TEST_F(RulesTest, NoRevConnectApplicableOnARefuseRuleOnly) {
    atm.sign_on();
    trace.fault("host", "rule", json::object{{"when", json::object{{"mti", "0200"}}}, {"action", "no_reply"}});
    EXPECT_EQ(judge("NOREV-CONNECT").outcome, Outcome::NotApplicable);
    std::size_t refuse = trace.fault("host", "rule", json::object{{"action", "refuse_connections"}});
    EXPECT_PASSES_AT(judge("NOREV-CONNECT"), Evidence{refuse});
}

// --- A power cut between the dispense and the present (power_cut on the Dispense completion).
struct PowerCutBeforePresent : RulesTest {
    std::size_t request = 0, dispense = 0, cut = 0;
    void cut_after_dispense() {
        atm.sign_on();
        atm.choose_withdrawal();
        request = atm.request("01", 30000);
        atm.reply("00");
        dispense = atm.dispense(300);
        cut = trace.add("bench", "power-cut", "", json::object{{"signal", "SIGKILL"}});
        trace.add("bench", "power-restored", "", json::object{});
    }
    void restart_retracts() {
        trace.call("CashModule1", "CashManagement.Reset", json::object{}, "success");
        trace.journal("residual-notes", {{"action", "retracted"}}, true);
        trace.journal("dispense-interrupted", {{"stan", "000002"}, {"amount", 30000}}, true);
    }
};

TEST_F(PowerCutBeforePresent, RetractedAndReversedPasses) {
    cut_after_dispense();
    restart_retracts();
    atm.sign_on();
    atm.reversal();
    EXPECT_PASSES_AT(judge("REV-REQUIRED"), Evidence{dispense});
    EXPECT_PASSES_AT(judge("INIT-RESIDUAL-NOTES"), Evidence{cut});
    // The terminal died before it could read the dispense's serial numbers: not its failure.
    EXPECT_NE(judge("REC-SERIALS").outcome, Outcome::Fail);
}

TEST_F(PowerCutBeforePresent, NotReversedAfterTheRestartFails) {
    cut_after_dispense();
    restart_retracts();
    atm.sign_on();
    EXPECT_FAILS_WITH(judge("REV-REQUIRED"), (Evidence{request, dispense}), "was not reversed");
}

TEST_F(PowerCutBeforePresent, NotesPresentedAfterTheRestartFail) {
    cut_after_dispense();
    std::size_t present = atm.present();
    EXPECT_FAILS_WITH(judge("INIT-RESIDUAL-NOTES"), (Evidence{cut, present}), "presented");
}

// A power cut after the notes were presented is no residual-notes start-up and needs no reversal (c 5).
TEST_F(RulesTest, PowerCutAfterPresentIsNeitherResidualNotesNorReversal) {
    atm.sign_on();
    atm.withdrawal_presented(300);
    trace.add("bench", "power-cut", "", json::object{});
    EXPECT_EQ(judge("INIT-RESIDUAL-NOTES").outcome, Outcome::NotApplicable);
    EXPECT_EQ(judge("REV-REQUIRED").outcome, Outcome::NotApplicable);
}

}  // namespace
}  // namespace atmbench::harness::test
