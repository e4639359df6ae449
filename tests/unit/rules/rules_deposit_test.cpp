// Section E (7.3.7): deposits. The count is confirmed before the host is asked (a), a device fault before the
// confirmation returns the notes without asking the host (d 1), a fault after a successful credit still ends with a
// receipt or a reversal (d 2).
#include "rules_test_support.hpp"

namespace atmbench::harness::test {
namespace {

// --- DEP-COUNT-CONFIRM (7.3.7 a, profile: confirm_deposit screen and key)
struct CountConfirm : RulesTest {
    // A customer deposits `notes` notes; the terminal shows the count (or not) and the customer confirms it (or
    // not) before the terminal asks the host to credit; returns the 0200.
    std::size_t deposit(int notes, bool shown = true, bool confirmed = true) {
        XfsCall cash_in = atm.choose_deposit();
        atm.insert_notes(cash_in, notes);
        if (shown) atm.confirm_screen(notes);
        if (confirmed) trace.press(reference_profile().confirm_deposit);
        std::size_t request = atm.request("21", notes * 10000);
        atm.reply("00");
        atm.cash_in_end();
        atm.receipt();
        atm.return_card();
        return request;
    }
};

TEST_F(CountConfirm, CountShownAndConfirmedBeforeTheHostPasses) {
    atm.sign_on();
    deposit(3);
    EXPECT_PASSES(judge("DEP-COUNT-CONFIRM"));
}

TEST_F(CountConfirm, HostAskedWithoutShowingTheCountFailsAtTheRequest) {
    atm.sign_on();
    std::size_t request = deposit(3, /*shown=*/false);
    EXPECT_FAILS_WITH(judge("DEP-COUNT-CONFIRM"), Evidence{request}, "before the count was shown");
}

// Shown "for confirmation": asking the host while the customer has not answered skips the confirmation.
TEST_F(CountConfirm, HostAskedBeforeTheCustomerConfirmedFails) {
    atm.sign_on();
    std::size_t request = deposit(3, /*shown=*/true, /*confirmed=*/false);
    EXPECT_FAILS_WITH(judge("DEP-COUNT-CONFIRM"), Evidence{request}, "before the customer confirmed");
}

// Each deposit needs its own confirmation: the first customer's screen does not cover the second's deposit.
TEST_F(CountConfirm, AnEarlierDepositsConfirmationDoesNotCoverTheNext) {
    atm.sign_on();
    deposit(3);
    std::size_t second = deposit(2, /*shown=*/false);
    EXPECT_FAILS_WITH(judge("DEP-COUNT-CONFIRM"), Evidence{second}, "before the count was shown");
}

// --- DEP-FAULT-BEFORE-CONFIRM (7.3.7 d 1): the acceptor jams while counting the customer's notes.
struct FaultBeforeConfirm : RulesTest {
    std::size_t jammed = 0;  // the failed CashIn's completion
    void acceptor_jams_while_counting() {
        atm.sign_on();
        XfsCall cash_in = atm.choose_deposit();
        trace.customer("cash", "insertNotes", {{"notes", json::array{json::object{{"value", 100}}, json::object{{"value", 100}}}}});
        jammed = trace.completion(cash_in, "hardwareError");
        trace.journal("deposit-device-fault", {{"step", "CashIn"}, {"result", "hardwareError"}}, true);
    }
    void fault_shown_card_returned() {
        trace.screen("DEVICE-FAULT", "Deposits are not possible at the moment.");
        atm.return_card();
    }
    // The count shown, confirmed with F1, and the host asked to credit it (and agreeing); returns the 0200.
    std::size_t confirmed_and_credited(int notes) {
        atm.confirm_screen(notes);
        trace.press("F1");
        std::size_t request = atm.request("21", notes * 10000);
        atm.reply("00");
        return request;
    }
};

TEST_F(FaultBeforeConfirm, NotesReturnedAndFaultShownPasses) {
    acceptor_jams_while_counting();
    atm.rollback();
    fault_shown_card_returned();
    EXPECT_PASSES_AT(judge("DEP-FAULT-BEFORE-CONFIRM"), Evidence{jammed});
}

// 7.3.7 d 1 also says the fault is shown: notes given back without a word to the customer fail (mutant
// 28-deposit-fault-not-shown survived the suite before this).
TEST_F(FaultBeforeConfirm, NotesReturnedButFaultNotShownFails) {
    acceptor_jams_while_counting();
    atm.rollback();
    atm.return_card();
    EXPECT_FAILS_WITH(judge("DEP-FAULT-BEFORE-CONFIRM"), Evidence{jammed}, "not told (no DEVICE-FAULT screen)");
}

TEST_F(FaultBeforeConfirm, HostAskedAfterTheFaultFailsAtFaultAndRequest) {
    acceptor_jams_while_counting();
    std::size_t request = confirmed_and_credited(2);
    atm.cash_in_end();
    atm.return_card();
    EXPECT_FAILS_WITH(judge("DEP-FAULT-BEFORE-CONFIRM"), (Evidence{jammed, request}), "host was asked after the acceptor failed");
}

// "Notes returned": keeping them without asking the host is the customer's loss, not a safe stop.
TEST_F(FaultBeforeConfirm, NotesKeptAfterTheFaultFailsAtFaultAndCashInEnd) {
    acceptor_jams_while_counting();
    std::size_t kept = atm.cash_in_end();
    fault_shown_card_returned();
    EXPECT_FAILS_WITH(judge("DEP-FAULT-BEFORE-CONFIRM"), (Evidence{jammed, kept}), "notes were kept");
}

// The fault ends the first customer's deposit; the next customer's deposit, confirmed and credited, is not "the host
// asked after the fault" (it begins its own cash-in transaction with a new card).
TEST_F(FaultBeforeConfirm, ALaterCustomersDepositAfterTheFaultPasses) {
    acceptor_jams_while_counting();
    atm.rollback();
    fault_shown_card_returned();
    XfsCall cash_in = atm.choose_deposit();
    atm.insert_notes(cash_in, 2);
    confirmed_and_credited(2);
    atm.cash_in_end();
    atm.receipt();
    atm.return_card();
    EXPECT_PASSES_AT(judge("DEP-FAULT-BEFORE-CONFIRM"), Evidence{jammed});
}

// Every fault is judged, not only the first: a second customer's jam followed by a credit request fails.
TEST_F(FaultBeforeConfirm, ASecondFaultFollowedByARequestFailsAtThatFault) {
    acceptor_jams_while_counting();
    atm.rollback();
    fault_shown_card_returned();
    XfsCall cash_in = atm.choose_deposit();
    trace.customer("cash", "insertNotes", {{"notes", json::array{json::object{{"value", 100}}}}});
    std::size_t second = trace.completion(cash_in, "hardwareError");
    std::size_t request = confirmed_and_credited(1);
    atm.return_card();
    EXPECT_FAILS_WITH(judge("DEP-FAULT-BEFORE-CONFIRM"), (Evidence{second, request}), "host was asked after the acceptor failed");
}

// --- DEP-FAULT-AFTER-CREDIT (7.3.7 d 2): the host credited the deposit, then the acceptor cannot store the notes.
struct FaultAfterCredit : RulesTest {
    std::size_t store_failed = 0;  // the CashInEnd that failed
    void storage_full_after_credit() {
        atm.sign_on();
        XfsCall cash_in = atm.choose_deposit();
        atm.insert_notes(cash_in, 1);
        atm.confirm_screen(1);
        trace.press("F1");
        atm.request("21", 10000);
        atm.reply("00");
        store_failed = atm.cash_in_end("commandErrorCode");
        trace.journal("deposited", {{"amount", 10000}, {"result", "commandErrorCode"}}, true);
    }
};

TEST_F(FaultAfterCredit, CompletedWithAReceiptPasses) {
    storage_full_after_credit();
    atm.receipt();
    atm.return_card();
    EXPECT_PASSES_AT(judge("DEP-FAULT-AFTER-CREDIT"), Evidence{store_failed});
}

TEST_F(FaultAfterCredit, BusinessReturnAndReversalPasses) {
    storage_full_after_credit();
    atm.rollback();
    atm.reversal();
    atm.return_card();
    EXPECT_PASSES(judge("DEP-FAULT-AFTER-CREDIT"));
}

TEST_F(FaultAfterCredit, NeitherCompletedNorReversedFailsAtTheFailedStore) {
    storage_full_after_credit();
    atm.return_card();
    EXPECT_FAILS_WITH(judge("DEP-FAULT-AFTER-CREDIT"), Evidence{store_failed}, "neither completed nor reversed");
}

// The next customer's receipt is not this deposit's completion.
TEST_F(FaultAfterCredit, AReceiptInTheNextSessionDoesNotCompleteIt) {
    storage_full_after_credit();
    atm.return_card();
    atm.withdrawal_paid(300);
    atm.receipt();
    atm.return_card();
    EXPECT_FAILS_WITH(judge("DEP-FAULT-AFTER-CREDIT"), Evidence{store_failed}, "neither completed nor reversed");
}

}  // namespace
}  // namespace atmbench::harness::test
