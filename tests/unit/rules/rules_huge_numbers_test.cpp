// Amounts and counts in the trace are whatever the terminal under test and its devices wrote. A number no int64
// can hold must make the rule NOT_OBSERVABLE (evaluate()), never wrap into a total that passes: signed overflow
// and an out-of-range double→int64 conversion are undefined behaviour (C++ [expr.pre]/4, [conv.fpint]), and in
// practice they wrapped to a small or negative amount that a rule compared as if it were true.
#include "rules_test_support.hpp"

#include <limits>

namespace atmbench::harness::test {
namespace {

constexpr std::int64_t kTop = std::numeric_limits<std::int64_t>::max();

#define EXPECT_NOT_OBSERVABLE_WITH(VERDICT, WORDS)                                          \
    do {                                                                                    \
        const ::atmbench::harness::Verdict& v_ = (VERDICT);                                \
        EXPECT_EQ(v_.outcome, ::atmbench::harness::Outcome::NotObservable) << v_.message;   \
        EXPECT_NE(v_.message.find(WORDS), std::string::npos) << v_.message;                 \
    } while (0)

struct HugeNumbers : RulesTest {
    // An approved withdrawal of CNY 300, then a Dispense asking for `currencies`.
    void dispense_after_approval(json::value amount) {
        atm.sign_on();
        atm.choose_withdrawal();
        atm.request("01", 30000);
        atm.reply("00");
        json::object denomination{{"currencies", json::object{{"CNY", std::move(amount)}}}};
        trace.call("CashModule1", "CashDispenser.Dispense", json::object{{"denomination", denomination}, {"position", "outDefault"}},
                   "success", json::object{{"denomination", denomination}});
    }
    // Withdrawals of INT64_MAX, 1, INT64_MAX, 1: 2^64, which wraps to 0.
    static json::array postings_adding_up_to_2_to_the_64() {
        json::array postings;
        for (std::int64_t amount : {kTop, std::int64_t{1}, kTop, std::int64_t{1}})
            postings.push_back(json::object{{"kind", "withdrawal"}, {"amount", amount}});
        return postings;
    }
    // Nothing with the customer; the host's ledger holds `postings`.
    void books(json::array postings) {
        trace.add("truth", "final", "", json::object{{"cash", json::object{{"notes", json::object{{"customer", json::object{{"count", 0}, {"notes", json::array{}}}}}}}}});
        trace.add("ledger", "final", "", json::object{{"postings", std::move(postings)}});
    }
};

// 1e300 major units: the unchecked conversion gave INT64_MIN minor units, "at most the approval", a PASS.
TEST_F(HugeNumbers, DispenseOfAnAmountBeyondInt64IsNotObservable) {
    dispense_after_approval(1e300);
    EXPECT_NOT_OBSERVABLE_WITH(judge_listed("INV-ONE-DISPENSE"), "beyond int64");
}

// A whole number whose minor units (x100) overflow: it wrapped to a negative amount, a PASS.
TEST_F(HugeNumbers, DispenseWhoseMinorUnitsOverflowIsNotObservable) {
    dispense_after_approval(std::int64_t{92233720368547759});
    EXPECT_NOT_OBSERVABLE_WITH(judge_listed("INV-ONE-DISPENSE"), "overflows int64");
}

// Postings adding up past int64 wrapped to a net posting of 0 that matched no cash paid: a PASS.
TEST_F(HugeNumbers, PostingsOverflowingTheNetPostingAreNotObservable) {
    books(postings_adding_up_to_2_to_the_64());
    EXPECT_NOT_OBSERVABLE_WITH(judge_listed("INV-MONEY"), "overflows int64");
}

// The scenario's own `expect: ledger {amount}` adds postings the same way, and says so the same way.
TEST_F(HugeNumbers, LedgerExpectationOverflowingIsNotObservable) {
    books(postings_adding_up_to_2_to_the_64());
    scenario.expect.push_back(Expectation{"ledger", json::object{{"kind", "withdrawal"}, {"amount", 0}}, 7});
    Facts facts = build_facts(scenario, reference_profile(), trace.events());
    std::vector<Verdict> all = evaluate(scenario, facts);
    ASSERT_FALSE(all.empty());
    EXPECT_EQ(all.back().rule, "EXPECT-1");
    EXPECT_NOT_OBSERVABLE_WITH(all.back(), "overflows int64");
}

}  // namespace
}  // namespace atmbench::harness::test
