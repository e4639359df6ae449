// REV-RECORD (7.3.6.7 b): each reversal — every attempt, the first 0400 and each 0421 repeat — is journaled with
// the attempt count and result. Before, one record for the STAN covered any number of attempts, so a terminal that
// journaled only the first attempt (mutant 24-reversal-repeats-not-journaled) passed.
#include "rules_test_support.hpp"

namespace atmbench::harness::test {
namespace {

struct ReversalAttempts : RulesTest {
    std::size_t first = 0, repeat = 0;
    void jam_then_two_unanswered_attempts(bool journal_first, bool journal_repeat, bool cut_after_first = false) {
        atm.sign_on();
        atm.choose_withdrawal();
        atm.request("01", 30000);
        atm.reply("00");
        atm.dispense(300, "commandErrorCode");
        first = atm.reversal_unanswered("0400");
        if (cut_after_first) trace.add("bench", "power-cut", "", json::object{{"signal", "SIGKILL"}});
        if (journal_first) attempt_record(1);
        repeat = atm.reversal_unanswered("0421");
        if (journal_repeat) attempt_record(2);
    }
    void attempt_record(int attempt) {
        trace.journal("reversal", {{"stan", "000002"}, {"pan", "62220200000000****8"}, {"amount", 30000}, {"reason", "dispense failed"},
                                   {"attempt", attempt}, {"result", "timeout"}, {"acknowledged", false}}, true);
    }
};

TEST_F(ReversalAttempts, EveryAttemptJournaledPasses) {
    jam_then_two_unanswered_attempts(true, true);
    EXPECT_PASSES(judge("REV-RECORD"));
}

TEST_F(ReversalAttempts, RepeatNotJournaledFails) {
    jam_then_two_unanswered_attempts(true, false);
    EXPECT_FAILS_WITH(judge("REV-RECORD"), (Evidence{first, repeat}), "sent 2 times but journaled 1 time(s)");
}

// An attempt the power cut interrupted could not be journaled: the repeat's record is enough.
TEST_F(ReversalAttempts, AttemptCutByThePowerIsExcused) {
    jam_then_two_unanswered_attempts(false, true, true);
    EXPECT_PASSES(judge("REV-RECORD"));
}

}  // namespace
}  // namespace atmbench::harness::test
