// INV-MONEY (section A): notes with the customer − notes inserted and not given back = net host posting, unless
// the terminal journaled the difference as an exception. Here: a deposit whose notes jam inside the validator
// before they were counted (escrowJam at cashIn on the recycler), the false FAIL of issue 11.
#include "rules_test_support.hpp"

namespace atmbench::harness::test {
namespace {

struct NotesJamBeforeCounting : RulesTest {
    std::size_t insert = 0, failed = 0;
    // Three CNY 100 notes go into a CashIn that fails with them inside; the rollback cannot give them back.
    void jam_with_three_notes_inside() {
        atm.sign_on();
        XfsCall cash_in = atm.choose_deposit();
        json::array notes{json::object{{"value", 100}}, json::object{{"value", 100}}, json::object{{"value", 100}}};
        insert = trace.customer("cash", "insertNotes", {{"notes", notes}});
        failed = trace.completion(cash_in, "hardwareError", json::object{{"errorCode", "cashUnitError"}});
        trace.call("CashModule1", "CashAcceptor.CashInRollback", json::object{}, "commandErrorCode", json::object{{"errorCode", "noCashInActive"}});
    }
    // The end of the scenario: nothing with the customer, no posting at the host.
    void books_at_the_end(json::array postings = {}) {
        atm.return_card();
        trace.add("truth", "final", "", json::object{{"cash", json::object{{"notes", json::object{{"customer", json::object{{"count", 0}, {"notes", json::array{}}}}}}}}});
        trace.add("ledger", "final", "", json::object{{"postings", std::move(postings)}});
    }
};

// Regression (false FAIL): the reference terminal now records the notes it holds with the amount unknown.
TEST_F(NotesJamBeforeCounting, HeldWithAmountUnknownPasses) {
    jam_with_three_notes_inside();
    std::size_t rec = trace.journal("deposit-device-fault", {{"step", "CashIn"}, {"amount_unknown", true}, {"held", "notes kept by the device"}}, true);
    books_at_the_end();
    Verdict v = judge("INV-MONEY");
    EXPECT_PASSES(v);
    EXPECT_EQ(v.evidence, Evidence{rec});
    EXPECT_EQ(v.measurements.at("uncounted_inserted").as_int64(), 30000);
}

TEST_F(NotesJamBeforeCounting, HeldWithTheAmountPasses) {
    jam_with_three_notes_inside();
    trace.journal("deposit-device-fault", {{"step", "CashIn"}, {"amount", 30000}}, true);
    books_at_the_end();
    EXPECT_PASSES(judge("INV-MONEY"));
}

// The fault journaled without saying what the terminal holds: the message names what is missing.
TEST_F(NotesJamBeforeCounting, FaultRecordWithoutTheNotesHeldFailsSayingWhatIsMissing) {
    jam_with_three_notes_inside();
    trace.journal("deposit-device-fault", {{"step", "CashIn"}, {"result", "hardwareError"}}, true);
    books_at_the_end();
    EXPECT_FAILS_WITH(judge("INV-MONEY"), (Evidence{insert, failed}), "amount_unknown: true");
}

// "Amount unknown" only covers notes the device never counted: a deposit that was counted and then kept without
// a posting needs its amount.
TEST_F(NotesJamBeforeCounting, AmountUnknownDoesNotExplainCountedNotes) {
    atm.sign_on();
    XfsCall cash_in = atm.choose_deposit();
    std::size_t counted = atm.insert_notes(cash_in, 3);  // the count's completion; the insertion is just before it
    atm.confirm_screen(3);
    trace.press("F1");
    atm.cash_in_end();
    trace.journal("deposit-kept", {{"amount_unknown", true}}, true);
    books_at_the_end();
    EXPECT_FAILS_WITH(judge("INV-MONEY"), Evidence{counted - 1}, "cash over");
}

// Bad data is never a silent 0: a ledger posting without an amount makes the rule NOT_OBSERVABLE.
TEST_F(NotesJamBeforeCounting, PostingWithoutAmountIsNotObservable) {
    jam_with_three_notes_inside();
    trace.journal("deposit-device-fault", {{"amount_unknown", true}}, true);
    books_at_the_end(json::array{json::object{{"kind", "deposit"}, {"seq", 1}}});
    const RuleInfo* rule = find_rule("INV-MONEY");
    ASSERT_NE(rule, nullptr);
    scenario.rules = {"INV-MONEY"};
    Facts facts = build_facts(scenario, reference_profile(), trace.events());
    auto all = evaluate(scenario, facts);
    auto it = std::find_if(all.begin(), all.end(), [](const Verdict& v) { return v.rule == "INV-MONEY"; });
    ASSERT_NE(it, all.end());
    EXPECT_EQ(it->outcome, Outcome::NotObservable) << it->message;
    EXPECT_NE(it->message.find("amount of a host ledger posting"), std::string::npos) << it->message;
}

}  // namespace
}  // namespace atmbench::harness::test
