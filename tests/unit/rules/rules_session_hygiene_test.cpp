// What one customer leaves behind for the next: notes left in the transport after a cash transaction (B,
// INIT-RESIDUAL-NOTES, 7.3.6.3 b) and the previous session's data on the next one's receipts, screens and host
// requests (G, DATA-CLEARED, 7.3.6.9 c). Each rule gets a passing and a failing story.
#include "rules_test_support.hpp"

#include "atmbench/common/base64.hpp"

namespace atmbench::harness::test {
namespace {

// The dispenser's own report of where notes are, as the cash service broadcasts it (unsolicited, no request id).
std::size_t cash_status(TraceBuilder& t, json::object dispenser) {
    return t.add("xfs", "unsolicited", "Common.StatusChangedEvent",
                 json::object{{"service", "CashModule1"}, {"connection", 4}, {"direction", "out"},
                              {"message", json::object{{"header", json::object{{"type", "unsolicited"}, {"name", "Common.StatusChangedEvent"}, {"version", "2.0"}}},
                                                       {"payload", json::object{{"cashDispenser", std::move(dispenser)}}}}}});
}
json::object output(const std::string& position) {
    return {{"positions", json::object{{"outDefault", json::object{{"positionStatus", position}, {"transportStatus", "empty"}}}}}};
}

// --- INIT-RESIDUAL-NOTES after a cash transaction: the customer leaves the cash, the terminal's retract fails (the
// shutter does not close), the notes stay at the output and the customer takes the card.
struct NotesLeftAfterWithdrawal : RulesTest {
    std::size_t left = 0, card_taken = 0;
    void cash_left_at_the_output() {
        atm.sign_on();
        cash_status(trace, {{"intermediateStacker", "empty"}, {"positions", output("empty")["positions"]}});
        trace.screen("IDLE", "Welcome");
        atm.choose_withdrawal();
        atm.request("01", 30000);
        atm.reply("00");
        atm.dispense(300);
        left = cash_status(trace, {{"intermediateStacker", "notEmpty"}});
        atm.present();
        cash_status(trace, {{"intermediateStacker", "empty"}, {"positions", output("notEmpty")["positions"]}});
        trace.screen("TAKE-CASH", "Please take your cash.");
        trace.wait_ms(1000);
        trace.call("CashModule1", "CashManagement.Retract",
                   json::object{{"location", json::object{{"outputPosition", "outDefault"}, {"retractArea", "retract"}}}},
                   "commandErrorCode", json::object{{"errorCode", "shutterNotClosed"}});
        trace.screen("CASH-RETRACTED", "The cash was not taken and has been retracted.");
        trace.screen("TAKE-CARD", "Please take your card.");
        trace.call("CardReader1", "CardReader.Move", json::object{{"from", "transport"}, {"to", "exit"}});
        card_taken = trace.customer("cardReader", "takeCard");
    }
};

TEST_F(NotesLeftAfterWithdrawal, RetractedBeforeTheIdleScreenPasses) {
    cash_left_at_the_output();
    trace.call("CashModule1", "CashManagement.Reset", json::object{}, "success", json::object{{"storage", json::object{{"unit6", json::object{{"count", 3}}}}}});
    cash_status(trace, output("empty"));
    trace.screen("IDLE", "Welcome");
    EXPECT_PASSES_AT(judge("INIT-RESIDUAL-NOTES"), Evidence{card_taken});
}

TEST_F(NotesLeftAfterWithdrawal, LeftThereAtTheIdleScreenFails) {
    cash_left_at_the_output();
    std::size_t idle = trace.screen("IDLE", "Welcome");
    EXPECT_FAILS_WITH(judge("INIT-RESIDUAL-NOTES"), (Evidence{left, idle}), "showed its idle screen");
}

TEST_F(NotesLeftAfterWithdrawal, StillThereWhenTheNextCardGoesInFails) {
    cash_left_at_the_output();
    std::size_t next = trace.customer("cardReader", "insertCard", {{"card", "li-mag"}});
    EXPECT_FAILS_WITH(judge("INIT-RESIDUAL-NOTES"), (Evidence{left, next}), "accepted the next customer's card");
}

// A withdrawal whose cash is taken leaves nothing: the rule has nothing to judge after it.
TEST_F(NotesLeftAfterWithdrawal, CashTakenIsNotApplicable) {
    atm.sign_on();
    atm.choose_withdrawal();
    atm.request("01", 30000);
    atm.reply("00");
    atm.dispense(300);
    cash_status(trace, {{"intermediateStacker", "notEmpty"}});
    atm.present();
    cash_status(trace, {{"intermediateStacker", "empty"}, {"positions", output("notEmpty")["positions"]}});
    trace.customer("cash", "takeCash");
    cash_status(trace, output("empty"));
    atm.return_card();
    trace.screen("IDLE", "Welcome");
    EXPECT_EQ(judge("INIT-RESIDUAL-NOTES").outcome, Outcome::NotApplicable);
}

// --- DATA-CLEARED: ZHANG withdraws 300.00 (receipt), then LI (balance 150.00) asks for the balance.
struct BackToBack : RulesTest {
    static constexpr const char* kLiPan = "622202*********0026";
    std::size_t first_card = 0;
    std::size_t receipt(const std::string& text) {
        return trace.call("Printer1", "Printer.PrintRaw", json::object{{"inputData", "no"}, {"data", base64_encode(text)}});
    }
    void zhang_withdraws() {
        atm.sign_on();
        first_card = trace.events().size();
        atm.choose_withdrawal();
        atm.request("01", 30000);
        atm.reply("00");
        atm.dispense(300);
        atm.present();
        trace.customer("cash", "takeCash");
        receipt("ATMBENCH REFERENCE TERMINAL\nTERMINAL ATM00001\nCARD 62220200000000****8\nWITHDRAWAL CNY 300.00 APPROVED\n");
        atm.return_card();
        trace.screen("IDLE", "Welcome");
    }
    // LI's inquiry; `stan` of the request, what LI's balance screen and receipt say.
    std::size_t li_inquires(const std::string& stan, const std::string& screen, const std::string& printed) {
        trace.customer("cardReader", "insertCard", {{"card", "li-mag"}});
        trace.call("CardReader1", "CardReader.ReadRawData", json::object{{"track2", "<redacted>"}});
        trace.customer("pinPad", "enterPin", {{"pin", "654321"}, {"then", "enter"}});
        atm.menu();
        trace.press("F1");
        std::map<int, std::string> f{{2, kLiPan}, {3, "310000"}, {11, stan}, {41, "ATM00001"}, {49, "156"}};
        std::size_t req = trace.host("in", "0200", f);
        f[39] = "00";
        f[54] = "1002156C000000015000";
        trace.host("out", "0210", f);
        std::size_t s = trace.screen("BALANCE", screen);
        std::size_t r = receipt(printed);
        atm.return_card();
        return printed.empty() ? (screen.empty() ? req : s) : r;
    }
};

TEST_F(BackToBack, NothingCarriedPasses) {
    zhang_withdraws();
    li_inquires("000003", "Available balance: CNY 150.00",
                "ATMBENCH REFERENCE TERMINAL\nTERMINAL ATM00001\nCARD 62220200000000****6\nBALANCE CNY 150.00\n");
    EXPECT_PASSES(judge("DATA-CLEARED"));
}

// The reused session object: LI's receipt still carries ZHANG's withdrawal line.
TEST_F(BackToBack, PreviousAmountOnTheNextReceiptFails) {
    zhang_withdraws();
    std::size_t r = li_inquires("000003", "Available balance: CNY 150.00",
                                "ATMBENCH REFERENCE TERMINAL\nTERMINAL ATM00001\nCARD 62220200000000****6\nWITHDRAWAL CNY 300.00 APPROVED\nBALANCE CNY 150.00\n");
    EXPECT_FAILS_WITH(judge("DATA-CLEARED"), (Evidence{first_card, r}), "receipt of the next customer's session shows the previous session's amount 300.00");
}

TEST_F(BackToBack, PreviousCardNumberOnTheNextReceiptFails) {
    zhang_withdraws();
    std::size_t r = li_inquires("000003", "Available balance: CNY 150.00",
                                "ATMBENCH REFERENCE TERMINAL\nCARD 62220200000000****8\nBALANCE CNY 150.00\n");
    EXPECT_FAILS_WITH(judge("DATA-CLEARED"), (Evidence{first_card, r}), "previous customer's card number");
}

TEST_F(BackToBack, PreviousAmountOnTheNextScreenFails) {
    zhang_withdraws();
    std::size_t s = li_inquires("000003", "Available balance: CNY 150.00\nLast withdrawal: CNY 300.00", "");
    EXPECT_FAILS_WITH(judge("DATA-CLEARED"), (Evidence{first_card, s}), "screen of the next customer's session (BALANCE)");
}

TEST_F(BackToBack, PreviousStanInTheNextRequestFails) {
    zhang_withdraws();
    std::size_t req = li_inquires("000002", "", "");
    EXPECT_FAILS_WITH(judge("DATA-CLEARED"), Evidence{req}, "previous session's STAN 000002");
}

}  // namespace
}  // namespace atmbench::harness::test
