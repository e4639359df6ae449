// Dispenser flows on the cash module: denominate, dispense, present, take, retract, reject, shutter — checking
// physical truth, reported counts, error codes and events in order.
#include "device_test_support.hpp"

namespace atmbench::devices {
namespace {

using test::CashEvents;
using test::expect_conserved;
using test::reported;

struct Dispenser : test::CashModuleTest {};

TEST_F(Dispenser, StartsWithTheConfiguredNotes) {
    EXPECT_EQ(initial, 100);
    EXPECT_EQ(m.physical_count("unit1"), 50);
    EXPECT_EQ(reported(m, "unit1"), 50);
    EXPECT_EQ(m.notes_at("unit1").front().value, 10000);
    EXPECT_EQ(m.notes_at("unit2").front().currency, "CNY");
    EXPECT_EQ(m.shutter(), ShutterState::closed);
    EXPECT_EQ(m.device_state(), DeviceState::online);
}

TEST_F(Dispenser, DenominatesWithTheFewestNotes) {
    auto d = m.denominate(35000, "CNY");
    ASSERT_TRUE(d.outcome.ok()) << d.outcome.description;
    EXPECT_EQ(d.mix, (Mix{{"unit1", 3}, {"unit2", 1}}));
    EXPECT_EQ(d.amount, 35000);
    EXPECT_EQ(m.physical_count("unit1"), 50) << "denominate moves nothing";
}

TEST_F(Dispenser, DenominateErrors) {
    EXPECT_EQ(m.denominate(10000, "USD").outcome.error_code, "invalidCurrency");
    EXPECT_EQ(m.denominate(12000, "CNY").outcome.error_code, "notDispensable");
    EXPECT_EQ(m.denominate(100000000, "CNY").outcome.error_code, "notDispensable");
    EXPECT_EQ(m.denominate(500000, "CNY").outcome.error_code, "tooManyItems");  // 50 notes > 40
    auto bad = m.denominate(10000, "CNY", {{"unit9", 1}});
    EXPECT_EQ(bad.outcome.completion, Completion::invalidData);
}

TEST_F(Dispenser, DenominateExplicitCounts) {
    auto d = m.denominate(0, "CNY", {{"unit2", 4}});
    ASSERT_TRUE(d.outcome.ok());
    EXPECT_EQ(d.amount, 20000);
    EXPECT_EQ(m.denominate(30000, "CNY", {{"unit2", 4}}).outcome.error_code, "invalidDenomination");
    EXPECT_EQ(m.denominate(0, "CNY", {{"unit2", 51}}).outcome.error_code, "notDispensable");
    EXPECT_EQ(m.denominate(0, "CNY", {{"unit3", 1}}).outcome.completion, Completion::invalidData);  // reject unit
}

TEST_F(Dispenser, DispensePresentTakeFlow) {
    auto d = m.dispense({{"unit1", 2}, {"unit2", 1}});
    ASSERT_TRUE(d.outcome.ok()) << d.outcome.description;
    EXPECT_EQ(d.amount, 25000);
    EXPECT_EQ(d.serials.size(), 3u);
    EXPECT_EQ(m.ledger().count(where::stacker), 3);
    EXPECT_EQ(m.ledger().where_is(d.serials[0]), "stacker");
    EXPECT_EQ(m.physical_count("unit1"), 48);
    EXPECT_EQ(reported(m, "unit1"), 48);
    EXPECT_EQ(m.get_present_status().state, PresentState::notPresented);

    auto p = m.present();
    ASSERT_TRUE(p.outcome.ok());
    EXPECT_EQ(p.presented, 3);
    EXPECT_EQ(m.ledger().count(where::output), 3);
    EXPECT_EQ(m.shutter(), ShutterState::open);
    auto st = m.get_present_status();
    EXPECT_EQ(st.state, PresentState::presented);
    EXPECT_EQ(st.amount, 25000);

    EXPECT_EQ(m.customer_take(), 3);
    EXPECT_EQ(m.ledger().count(where::customer), 3);
    EXPECT_EQ(m.ledger().amount(where::customer), 25000);
    EXPECT_EQ(m.shutter(), ShutterState::closed);
    EXPECT_EQ(ev.log, (std::vector<std::string>{"counts:unit1,unit2,", "shutter:open", "presented:3",
                                                "counts:unit1,unit2,", "taken:output:3", "shutter:closed"}));
    EXPECT_EQ(m.unit("unit1")->counters.dispensed, 2);
    EXPECT_EQ(m.unit("unit1")->counters.presented, 2);
    EXPECT_EQ(m.last_notes().size(), 3u);
    expect_conserved(m, initial);
}

TEST_F(Dispenser, NotTakenNotesAreRetracted) {
    ASSERT_TRUE(m.dispense({{"unit1", 4}}).outcome.ok());
    ASSERT_TRUE(m.present().outcome.ok());
    ev.log.clear();
    auto r = m.retract();
    ASSERT_TRUE(r.outcome.ok()) << r.outcome.description;
    EXPECT_EQ(r.unit, "unit4");
    EXPECT_EQ(r.retracted, 4);
    EXPECT_EQ(m.physical_count("unit4"), 4);
    EXPECT_EQ(reported(m, "unit4"), 4);
    EXPECT_EQ(m.unit("unit4")->counters.retracted, 4);
    EXPECT_EQ(m.ledger().count(where::customer), 0);
    EXPECT_EQ(ev.log, (std::vector<std::string>{"shutter:closed", "counts:unit4,"}));
    expect_conserved(m, initial);
}

TEST_F(Dispenser, PartlyTakenNotesRetractTheRest) {
    ASSERT_TRUE(m.dispense({{"unit2", 5}}).outcome.ok());
    ASSERT_TRUE(m.present().outcome.ok());
    EXPECT_EQ(m.customer_take(2), 2);
    EXPECT_EQ(m.shutter(), ShutterState::open) << "notes remain at the output";
    auto r = m.retract("reject");
    ASSERT_TRUE(r.outcome.ok());
    EXPECT_EQ(r.unit, "unit3");
    EXPECT_EQ(r.retracted, 3);
    EXPECT_EQ(m.ledger().count(where::customer), 2);
    EXPECT_EQ(m.retract().outcome.error_code, "noItems") << "the retract, not the customer, emptied the output";
    expect_conserved(m, initial);
}

TEST_F(Dispenser, RetractErrors) {
    EXPECT_EQ(m.retract().outcome.error_code, "noItems");
    ASSERT_TRUE(m.dispense({{"unit1", 1}}).outcome.ok());
    ASSERT_TRUE(m.present().outcome.ok());
    m.customer_take();
    EXPECT_EQ(m.retract().outcome.error_code, "itemsTaken");
    EXPECT_EQ(m.retract("retract", 2).outcome.error_code, "invalidRetractPosition");
    EXPECT_EQ(m.retract("escrow").outcome.error_code, "invalidRetractPosition");
}

TEST_F(Dispenser, RejectMovesTheStackerToTheRejectUnit) {
    EXPECT_EQ(m.reject().error_code, "noItems");
    ASSERT_TRUE(m.dispense({{"unit1", 3}}).outcome.ok());
    ASSERT_TRUE(m.reject().ok());
    EXPECT_EQ(m.physical_count("unit3"), 3);
    EXPECT_EQ(reported(m, "unit3"), 3);
    EXPECT_EQ(m.unit("unit3")->counters.rejected, 3);
    EXPECT_EQ(m.ledger().count(where::stacker), 0);
    EXPECT_EQ(m.present().outcome.error_code, "noItems");
    expect_conserved(m, initial);
}

TEST_F(Dispenser, DispenseRefusesWhileNotesAreLeftOrTheShutterIsOpen) {
    ASSERT_TRUE(m.dispense({{"unit1", 1}}).outcome.ok());
    EXPECT_EQ(m.dispense({{"unit1", 1}}).outcome.error_code, "itemsLeft");
    ASSERT_TRUE(m.reject().ok());
    ASSERT_TRUE(m.open_shutter().ok());
    EXPECT_EQ(m.dispense({{"unit1", 1}}).outcome.error_code, "shutterOpen");
    ASSERT_TRUE(m.close_shutter().ok());
    EXPECT_EQ(m.dispense({}).outcome.completion, Completion::invalidData);
    EXPECT_EQ(m.dispense({{"unit1", 41}}).outcome.error_code, "tooManyItems");
    EXPECT_EQ(ev.log.back(), "shutter:closed");
}

TEST_F(Dispenser, NotesBehindAClosedShutterCannotBeTaken) {
    ASSERT_TRUE(m.dispense({{"unit1", 2}}).outcome.ok());
    ASSERT_TRUE(m.present().outcome.ok());
    ASSERT_TRUE(m.close_shutter().ok());
    EXPECT_EQ(m.customer_take(), 0);
    EXPECT_EQ(m.ledger().count(where::output), 2);
}

TEST_F(Dispenser, ResetMovesLeftoversToTheRetractUnit) {
    ASSERT_TRUE(m.dispense({{"unit1", 2}, {"unit2", 2}}).outcome.ok());
    ASSERT_TRUE(m.present().outcome.ok());
    auto r = m.reset();
    ASSERT_TRUE(r.outcome.ok());
    EXPECT_EQ(r.unit, "unit4");
    EXPECT_EQ(r.retracted, 4);
    EXPECT_EQ(m.shutter(), ShutterState::closed);
    EXPECT_EQ(m.ledger().count(where::output), 0);
    auto nothing = m.reset();
    EXPECT_TRUE(nothing.outcome.ok());
    EXPECT_EQ(nothing.retracted, 0);
    expect_conserved(m, initial);
}

TEST_F(Dispenser, RetractUnitCapacityLimitsTheRetract) {
    ASSERT_TRUE(m.dispense({{"unit1", 12}}).outcome.ok());
    ASSERT_TRUE(m.present().outcome.ok());
    ev.log.clear();
    auto r = m.retract();
    EXPECT_EQ(r.outcome.error_code, "cashUnitError");
    EXPECT_EQ(r.retracted, 10);
    EXPECT_EQ(m.physical_count("unit4"), 10);
    EXPECT_EQ(m.ledger().count(where::output), 2);
    EXPECT_EQ(ev.log, (std::vector<std::string>{"shutter:closed", "counts:unit4,", "storageError:unit4:full",
                                                "incompleteRetract:unit4:10"}));
    expect_conserved(m, initial);
}

}  // namespace
}  // namespace atmbench::devices
