// Cash-in on the recycler: insert, count, refuse, store, roll back — physical truth, counts, errors and events.
#include "device_test_support.hpp"

namespace atmbench::devices {
namespace {

using test::CashEvents;
using test::expect_conserved;
using test::reported;

struct Acceptor : ::testing::Test {
    CashModule m{test::small_recycler()};
    CashEvents ev;
    int initial = 0;
    void SetUp() override {
        m.set_listener(&ev);
        initial = m.ledger().total();
    }
    std::vector<Note> notes(std::int64_t value, NoteClass c, int n) { return m.make_notes("CNY", value, c, n); }
    void open_input() {
        ASSERT_TRUE(m.cash_in_start().ok());
        ASSERT_TRUE(m.ready_for_insert().ok());
    }
};

TEST_F(Acceptor, DepositGoesToTheRecyclingUnitsByDenomination) {
    open_input();
    std::vector<Note> in = notes(10000, NoteClass::fit, 3);
    auto fifties = notes(5000, NoteClass::fit, 2);
    in.insert(in.end(), fifties.begin(), fifties.end());
    ASSERT_TRUE(m.customer_insert(in));
    EXPECT_EQ(m.ledger().count(where::input), 5);
    auto c = m.cash_in();
    ASSERT_TRUE(c.outcome.ok()) << c.outcome.description;
    EXPECT_EQ(c.accepted, (std::vector<NoteCount>{{"CNY", 10000, NoteClass::fit, 3}, {"CNY", 5000, NoteClass::fit, 2}}));
    EXPECT_TRUE(c.refused.empty());
    EXPECT_EQ(m.ledger().count(where::escrow), 5);
    EXPECT_EQ(m.last_notes().size(), 5u);
    EXPECT_EQ(m.get_cash_in_status().status, CashInStatus::active);
    auto e = m.cash_in_end();
    ASSERT_TRUE(e.outcome.ok()) << e.outcome.description;
    EXPECT_EQ(e.stored, (Mix{{"unit1", 3}, {"unit2", 2}}));
    EXPECT_EQ(m.physical_count("unit1"), 13);
    EXPECT_EQ(reported(m, "unit1"), 13);
    EXPECT_EQ(m.unit("unit2")->counters.deposited, 2);
    EXPECT_EQ(m.ledger().where_is(in[0].serial), "unit1");
    EXPECT_FALSE(m.cash_in_active());
    EXPECT_EQ(m.get_cash_in_status().status, CashInStatus::ok);
    EXPECT_EQ(ev.log, (std::vector<std::string>{"shutter:open", "insertItems", "inserted:5", "shutter:closed",
                                                "counts:unit1,unit2,"}));
    EXPECT_EQ(m.notes_introduced(), 5);
    expect_conserved(m, initial);
}

TEST_F(Acceptor, UnrecognisedNotesAreRefusedAndMustBeTakenBack) {
    open_input();
    auto in = notes(10000, NoteClass::fit, 2);
    auto bad = notes(10000, NoteClass::unrecognised, 1);
    in.push_back(bad[0]);
    ASSERT_TRUE(m.customer_insert(in));
    ev.log.clear();
    auto c = m.cash_in();
    ASSERT_TRUE(c.outcome.ok());
    EXPECT_EQ(c.refused, (std::vector<NoteCount>{{"CNY", 10000, NoteClass::unrecognised, 1}}));
    EXPECT_EQ(m.ledger().where_is(bad[0].serial), "output");
    EXPECT_EQ(m.get_cash_in_status().refused, 1);
    EXPECT_EQ(ev.log, (std::vector<std::string>{"shutter:closed", "shutter:open", "refused:invalidBill:1"}));
    EXPECT_EQ(m.cash_in_end().outcome.error_code, "positionNotEmpty") << "refused notes not taken yet";
    EXPECT_EQ(m.customer_take_refused(), 1);
    EXPECT_EQ(m.ledger().where_is(bad[0].serial), "customer");
    EXPECT_TRUE(m.cash_in_end().outcome.ok());
    expect_conserved(m, initial);
}

TEST_F(Acceptor, CounterfeitAndSuspectAreKept) {
    open_input();
    auto in = notes(10000, NoteClass::counterfeit, 1);
    auto sus = notes(5000, NoteClass::suspect, 1);
    auto unfit = notes(5000, NoteClass::unfit, 1);
    auto good = notes(10000, NoteClass::fit, 1);
    in.insert(in.end(), {sus[0], unfit[0], good[0]});
    ASSERT_TRUE(m.customer_insert(in));
    auto c = m.cash_in();
    ASSERT_TRUE(c.outcome.ok());
    EXPECT_TRUE(c.refused.empty());
    EXPECT_EQ(c.accepted.size(), 4u);
    auto r = m.cash_in_rollback();
    ASSERT_TRUE(r.outcome.ok());
    EXPECT_EQ(r.stored, (Mix{{"unit3", 2}})) << "counterfeit + suspect retained in the cash-in unit";
    EXPECT_EQ(r.returned, 2);
    EXPECT_EQ(m.ledger().where_is(in[0].serial), "unit3");
    EXPECT_EQ(m.ledger().where_is(unfit[0].serial), "output");
    EXPECT_EQ(m.get_cash_in_status().status, CashInStatus::rollback);
    EXPECT_EQ(m.customer_take(), 2);
    expect_conserved(m, initial);
}

TEST_F(Acceptor, UnfitNotesGoToTheCashInUnitOnEnd) {
    open_input();
    auto in = notes(10000, NoteClass::unfit, 2);
    ASSERT_TRUE(m.customer_insert(in));
    ASSERT_TRUE(m.cash_in().outcome.ok());
    auto e = m.cash_in_end();
    ASSERT_TRUE(e.outcome.ok());
    EXPECT_EQ(e.stored, (Mix{{"unit3", 2}}));
}

TEST_F(Acceptor, WithoutTheRetainPolicyCounterfeitIsRefused) {
    CashModuleConfig cfg = test::small_recycler();
    cfg.retain_counterfeit = false;
    CashModule m2(cfg);
    ASSERT_TRUE(m2.cash_in_start().ok());
    ASSERT_TRUE(m2.ready_for_insert().ok());
    ASSERT_TRUE(m2.customer_insert(m2.make_notes("CNY", 10000, NoteClass::counterfeit, 2)));
    auto c = m2.cash_in();
    EXPECT_EQ(c.refused.size(), 1u);
    EXPECT_EQ(c.refused[0].count, 2);
    EXPECT_EQ(m2.cash_in().outcome.error_code, "noItems");
}

TEST_F(Acceptor, RollbackReturnsTheNotes) {
    open_input();
    auto in = notes(5000, NoteClass::fit, 4);
    ASSERT_TRUE(m.customer_insert(in));
    ASSERT_TRUE(m.cash_in().outcome.ok());
    ev.log.clear();
    auto r = m.cash_in_rollback();
    ASSERT_TRUE(r.outcome.ok());
    EXPECT_EQ(r.returned, 4);
    EXPECT_TRUE(r.stored.empty());
    EXPECT_EQ(m.ledger().count(where::output), 4);
    EXPECT_EQ(ev.log, (std::vector<std::string>{"shutter:open", "presented:4"}));
    EXPECT_EQ(m.customer_take(), 4);
    for (const Note& n : in) EXPECT_EQ(m.ledger().where_is(n.serial), "customer");
    EXPECT_EQ(reported(m, "unit2"), 10);
    expect_conserved(m, initial);
}

TEST_F(Acceptor, SeveralBunchesAndATakenNoteComingBack) {
    open_input();
    auto first = notes(10000, NoteClass::fit, 1);
    ASSERT_TRUE(m.customer_insert(first));
    ASSERT_TRUE(m.cash_in().outcome.ok());
    ASSERT_TRUE(m.cash_in_rollback().outcome.ok());
    EXPECT_EQ(m.customer_take(), 1);
    open_input();
    ASSERT_TRUE(m.customer_insert(first)) << "the same physical note, back from the customer";
    EXPECT_EQ(m.notes_introduced(), 1);
    ASSERT_TRUE(m.cash_in().outcome.ok());
    ASSERT_TRUE(m.ready_for_insert().ok());
    ASSERT_TRUE(m.customer_insert(notes(5000, NoteClass::fit, 1)));
    ASSERT_TRUE(m.cash_in().outcome.ok());
    EXPECT_EQ(m.get_cash_in_status().notes.size(), 2u);
    EXPECT_EQ(m.cash_in_end().stored, (Mix{{"unit1", 1}, {"unit2", 1}}));
    expect_conserved(m, initial);
}

TEST_F(Acceptor, ACustomerCannotInsertANoteThatIsInside) {
    open_input();
    Note inside = m.notes_at("unit1").front();
    EXPECT_THROW(m.customer_insert({inside}), std::invalid_argument);
    EXPECT_EQ(m.ledger().where_is(inside.serial), "unit1");
}

TEST_F(Acceptor, SequenceErrors) {
    EXPECT_EQ(m.cash_in().outcome.error_code, "noCashInActive");
    EXPECT_EQ(m.cash_in_end().outcome.error_code, "noCashInActive");
    EXPECT_EQ(m.cash_in_rollback().outcome.error_code, "noCashInActive");
    EXPECT_EQ(m.ready_for_insert().error_code, "noCashInActive");
    EXPECT_FALSE(m.customer_insert(notes(10000, NoteClass::fit, 1))) << "the input is closed";
    ASSERT_TRUE(m.cash_in_start().ok());
    EXPECT_EQ(m.cash_in_start().error_code, "cashInActive");
    EXPECT_FALSE(m.customer_insert(notes(10000, NoteClass::fit, 1))) << "not yet opened for insertion";
    EXPECT_EQ(m.cash_in().outcome.error_code, "noItems");
    EXPECT_EQ(m.cash_in_end().outcome.error_code, "noItems");
    EXPECT_EQ(m.cash_in_rollback().outcome.error_code, "noItems");
    EXPECT_EQ(m.start_exchange().error_code, "transactionActive");
    CashModule dispenser_only(test::small_dispenser());
    EXPECT_EQ(dispenser_only.cash_in_start().error_code, "cashUnitError");
}

TEST_F(Acceptor, TooManyNotesInOneBunchAreHandedBack) {
    open_input();
    ASSERT_TRUE(m.customer_insert(notes(10000, NoteClass::fit, 21)));
    ev.log.clear();
    auto c = m.cash_in();
    EXPECT_EQ(c.outcome.error_code, "tooManyItems");
    EXPECT_EQ(c.refused[0].count, 21);
    EXPECT_EQ(m.ledger().count(where::output), 21);
    EXPECT_EQ(ev.log, (std::vector<std::string>{"refused:invalidBunch:21"}));
    EXPECT_EQ(m.customer_take(), 21);
    expect_conserved(m, initial);
}

TEST_F(Acceptor, EscrowCapacityOverTheTransaction) {
    open_input();
    ASSERT_TRUE(m.customer_insert(notes(10000, NoteClass::fit, 20)));
    ASSERT_TRUE(m.cash_in().outcome.ok());
    ASSERT_TRUE(m.ready_for_insert().ok());
    ASSERT_TRUE(m.customer_insert(notes(10000, NoteClass::fit, 11)));
    auto c = m.cash_in();
    EXPECT_EQ(c.outcome.error_code, "tooManyItems");
    EXPECT_EQ(ev.log.back(), "refused:stackerFull:11");
    EXPECT_EQ(m.ledger().count(where::escrow), 20);
}

TEST_F(Acceptor, EscrowJamOnCashInEnd) {
    m.inject_fault({.name = "escrowJam", .at = "cashInEnd"});
    open_input();
    ASSERT_TRUE(m.customer_insert(notes(10000, NoteClass::fit, 3)));
    ASSERT_TRUE(m.cash_in().outcome.ok());
    auto e = m.cash_in_end();
    EXPECT_EQ(e.outcome.error_code, "cashUnitError");
    EXPECT_EQ(m.ledger().count(where::jammed), 3);
    EXPECT_EQ(m.ledger().count(where::escrow), 0);
    EXPECT_EQ(m.device_state(), DeviceState::hardwareError);
    EXPECT_EQ(reported(m, "unit1"), 10) << "nothing stored";
    auto r = m.reset();
    ASSERT_TRUE(r.outcome.ok());
    EXPECT_EQ(r.unit, "unit5");
    EXPECT_EQ(r.retracted, 3);
    EXPECT_EQ(m.device_state(), DeviceState::online);
    expect_conserved(m, initial);
}

TEST_F(Acceptor, EscrowJamWhileCounting) {
    m.inject_fault({.name = "escrowJam", .at = "cashIn"});
    open_input();
    ASSERT_TRUE(m.customer_insert(notes(5000, NoteClass::fit, 2)));
    EXPECT_EQ(m.cash_in().outcome.error_code, "cashUnitError");
    EXPECT_EQ(m.ledger().count(where::jammed), 2);
    EXPECT_FALSE(m.cash_in_active());
}

TEST_F(Acceptor, StorageFullOnCashInEndKeepsTheNotesInEscrow) {
    m.inject_fault({.name = "storageFull", .at = "cashInEnd", .persistent = true});
    open_input();
    ASSERT_TRUE(m.customer_insert(notes(10000, NoteClass::fit, 2)));
    ASSERT_TRUE(m.cash_in().outcome.ok());
    ev.log.clear();
    auto e = m.cash_in_end();
    EXPECT_EQ(e.outcome.error_code, "cashUnitError");
    EXPECT_EQ(m.ledger().count(where::escrow), 2);
    EXPECT_TRUE(m.cash_in_active());
    EXPECT_EQ(ev.log, (std::vector<std::string>{"storageError:unit1:full", "storageError:unit2:full",
                                                "storageError:unit3:full"}));
    auto r = m.cash_in_rollback();
    EXPECT_TRUE(r.outcome.ok());
    EXPECT_EQ(r.returned, 2);
    expect_conserved(m, initial);
}

TEST_F(Acceptor, RecyclingUnitFullOverflowsToTheCashInUnit) {
    m.inject_fault({.name = "storageFull", .at = "cashInEnd", .target = "unit1"});
    open_input();
    ASSERT_TRUE(m.customer_insert(notes(10000, NoteClass::fit, 2)));
    ASSERT_TRUE(m.cash_in().outcome.ok());
    auto e = m.cash_in_end();
    ASSERT_TRUE(e.outcome.ok());
    EXPECT_EQ(e.stored, (Mix{{"unit3", 2}}));
}

TEST_F(Acceptor, CountMismatchOnDeposit) {
    m.inject_fault({.name = "countMismatch", .at = "cashInEnd", .count = -1});
    open_input();
    ASSERT_TRUE(m.customer_insert(notes(10000, NoteClass::fit, 3)));
    ASSERT_TRUE(m.cash_in().outcome.ok());
    ASSERT_TRUE(m.cash_in_end().outcome.ok());
    EXPECT_EQ(m.physical_count("unit1"), 13);
    EXPECT_EQ(reported(m, "unit1"), 12);
}

TEST_F(Acceptor, RecycledNotesCanBeDispensed) {
    open_input();
    auto in = notes(10000, NoteClass::fit, 1);
    ASSERT_TRUE(m.customer_insert(in));
    ASSERT_TRUE(m.cash_in().outcome.ok());
    ASSERT_TRUE(m.cash_in_end().outcome.ok());
    auto d = m.denominate(110000, "CNY");
    ASSERT_TRUE(d.outcome.ok());
    EXPECT_EQ(d.mix, (Mix{{"unit1", 11}}));
    auto r = m.dispense(d.mix);
    ASSERT_TRUE(r.outcome.ok());
    EXPECT_EQ(m.ledger().where_is(in[0].serial), "stacker");
    expect_conserved(m, initial);
}

}  // namespace
}  // namespace atmbench::devices
