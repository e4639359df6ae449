// Issue 11: defects the generous fixtures and the old rules did not reach — CASH-PRECHECK judged from the counts the
// device reported (less what was dispensed since, without units faults took away, exact mixes), FUNC-AVAILABLE with
// empty cassettes, DEP-RETURN on a resource shortage, DEP-FAULT-BEFORE-CONFIRM with the notes in the escrow, and
// NOREV-SETTLED (F90-named reversals, reversals pending at the settlement, a 95 answer). Each failing story is one
// the old rule judged wrongly (named in its comment).
#include "rules_test_support.hpp"

namespace atmbench::harness::test {
namespace {

// A unit as Storage.GetStorage reports it (cash_payloads.cpp unit_json): types, value in major units, count, capacity.
json::object unit(const std::string& type, int value, int count, int capacity, const std::string& status = "ok") {
    json::object types;
    if (type == "cashOut" || type == "recycling") types["cashOut"] = true;
    if (type == "cashIn" || type == "recycling") types["cashIn"] = true;
    json::object configuration{{"types", types}};
    if (value > 0) configuration["currency"] = "CNY", configuration["value"] = value;
    return {{"capacity", capacity},
            {"status", status},
            {"cash", json::object{{"configuration", configuration}, {"status", json::object{{"count", count}}}}}};
}

std::filesystem::path fixture(const std::string& name) {
    return std::filesystem::path(ATMBENCH_FIXTURES_DIR) / "devices" / (name + ".yaml");
}

struct CashPrecheck : RulesTest {
    void SetUp() override { scenario.devices = fixture("low-cash"); }
    // What low-cash.yaml reports at start-up: unit1 2 × 100, unit2 empty, unit3 1 × 50, unit4 empty.
    std::size_t storage_low_cash() {
        json::object s{{"unit1", unit("cashOut", 100, 2, 2500)}, {"unit2", unit("cashOut", 100, 0, 2500)},
                       {"unit3", unit("cashOut", 50, 1, 2500)},  {"unit4", unit("cashOut", 50, 0, 2500)},
                       {"unit5", unit("reject", 0, 0, 300)},     {"unit6", unit("retract", 0, 0, 200)}};
        return trace.call("CashModule1", "Storage.GetStorage", json::object{}, "success", json::object{{"storage", s}});
    }
    // A customer withdraws `amount` (major units) by digits; the terminal asks the host when `asked`.
    std::size_t withdraw(int amount, bool asked) {
        std::size_t step = trace.step("withdraw", {{"amount", amount}});
        atm.card_and_pin();
        atm.menu();
        trace.press("F2");
        trace.screen("AMOUNT", "Choose an amount or type it and press ENTER:");
        trace.press("ENTER");
        if (!asked) trace.screen("AMOUNT-UNAVAILABLE", "This amount cannot be dispensed. Please take your card.");
        return step;
    }
};

TEST_F(CashPrecheck, AnAmountTooFewNotesCanPayRefusedLocallyPasses) {
    atm.sign_on();
    storage_low_cash();
    std::size_t step = withdraw(300, false);
    atm.return_card();
    EXPECT_PASSES_AT(judge("CASH-PRECHECK"), Evidence{step});
}

// Old rule: it took the fixture's counts (2 × 100) and never subtracted the first customer's 200, so the second
// withdrawal of 100 — payable only from notes that are gone — was "payable" and its 0200 not judged (false PASS).
TEST_F(CashPrecheck, AskingForWhatAnEarlierDispenseTookFailsAtTheRequest) {
    atm.sign_on();
    storage_low_cash();
    withdraw(200, true);
    atm.request("01", 20000);
    atm.reply("00");
    trace.call("CashModule1", "CashDispenser.Dispense",
               json::object{{"denomination", json::object{{"currencies", json::object{{"CNY", 200}}}, {"counts", json::object{{"unit1", 2}}}}}},
               "success", json::object{{"denomination", json::object{{"counts", json::object{{"unit1", 2}}}}}});
    atm.present();
    trace.customer("cash", "takeCash");
    atm.return_card();
    withdraw(100, true);
    std::size_t second = atm.request("01", 10000);
    atm.reply("00");
    atm.return_card();
    EXPECT_FAILS_WITH(judge("CASH-PRECHECK"), Evidence{second}, "cannot pay");
}

// Old rule: the fixture's 50s were counted although the device reported both 50 cassettes missing (false PASS).
TEST_F(CashPrecheck, AskingForWhatOnlyMissingCassettesCouldPayFails) {
    scenario.devices = fixture("standard");
    atm.sign_on();
    json::object s{{"unit1", unit("cashOut", 100, 500, 2500)}, {"unit2", unit("cashOut", 100, 500, 2500)},
                   {"unit3", unit("cashOut", 50, 500, 2500, "missing")}, {"unit4", unit("cashOut", 50, 500, 2500, "missing")}};
    trace.call("CashModule1", "Storage.GetStorage", json::object{}, "success", json::object{{"storage", s}});
    withdraw(150, true);
    std::size_t req = atm.request("01", 15000);
    atm.reply("00");
    EXPECT_FAILS_WITH(judge("CASH-PRECHECK"), Evidence{req}, "cannot pay");
}

// A cassette a fault took away after the last report is not counted either.
TEST_F(CashPrecheck, ACassetteRemovedAfterTheReportIsNotCounted) {
    atm.sign_on();
    storage_low_cash();
    trace.fault("cash", "cassetteRemoved", {{"target", "unit3"}});
    withdraw(150, true);
    std::size_t req = atm.request("01", 15000);
    atm.reply("00");
    EXPECT_FAILS_WITH(judge("CASH-PRECHECK"), Evidence{req}, "cannot pay");
}

// Old rule: largest-first over the fixture found no mix for 60 from 50 × 1 + 20 × 10 and failed a terminal that
// correctly asked the host and paid 3 × 20 (false FAIL). The exact check finds the mix.
TEST_F(CashPrecheck, AnAmountOnlyAnExactMixPaysIsNotFailed) {
    scenario.devices = fixture("small-notes");
    atm.sign_on();
    json::object s{{"unit1", unit("cashOut", 50, 1, 2500)}, {"unit2", unit("cashOut", 20, 10, 2500)}};
    trace.call("CashModule1", "Storage.GetStorage", json::object{}, "success", json::object{{"storage", s}});
    withdraw(60, true);
    atm.request("01", 6000);
    atm.reply("00");
    Verdict v = judge("CASH-PRECHECK");
    EXPECT_EQ(v.outcome, Outcome::NotApplicable) << v.message;
}

// --- FUNC-AVAILABLE (7.3.6.1 c): every cassette empty, the module itself in order.
struct EmptyCassettes : RulesTest {
    std::size_t entry = 0;
    void menu_with_cassettes_empty(const json::array& active_keys) {
        scenario.devices = fixture("empty-cash");
        atm.sign_on();
        json::object s{{"unit1", unit("cashOut", 100, 0, 2500)}, {"unit2", unit("cashOut", 100, 0, 2500)},
                       {"unit3", unit("cashOut", 50, 0, 2500)},  {"unit4", unit("cashOut", 50, 0, 2500)}};
        trace.call("CashModule1", "Storage.GetStorage", json::object{}, "success", json::object{{"storage", s}});
        atm.card_and_pin();
        trace.screen("MENU", "Please choose a service:\nF1 Balance inquiry");
        entry = trace.command("PinPad1", "Keyboard.DataEntry", json::object{{"maxLen", 1}, {"activeKeys", active_keys}}).ev;
    }
};

TEST_F(EmptyCassettes, WithdrawalNotOfferedPasses) {
    menu_with_cassettes_empty(json::array{"fdk01", "cancel"});
    EXPECT_PASSES(judge("FUNC-AVAILABLE"));
}

// Old rule: only an offline / hardwareError fault made it look; empty cassettes were "not applicable" (false PASS).
TEST_F(EmptyCassettes, WithdrawalOfferedFailsAtTheMenuEntry) {
    menu_with_cassettes_empty(json::array{"fdk01", "fdk02", "cancel"});
    EXPECT_FAILS_WITH(judge("FUNC-AVAILABLE"), Evidence{entry}, "no cassette can dispense");
}

// --- DEP-RETURN (7.3.7 a): resource shortage — the deposit units have room for 4 notes, the customer puts in 5.
struct AcceptorNearlyFull : RulesTest {
    std::size_t counted = 0;
    void five_notes_into_room_for_four() {
        scenario.devices = fixture("acceptor-nearly-full");
        atm.sign_on();
        json::object s{{"unit1", unit("recycling", 100, 1998, 2000)}, {"unit2", unit("recycling", 50, 2000, 2000)},
                       {"unit3", unit("cashIn", 0, 0, 2)}};
        trace.call("CashModule1", "Storage.GetStorage", json::object{}, "success", json::object{{"storage", s}});
        XfsCall in = atm.choose_deposit();
        counted = atm.insert_notes(in, 5);
    }
};

TEST_F(AcceptorNearlyFull, NotesReturnedBeforeTheHostIsAskedPasses) {
    five_notes_into_room_for_four();
    atm.rollback();
    trace.screen("TAKE-NOTES", "The machine cannot take these notes now.");
    atm.return_card();
    EXPECT_PASSES(judge("DEP-RETURN"));
}

// Old rule: only a cancel at the confirmation screen or an explicit decline was judged; a terminal that asked the
// host for notes it had no room for was "not applicable" (false PASS).
TEST_F(AcceptorNearlyFull, AskingTheHostFailsAtCountAndRequest) {
    five_notes_into_room_for_four();
    atm.confirm_screen(5);
    trace.press("F1");
    std::size_t req = atm.request("21", 50000);
    atm.reply("00");
    atm.cash_in_end("hardwareError");
    atm.return_card();
    EXPECT_FAILS_WITH(judge("DEP-RETURN"), (Evidence{counted, req}), "had room for only 4");
}

// --- DEP-FAULT-BEFORE-CONFIRM (7.3.7 d 1): the acceptor fails with the notes counted into the escrow.
struct NotesInEscrow : RulesTest {
    std::size_t failed = 0;
    void cash_in_fails_after_counting() {
        atm.sign_on();
        XfsCall in = atm.choose_deposit();
        trace.customer("cash", "insertNotes", {{"notes", json::array{json::object{{"value", 100}}, json::object{{"value", 100}}}}});
        failed = trace.completion(in, "hardwareError");
    }
};

TEST_F(NotesInEscrow, RolledBackPasses) {
    cash_in_fails_after_counting();
    atm.rollback();
    trace.screen("DEVICE-FAULT", "The deposit could not be completed.");
    trace.customer("cash", "takeRefused");
    atm.return_card();
    EXPECT_PASSES_AT(judge("DEP-FAULT-BEFORE-CONFIRM"), Evidence{failed});
}

// Old rule: no host request and no CashInEnd was enough, so a terminal that left the notes in the escrow and
// walked away passed (false PASS).
TEST_F(NotesInEscrow, LeftInTheEscrowFails) {
    cash_in_fails_after_counting();
    trace.screen("DEVICE-FAULT", "The deposit could not be completed.");
    atm.return_card();
    EXPECT_FAILS_WITH(judge("DEP-FAULT-BEFORE-CONFIRM"), Evidence{failed}, "no rollback");
}

TEST_F(NotesInEscrow, StoredFails) {
    cash_in_fails_after_counting();
    std::size_t end = atm.cash_in_end();
    atm.return_card();
    EXPECT_FAILS_WITH(judge("DEP-FAULT-BEFORE-CONFIRM"), (Evidence{failed, end}), "kept");
}

// --- NOREV-SETTLED (7.3.6.7 c 6).
struct Settlement : RulesTest {
    std::size_t request = 0, reversal = 0;
    std::map<int, std::string> original;
    void jammed_withdrawal_reversal_refused() {
        atm.sign_on();
        atm.choose_withdrawal();
        request = atm.request("01", 30000);
        atm.reply("00");
        atm.dispense(300, "commandErrorCode");
        // The host refuses the reversal (96): not acknowledged, still pending.
        std::map<int, std::string> f{{2, Atm::kPan}, {3, "010000"}, {4, "000000030000"}, {11, "000002"}, {41, "ATM00001"},
                                     {39, "98"}, {90, "0200000002" + std::string(32, '0')}};
        reversal = trace.host("in", "0400", f);
        f[39] = "96";
        trace.host("out", "0410", f);
        trace.journal("reversal", {{"stan", "000002"}, {"amount", 30000}, {"mti", "0400"}, {"result", "96"}, {"attempt", 1}}, true);
        atm.return_card();
    }
    // An ordinary withdrawal, paid and taken.
    void paid_withdrawal() {
        atm.sign_on();
        atm.withdrawal_presented(300);
        atm.return_card();
    }
    // 0500 for batch 000001 answered `rc`; returns the request.
    std::size_t settle(const std::string& rc = "00") {
        std::map<int, std::string> f{{11, "000009"}, {41, "ATM00001"}, {48, std::string(30, '0')}, {60, "00000001201"}};
        std::size_t req = trace.host("in", "0500", f);
        f[39] = rc;
        trace.host("out", "0510", f);
        return req;
    }
};

TEST_F(Settlement, PendingReversalReconciledWithARecordPasses) {
    jammed_withdrawal_reversal_refused();
    std::size_t s = settle("95");
    trace.journal("reversal-settled", {{"stan", "000002"}, {"batch", "000001"}, {"amount", 30000}, {"result", "settled: reconcile, not reversed"}}, true);
    trace.journal("settlement", {{"batch", "000001"}, {"result", "95"}, {"balanced", false}}, true);
    EXPECT_PASSES_AT(judge("NOREV-SETTLED"), Evidence{s});
}

// Old rule: no reversal after the 0500 was all it asked; a terminal that dropped the pending reversal at the
// settlement without a trace left a one-sided account nobody would reconcile (false PASS).
TEST_F(Settlement, PendingReversalDroppedSilentlyFails) {
    jammed_withdrawal_reversal_refused();
    std::size_t s = settle("95");
    trace.journal("settlement", {{"batch", "000001"}, {"result", "95"}, {"balanced", false}}, true);
    EXPECT_FAILS_WITH(judge("NOREV-SETTLED"), (Evidence{reversal, s}), "dropped without an exception record");
}

// Old rule: it matched the reversal to its original by F11 only; a terminal that gives the repeat a STAN of its
// own and names the original in F90 escaped it (false PASS).
TEST_F(Settlement, RepeatWithItsOwnStanAfterTheSettlementFails) {
    jammed_withdrawal_reversal_refused();
    std::size_t s = settle("00");
    trace.journal("reversal-settled", {{"stan", "000002"}, {"batch", "000001"}}, true);
    std::map<int, std::string> f{{2, Atm::kPan}, {3, "010000"}, {4, "000000030000"}, {11, "000010"}, {41, "ATM00001"},
                                 {90, "0200000002" + std::string(32, '0')}};
    std::size_t repeat = trace.host("in", "0421", f);
    EXPECT_FAILS_WITH(judge("NOREV-SETTLED"), (Evidence{s, repeat}), "reversal after settlement (STAN 000002");
}

// A 95 answer (not balanced) treated like a balanced settlement: no exception to reconcile (the old rule passed it).
TEST_F(Settlement, NinetyFiveWithoutAnExceptionFails) {
    paid_withdrawal();
    std::size_t s = settle("95");
    std::size_t reply = s + 1;
    trace.journal("settlement", {{"batch", "000001"}, {"result", "95"}, {"balanced", true}});
    EXPECT_FAILS_WITH(judge("NOREV-SETTLED"), (Evidence{s, reply}), "95");
}

TEST_F(Settlement, NinetyFiveRecordedAsAnExceptionPasses) {
    paid_withdrawal();
    std::size_t s = settle("95");
    trace.journal("settlement", {{"batch", "000001"}, {"result", "95"}, {"balanced", false}}, true);
    EXPECT_PASSES_AT(judge("NOREV-SETTLED"), Evidence{s});
}

}  // namespace
}  // namespace atmbench::harness::test
