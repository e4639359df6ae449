// Section F (7.3.6.6 b): every wait is bounded and ends safely. Each story leaves the terminal waiting on one thing
// and lets it give up after a chosen delay: within the bound it passes, past it it fails with the wait's start as
// evidence and the measured time against the bound (the profile's timeout, or the rule's default, + 2.5 s).
#include "rules_test_support.hpp"

namespace atmbench::harness::test {
namespace {

// TMO-KEY: the menu waits for a key nobody presses; the terminal cancels the entry and returns the card.
std::size_t menu_unanswered(Atm& atm, double ms) {
    atm.sign_on();
    atm.card_and_pin();
    std::size_t menu = atm.menu();
    atm.trace.wait_ms(ms);
    atm.trace.call("PinPad1", "Common.Cancel");
    atm.return_card();
    atm.trace.journal("timeout", {{"step", "menu"}});
    return menu;
}

// TMO-HOST: a withdrawal the host never answers; the terminal drops the link and says the result is uncertain.
std::size_t host_never_answers(Atm& atm) {
    atm.sign_on();
    atm.choose_withdrawal();
    std::size_t request = atm.request("01", 30000);
    atm.no_reply();
    return request;
}
void host_given_up(Atm& atm) {
    atm.trace.host_note("terminal closed the connection");
    atm.trace.screen("UNCERTAIN", "The result of your transaction is uncertain.");
    atm.return_card();
}
std::size_t host_silent(Atm& atm, double ms) {
    std::size_t request = host_never_answers(atm);
    atm.trace.wait_ms(ms);
    host_given_up(atm);
    return request;
}

// TMO-DEPOSIT-INSERT: the acceptor is open and no notes come; the terminal cancels CashIn and rolls back.
std::size_t no_notes(Atm& atm, double ms) {
    atm.sign_on();
    XfsCall cash_in = atm.choose_deposit();
    atm.trace.wait_ms(ms);
    atm.trace.call("CashModule1", "Common.Cancel", json::object{{"requestIds", json::array{cash_in.request_id}}});
    atm.trace.completion(cash_in, "canceled");
    atm.trace.call("CashModule1", "CashAcceptor.CashInRollback", json::object{}, "commandErrorCode", json::object{{"errorCode", "noItems"}});
    atm.trace.journal("deposit-insert-timeout", {{"step", "CashIn"}}, true);
    atm.return_card();
    return cash_in.ev;
}

// TMO-REFUSED-NOT-TAKEN: one of two notes is refused and left at the output; the terminal retracts it. The wait
// starts at the count that reported the refusal.
std::size_t refused_left(Atm& atm, double ms) {
    atm.sign_on();
    XfsCall cash_in = atm.choose_deposit();
    std::size_t counted = atm.insert_notes(cash_in, 2, 1);
    atm.trace.screen("TAKE-REFUSED", "Some notes were not accepted. Please take them.");
    atm.trace.wait_ms(ms);
    atm.retract();
    atm.trace.journal("refused-retracted", {{"notes", 1}, {"classification", json::object{{"unrecognised", 1}}}}, true);
    atm.confirm_screen(1);
    return counted;
}

// TMO-CASH-NOT-TAKEN: approved cash is presented and not taken; the terminal retracts it (and does not reverse).
std::size_t cash_left(Atm& atm, double ms) {
    atm.sign_on();
    atm.choose_withdrawal();
    atm.request("01", 30000);
    atm.reply("00");
    atm.dispense(300);
    std::size_t present = atm.present();
    atm.trace.screen("TAKE-CASH", "Please take your cash.");
    atm.trace.wait_ms(ms);
    atm.retract();
    atm.trace.screen("CASH-RETRACTED", "The cash was not taken and has been retracted.");
    atm.trace.journal("cash-retracted", {{"amount", 30000}, {"why", "not taken in time"}}, true);
    atm.return_card();
    return present;
}

// TMO-SCREEN (profile: confirm_deposit screen): the count is shown and never confirmed; the notes go back.
std::size_t confirmation_unanswered(Atm& atm, double ms) {
    atm.sign_on();
    XfsCall cash_in = atm.choose_deposit();
    atm.insert_notes(cash_in, 1);
    std::size_t confirm = atm.confirm_screen(1);
    atm.trace.wait_ms(ms);
    atm.rollback();
    atm.trace.screen("TAKE-NOTES", "Please take your notes.");
    atm.trace.journal("deposit-returned", {{"amount", 10000}, {"why", "no confirmation"}});
    return confirm;
}

struct Wait {
    const char* name;
    const char* rule;
    const char* timeout;             // the profile's timeouts_ms key
    std::int64_t rule_default_ms;    // the rule's bound when the profile declares none
    double reference_ms;             // when the reference terminal gives up
    std::size_t (*story)(Atm&, double ms);  // returns the event the wait starts at
};

void PrintTo(const Wait& w, std::ostream* os) { *os << w.rule << " (" << w.name << ")"; }

// The reference profile declares host (1500) and cash_take (1500); the others fall back to the rules' defaults.
const Wait kWaits[] = {
    {"MenuUnanswered", "TMO-KEY", "key", 15000, 1000, menu_unanswered},
    {"HostSilent", "TMO-HOST", "host", 5000, 1505, host_silent},
    {"NoNotesInserted", "TMO-DEPOSIT-INSERT", "deposit_insert", 30000, 1000, no_notes},
    {"RefusedNotesLeft", "TMO-REFUSED-NOT-TAKEN", "refused_take", 15000, 1500, refused_left},
    {"CashLeft", "TMO-CASH-NOT-TAKEN", "cash_take", 15000, 1500, cash_left},
    {"ConfirmationUnanswered", "TMO-SCREEN", "screen", 30000, 1000, confirmation_unanswered},
};

std::string took(std::int64_t waited_ms, std::int64_t bound) {
    return "took " + std::to_string(waited_ms) + " ms (bound " + std::to_string(bound) + " ms)";
}

struct BoundedWait : RulesTest, ::testing::WithParamInterface<Wait> {
    std::int64_t bound() const { return bound_ms(GetParam().timeout, GetParam().rule_default_ms); }
};

// The measured wait and the bound are measurements of the verdict, not only words in its message.
TEST_P(BoundedWait, EndedWhenTheReferenceTerminalEndsItPasses) {
    GetParam().story(atm, GetParam().reference_ms);
    Verdict v = judge(GetParam().rule);
    EXPECT_PASSES(v);
    EXPECT_EQ(v.measurements.at("bound_ms").as_int64(), bound());
    EXPECT_GE(v.measurements.at("longest_wait_ms").as_int64(), static_cast<std::int64_t>(GetParam().reference_ms));
    EXPECT_LT(v.measurements.at("longest_wait_ms").as_int64(), bound());
}

TEST_P(BoundedWait, EndedPastTheBoundFailsAtTheWaitsStart) {
    std::size_t start = GetParam().story(atm, static_cast<double>(bound() + 1000));
    Verdict v = judge(GetParam().rule);
    EXPECT_FAILS_WITH(v, Evidence{start}, took(bound() + 1000, bound()));
    EXPECT_EQ(v.measurements.at("waited_ms").as_int64(), bound() + 1000);
    EXPECT_EQ(v.measurements.at("bound_ms").as_int64(), bound());
}

INSTANTIATE_TEST_SUITE_P(SectionF, BoundedWait, ::testing::ValuesIn(kWaits),
                         [](const ::testing::TestParamInfo<Wait>& i) { return std::string(i.param.name); });

// --- TMO-KEY: repainting the unanswered menu is not leaving it; the wait runs from the first time it was shown.
struct KeyWait : RulesTest {};

TEST_F(KeyWait, RedrawingAnUnansweredMenuDoesNotEndTheWait) {
    const std::int64_t bound = bound_ms("key", 15000);
    atm.sign_on();
    atm.card_and_pin();
    std::size_t menu = atm.menu();
    for (int i = 0; i < 4; ++i) {
        trace.wait_ms(static_cast<double>(bound) / 2);
        atm.menu();
    }
    trace.wait_ms(1000);
    trace.call("PinPad1", "Common.Cancel");
    atm.return_card();
    Verdict v = judge("TMO-KEY");
    EXPECT_FAILS_WITH(v, Evidence{menu}, "(bound " + std::to_string(bound) + " ms)");
    EXPECT_GE(v.measurements.at("waited_ms").as_int64(), 2 * bound + 1000);
}

// --- TMO-HOST beyond giving up late: not giving up at all, and looking busy while the customer waits.
struct HostSilent : RulesTest {
    const std::int64_t bound = bound_ms("host", 5000);
};

TEST_F(HostSilent, HangingUntilTheScenarioEndsFails) {
    std::size_t request = host_never_answers(atm);
    trace.wait_ms(bound + 2000);
    trace.add("bench", "stop-terminal", "", json::object{});
    EXPECT_FAILS_WITH(judge("TMO-HOST"), Evidence{request}, "still waiting after " + std::to_string(bound) + " ms");
}

// A device status poll is not giving up: the customer still waits on the host.
TEST_F(HostSilent, StatusPollsDuringTheWaitDoNotEndIt) {
    std::size_t request = host_never_answers(atm);
    trace.wait_ms(1000);
    trace.call("CashModule1", "Common.Status");
    trace.wait_ms(bound + 1000);
    host_given_up(atm);
    EXPECT_FAILS_WITH(judge("TMO-HOST"), Evidence{request}, took(bound + 2000, bound));
}

}  // namespace
}  // namespace atmbench::harness::test
