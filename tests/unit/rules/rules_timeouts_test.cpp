// Section F (7.3.6.6 b): every wait is bounded and ends safely. Each story leaves the terminal waiting on one thing
// and lets it give up after a chosen delay: within the bound it passes, past it it fails with the wait's start as
// evidence and the measured time against the bound (the wait this run configured + 10 % + 300 ms); ending well
// before the configured wait with nothing but the clock to end it fails too (a shorter timer in its place).
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
    const char* timeout;             // the configured wait's name (timeouts_ms key)
    double reference_ms;             // when the reference terminal gives up
    bool early_fails;                // ending well before the configured wait is judged
    std::size_t (*story)(Atm&, double ms);  // returns the event the wait starts at
};

void PrintTo(const Wait& w, std::ostream* os) { *os << w.rule << " (" << w.name << ")"; }

// The waits as configured_waits() gives them: key, deposit_insert, screen and cash_take 1000 ms, host and
// refused_take 1500 ms.
const Wait kWaits[] = {
    {"MenuUnanswered", "TMO-KEY", "key", 1000, true, menu_unanswered},
    {"HostSilent", "TMO-HOST", "host", 1505, false, host_silent},
    {"NoNotesInserted", "TMO-DEPOSIT-INSERT", "deposit_insert", 1000, true, no_notes},
    {"RefusedNotesLeft", "TMO-REFUSED-NOT-TAKEN", "refused_take", 1500, true, refused_left},
    {"CashLeft", "TMO-CASH-NOT-TAKEN", "cash_take", 1000, true, cash_left},
    {"ConfirmationUnanswered", "TMO-SCREEN", "screen", 1000, true, confirmation_unanswered},
};

std::string took(std::int64_t waited_ms, std::int64_t bound) {
    return "took " + std::to_string(waited_ms) + " ms (bound " + std::to_string(bound) + " ms";
}

struct BoundedWait : RulesTest, ::testing::WithParamInterface<Wait> {
    std::int64_t bound() const { return bound_ms(GetParam().timeout); }
    std::int64_t configured() const { return configured_ms(GetParam().timeout); }
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

// A longer timer in place of the configured one (the card-take wait of 2.5 s run where 1.5 s was configured, or
// the profile's default where the scenario configured less): about 1.7 × the configured wait is past the bound.
TEST_P(BoundedWait, AnotherLongerTimerInPlaceOfTheConfiguredOneFails) {
    std::int64_t waited = configured() * 17 / 10;
    std::size_t start = GetParam().story(atm, static_cast<double>(waited));
    Verdict v = judge(GetParam().rule);
    EXPECT_FAILS_WITH(v, Evidence{start}, took(waited, bound()));
    EXPECT_EQ(v.measurements.at("configured_ms").as_int64(), configured());
}

// A shorter timer in place of the configured one cuts the customer short: half the configured wait fails where the
// end of the wait is the terminal's own timer (not for TMO-HOST, whose end is whatever the terminal does next).
TEST_P(BoundedWait, EndedWellBeforeTheConfiguredWaitFailsUnlessJudgedOnlyFromAbove) {
    std::size_t start = GetParam().story(atm, static_cast<double>(configured()) / 2);
    Verdict v = judge(GetParam().rule);
    if (GetParam().early_fails) {
        EXPECT_FAILS_WITH(v, Evidence{start}, "after only");
        EXPECT_TRUE(v.measurements.at("early").as_bool());
    } else {
        EXPECT_PASSES(v);
    }
}

// The bound is the run's configuration, not the profile: a scenario that configures a shorter wait holds the
// terminal to it.
TEST_P(BoundedWait, TheRunsConfigurationNotTheProfileSetsTheBound) {
    json::object waits = configured_waits();
    waits[GetParam().timeout] = configured() / 2;
    configure(waits);
    GetParam().story(atm, static_cast<double>(configured()));
    Verdict v = judge(GetParam().rule);
    EXPECT_EQ(v.outcome, Outcome::Fail) << v.message;
    EXPECT_EQ(v.measurements.at("configured_ms").as_int64(), configured() / 2);
}

// A wait the configuration does not give cannot be judged: NOT_OBSERVABLE, never a pass against a guessed default.
TEST_P(BoundedWait, NoConfiguredWaitIsNotObservable) {
    json::object waits = configured_waits();
    waits.erase(GetParam().timeout);
    configure(waits);
    GetParam().story(atm, GetParam().reference_ms);
    Verdict v = judge(GetParam().rule);
    EXPECT_EQ(v.outcome, Outcome::NotObservable) << v.message;
    EXPECT_NE(v.message.find(GetParam().timeout), std::string::npos) << v.message;
}

INSTANTIATE_TEST_SUITE_P(SectionF, BoundedWait, ::testing::ValuesIn(kWaits),
                         [](const ::testing::TestParamInfo<Wait>& i) { return std::string(i.param.name); });

// --- TMO-KEY: repainting the unanswered menu is not leaving it; the wait runs from the first time it was shown.
struct KeyWait : RulesTest {};

TEST_F(KeyWait, RedrawingAnUnansweredMenuDoesNotEndTheWait) {
    const std::int64_t bound = bound_ms("key");
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
    EXPECT_FAILS_WITH(v, Evidence{menu}, "(bound " + std::to_string(bound) + " ms: configured key");
    EXPECT_GE(v.measurements.at("waited_ms").as_int64(), 2 * bound + 1000);
}

// --- TMO-HOST beyond giving up late: not giving up at all, and looking busy while the customer waits.
struct HostSilent : RulesTest {
    const std::int64_t bound = bound_ms("host");
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

// A menu that offers nothing and asks for no key is not a wait: replacing it at once is not a shortened timer
// (regression: func-available-host-down was a false FAIL of TMO-KEY "after only 0 ms").
TEST_F(KeyWait, AnInformationalMenuReplacedAtOnceIsNotEndedEarly) {
    atm.sign_on();
    atm.card_and_pin();
    trace.screen("MENU", "No service is available at the moment.\nPlease take your card.");
    atm.return_card();
    Verdict v = judge("TMO-KEY");
    EXPECT_NE(v.outcome, Outcome::Fail) << v.message;
}

// --- The end of a take wait is the first command that clears the output: a Reset in the middle ends it there, even
// when a Retract comes later (regression: the rule took the first Retract whatever came before it, a false FAIL
// "took 6000 ms" for a terminal that reset the cash module within its wait).
struct TakeWaitEnds : RulesTest {};

TEST_F(TakeWaitEnds, AResetBeforeALaterRetractEndsTheCashWait) {
    const std::int64_t configured = configured_ms("cash_take");
    atm.sign_on();
    atm.choose_withdrawal();
    atm.request("01", 30000);
    atm.reply("00");
    atm.dispense(300);
    atm.present();
    trace.wait_ms(static_cast<double>(configured));
    trace.call("CashModule1", "CashManagement.Reset");
    trace.journal("cash-retracted", {{"amount", 30000}, {"why", "not taken in time"}}, true);
    trace.wait_ms(5000);
    atm.retract();
    Verdict v = judge("TMO-CASH-NOT-TAKEN");
    EXPECT_PASSES(v);
    EXPECT_LT(v.measurements.at("longest_wait_ms").as_int64(), configured + 100);
}

TEST_F(TakeWaitEnds, AResetBeforeALaterCaptureEndsTheCardWait) {
    const std::int64_t configured = configured_ms("card_take");
    atm.sign_on();
    atm.card_and_pin();
    trace.screen("TAKE-CARD", "Please take your card.");
    trace.call("CardReader1", "CardReader.Move", json::object{{"from", "transport"}, {"to", "exit"}});
    trace.wait_ms(static_cast<double>(configured));
    trace.call("CardReader1", "CardReader.Reset", json::object{{"to", "retain"}});
    trace.wait_ms(5000);
    trace.call("CardReader1", "CardReader.Move", json::object{{"to", "stacker"}});
    Verdict v = judge("TMO-CARD-NOT-TAKEN");
    EXPECT_PASSES(v);
    EXPECT_LT(v.measurements.at("longest_wait_ms").as_int64(), configured + 100);
}

}  // namespace
}  // namespace atmbench::harness::test
