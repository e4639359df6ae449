// The cashInFail fault: the acceptor fails with the customer's notes already counted into the escrow (7.3.7 d 1).
// The notes stay in the escrow, the cash-in stays open, and a rollback still gives them back; a CashInEnd stores them.
#include "device_test_support.hpp"

#include <algorithm>

namespace atmbench::devices {
namespace {

using test::expect_conserved;

struct CashInFail : ::testing::Test {
    CashModule m{test::small_recycler()};
    test::CashEvents ev;
    int initial = 0;
    std::vector<Note> in;
    void SetUp() override {
        m.set_listener(&ev);
        initial = m.ledger().total();
    }
    void insert_three_hundreds() {
        ASSERT_TRUE(m.cash_in_start().ok());
        ASSERT_TRUE(m.ready_for_insert().ok());
        in = m.make_notes("CNY", 10000, NoteClass::fit, 3);
        ASSERT_TRUE(m.customer_insert(in));
    }
};

TEST_F(CashInFail, AtCashInTheNotesWaitInTheEscrowAndRollBack) {
    m.inject_fault({.name = "cashInFail", .at = "cashIn"});
    insert_three_hundreds();
    auto c = m.cash_in();
    EXPECT_EQ(c.outcome.completion, Completion::hardwareError);
    EXPECT_TRUE(c.accepted.empty()) << "no count reported";
    for (const Note& n : in) EXPECT_EQ(m.ledger().where_is(n.serial), "escrow");
    EXPECT_TRUE(m.cash_in_active());
    EXPECT_EQ(m.get_cash_in_status().status, CashInStatus::unknown);
    EXPECT_EQ(m.device_state(), DeviceState::online) << "the acceptor stays usable for the rollback";
    auto r = m.cash_in_rollback();
    ASSERT_TRUE(r.outcome.ok()) << r.outcome.description;
    EXPECT_EQ(r.returned, 3);
    EXPECT_EQ(m.ledger().count(where::output), 3);
    EXPECT_EQ(m.customer_take(), 3);
    for (const Note& n : in) EXPECT_EQ(m.ledger().where_is(n.serial), "customer");
    expect_conserved(m, initial);
}

TEST_F(CashInFail, AtCashInAnEndStoresTheEscrowedNotes) {
    m.inject_fault({.name = "cashInFail", .at = "cashIn"});
    insert_three_hundreds();
    ASSERT_FALSE(m.cash_in().outcome.ok());
    auto e = m.cash_in_end();
    ASSERT_TRUE(e.outcome.ok()) << e.outcome.description;
    EXPECT_EQ(e.stored, (Mix{{"unit1", 3}}));
    for (const Note& n : in) EXPECT_EQ(m.ledger().where_is(n.serial), "unit1");
    expect_conserved(m, initial);
}

TEST_F(CashInFail, AtCashInEndNothingMovesAndTheCashInStaysOpen) {
    m.inject_fault({.name = "cashInFail", .at = "cashInEnd"});
    insert_three_hundreds();
    ASSERT_TRUE(m.cash_in().outcome.ok());
    auto e = m.cash_in_end();
    EXPECT_EQ(e.outcome.completion, Completion::hardwareError);
    EXPECT_TRUE(e.stored.empty());
    for (const Note& n : in) EXPECT_EQ(m.ledger().where_is(n.serial), "escrow");
    EXPECT_TRUE(m.cash_in_active());
    // One-shot: the next CashInEnd stores them.
    ASSERT_TRUE(m.cash_in_end().outcome.ok());
    EXPECT_EQ(m.physical_count("unit1"), 13);
    expect_conserved(m, initial);
}

TEST_F(CashInFail, FiresAtTheNthCashInOnly) {
    m.inject_fault({.name = "cashInFail", .at = "cashIn", .occurrence = 2});
    insert_three_hundreds();
    ASSERT_TRUE(m.cash_in().outcome.ok());
    ASSERT_TRUE(m.ready_for_insert().ok());
    auto more = m.make_notes("CNY", 5000, NoteClass::fit, 2);
    ASSERT_TRUE(m.customer_insert(more));
    EXPECT_EQ(m.cash_in().outcome.completion, Completion::hardwareError);
    EXPECT_EQ(m.ledger().count(where::escrow), 5) << "the first bunch and the failed second both in the escrow";
    auto r = m.cash_in_rollback();
    ASSERT_TRUE(r.outcome.ok());
    EXPECT_EQ(r.returned, 5);
    expect_conserved(m, initial);
}

TEST_F(CashInFail, IsAKnownFaultName) {
    const auto& names = CashModule::fault_names();
    EXPECT_NE(std::find(names.begin(), names.end(), "cashInFail"), names.end());
}

}  // namespace
}  // namespace atmbench::devices
