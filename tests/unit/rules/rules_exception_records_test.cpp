// Exceptions that must leave a trace where a person can see it, each case a mutant the suite let through before:
// REC-JOURNAL (7.3.6.3 d) retracted notes classified (44-retract-not-classified); RCPT-EXCEPTION (7.3.6.8 a) an
// exception session that ends without any receipt (42-no-receipt-without-result); TMO-CARD-READ (7.3.6.6 b) a
// timed-out read that is cancelled but keeps the card (35-card-read-timeout-keeps-card).
#include "rules_test_support.hpp"

namespace atmbench::harness::test {
namespace {

struct CashNotTaken : RulesTest {
    std::size_t retract = 0;
    void presented_not_taken_retracted(json::object retract_record) {
        atm.sign_on();
        atm.withdrawal_presented(300);
        trace.screen("TAKE-CASH", "Please take your cash.");
        trace.wait_ms(1000);
        retract = atm.retract();
        trace.journal("transaction", {{"stan", "000002"}, {"pan", "62220200000000****8"}, {"amount", 30000}, {"outcome", "approved"}});
        trace.journal("cash-retracted", std::move(retract_record), true);
    }
};

TEST_F(CashNotTaken, RetractClassifiedPasses) {
    presented_not_taken_retracted({{"amount", 30000}, {"classification", json::object{{"fit", 3}, {"unfit", 0}, {"unrecognised", 0}}}});
    atm.return_card();
    EXPECT_PASSES(judge("REC-JOURNAL"));
}

TEST_F(CashNotTaken, RetractWithoutClassificationFails) {
    presented_not_taken_retracted({{"amount", 30000}, {"why", "not taken in time"}});
    atm.return_card();
    EXPECT_FAILS_WITH(judge("REC-JOURNAL"), Evidence{retract}, "classifying them");
}

// The printer worked, the session ended (card taken), and no receipt carried the exception.
TEST_F(CashNotTaken, ExceptionSessionWithoutAnyReceiptFails) {
    presented_not_taken_retracted({{"amount", 30000}, {"classification", json::object{{"fit", 3}}}});
    atm.return_card();
    trace.add("truth", "final", "", json::object{{"printer", json::object{{"receipts", json::array{}}}}});
    Verdict v = judge("RCPT-EXCEPTION");
    EXPECT_EQ(v.outcome, Outcome::Fail) << v.message;
    EXPECT_NE(v.message.find("never printed"), std::string::npos) << v.message;
}

TEST_F(CashNotTaken, ExceptionOnTheReceiptPasses) {
    presented_not_taken_retracted({{"amount", 30000}, {"classification", json::object{{"fit", 3}}}});
    atm.receipt();
    atm.return_card();
    json::array lines{"*** EXCEPTION: CASH RETRACTED ***"};
    trace.add("truth", "final", "", json::object{{"printer", json::object{{"receipts", json::array{json::object{{"lines", lines}}}}}}});
    EXPECT_PASSES(judge("RCPT-EXCEPTION"));
}

// A faulted printer excuses the missing receipt: nothing to judge.
TEST_F(CashNotTaken, NoReceiptWithAFaultedPrinterIsNotJudged) {
    trace.fault("printer", "paperOut");
    presented_not_taken_retracted({{"amount", 30000}, {"classification", json::object{{"fit", 3}}}});
    atm.return_card();
    trace.add("truth", "final", "", json::object{{"printer", json::object{{"receipts", json::array{}}}}});
    EXPECT_EQ(judge("RCPT-EXCEPTION").outcome, Outcome::NotApplicable);
}

// TMO-CARD-READ: the read hangs; cancelling it is not the end of the wait, giving the card back is.
struct ReadHangs : RulesTest {
    std::size_t insert = 0;
    void card_in_read_hangs() {
        atm.sign_on();
        trace.fault("cardReader", "hang", {{"at", "read"}});
        insert = trace.customer("cardReader", "insertCard", {{"card", "zhang-mag"}});
        trace.wait_ms(5000);
        trace.call("CardReader1", "Common.Cancel");
    }
};

TEST_F(ReadHangs, CancelledAndCardGivenBackPasses) {
    card_in_read_hangs();
    atm.return_card();
    EXPECT_PASSES(judge("TMO-CARD-READ"));
}

TEST_F(ReadHangs, CancelledButCardKeptFails) {
    card_in_read_hangs();
    trace.wait_ms(4000);  // the next read takes the card on to a PIN prompt that times out
    atm.return_card();
    EXPECT_FAILS_WITH(judge("TMO-CARD-READ"), Evidence{insert}, "took");
}

}  // namespace
}  // namespace atmbench::harness::test
