// Every cash module fault: what physically happens, what the device reports, the error code and the events.
#include "device_test_support.hpp"

namespace atmbench::devices {
namespace {

using test::CashEvents;
using test::expect_conserved;
using test::reported;

struct CashFaults : test::CashModuleTest {};

TEST_F(CashFaults, JamAfterNNotesLeavesThemInTheStacker) {
    m.inject_fault({.name = "jam", .count = 3});
    auto d = m.dispense({{"unit1", 5}});
    EXPECT_EQ(d.outcome.error_code, "cashUnitError");
    EXPECT_EQ(d.mix, (Mix{{"unit1", 3}}));
    EXPECT_EQ(d.serials.size(), 3u);
    EXPECT_EQ(m.ledger().count(where::stacker), 3);
    EXPECT_EQ(m.physical_count("unit1"), 47);
    EXPECT_EQ(reported(m, "unit1"), 47);
    EXPECT_EQ(m.unit("unit1")->status, UnitStatus::inoperative);
    EXPECT_EQ(ev.log, (std::vector<std::string>{"storageError:unit1:error", "counts:unit1,",
                                                "incompleteDispense:unit1=3;"}));
    // The jammed unit cannot be used until reset; reset retracts the stacker.
    EXPECT_EQ(m.denominate(10000, "CNY", {{"unit1", 1}}).outcome.error_code, "cashUnitError");
    auto r = m.reset();
    EXPECT_TRUE(r.outcome.ok());
    EXPECT_EQ(r.retracted, 3);
    EXPECT_EQ(m.unit("unit1")->status, UnitStatus::ok);
    expect_conserved(m, initial);
}

TEST_F(CashFaults, JamAtTheNthDispenseOnly) {
    m.inject_fault({.name = "jam", .occurrence = 2, .count = 0});
    ASSERT_TRUE(m.dispense({{"unit2", 1}}).outcome.ok());
    ASSERT_TRUE(m.reject().ok());
    auto d = m.dispense({{"unit2", 2}});
    EXPECT_EQ(d.outcome.error_code, "cashUnitError");
    EXPECT_TRUE(d.mix.empty());
    EXPECT_EQ(ev.log.back(), "incompleteDispense:");
    expect_conserved(m, initial);
}

TEST_F(CashFaults, CassetteEmptyStopsPickingAndIsReported) {
    m.inject_fault({.name = "cassetteEmpty", .target = "unit2"});
    auto d = m.dispense({{"unit1", 1}, {"unit2", 2}});
    EXPECT_EQ(d.outcome.error_code, "cashUnitError");
    EXPECT_EQ(d.mix, (Mix{{"unit1", 1}}));
    EXPECT_TRUE(m.unit("unit2")->reported_empty);
    EXPECT_EQ(replenishment_status(*m.unit("unit2")), "empty");
    EXPECT_EQ(m.physical_count("unit2"), 50) << "the notes are physically still there";
    EXPECT_EQ(ev.log.front(), "storageError:unit2:empty");
    // The device now only offers the 100s.
    ASSERT_TRUE(m.reject().ok());
    EXPECT_EQ(m.denominate(5000, "CNY").outcome.error_code, "notDispensable");
    EXPECT_EQ(m.denominate(20000, "CNY").mix, (Mix{{"unit1", 2}}));
    expect_conserved(m, initial);
}

TEST_F(CashFaults, PhysicallyEmptyUnitEndsTheDispense) {
    ASSERT_TRUE(m.set_storage("unit2", 60).ok());  // the device believes there are 60; there are 50
    auto d = m.dispense({{"unit2", 40}});
    ASSERT_TRUE(d.outcome.ok());
    ASSERT_TRUE(m.present().outcome.ok());
    ASSERT_EQ(m.customer_take(), 40);
    d = m.dispense({{"unit2", 15}});
    EXPECT_EQ(d.outcome.error_code, "cashUnitError");
    EXPECT_EQ(d.mix, (Mix{{"unit2", 10}}));
    EXPECT_EQ(m.physical_count("unit2"), 0);
    EXPECT_EQ(reported(m, "unit2"), 10);
    expect_conserved(m, initial);
}

TEST_F(CashFaults, MissingCassetteIsNotUsed) {
    m.inject_fault({.name = "cassetteMissing", .target = "unit1"});
    EXPECT_EQ(m.unit("unit1")->status, UnitStatus::missing);
    EXPECT_TRUE(ev.log.empty()) << "missing at start raises no event";
    EXPECT_EQ(m.denominate(20000, "CNY").mix, (Mix{{"unit2", 4}}));
    auto d = m.dispense({{"unit1", 1}});
    EXPECT_EQ(d.outcome.error_code, "cashUnitError");
    EXPECT_EQ(ev.log, (std::vector<std::string>{"storageError:unit1:error"}));
    m.inject_fault({.name = "cassetteMissing", .target = "unit2"});
    EXPECT_EQ(m.denominate(5000, "CNY").outcome.error_code, "cashUnitError");
    EXPECT_THROW(m.inject_fault({.name = "cassetteMissing"}), std::invalid_argument);
}

TEST_F(CashFaults, CassetteRemovedAndInsertedAtRunTime) {
    m.inject_fault({.name = "cassetteRemoved", .target = "unit2"});
    EXPECT_EQ(m.unit("unit2")->status, UnitStatus::missing);
    EXPECT_EQ(m.physical_count("unit2"), 50) << "the notes left with the cassette, still counted in truth";
    m.inject_fault({.name = "cassetteInserted", .target = "unit2"});
    EXPECT_EQ(m.unit("unit2")->status, UnitStatus::ok);
    EXPECT_EQ(ev.log, (std::vector<std::string>{"storageChanged:unit2", "storageChanged:unit2"}));
}

TEST_F(CashFaults, MismatchedCassetteDispensesItsRealNotes) {
    // 7.3.2 e: unit2 holds 50s but now reports 100s; a terminal that trusts it pays out the wrong amount.
    m.inject_fault({.name = "cassetteMismatch", .target = "unit2", .currency = "CNY", .value = 10000});
    const CashUnit* u = m.unit("unit2");
    EXPECT_EQ(u->value, 5000);
    EXPECT_EQ(u->reported_value, 10000);
    auto d = m.denominate(0, "CNY", {{"unit2", 2}});
    EXPECT_EQ(d.amount, 20000);
    auto r = m.dispense(d.mix);
    ASSERT_TRUE(r.outcome.ok());
    EXPECT_EQ(r.amount, 20000) << "what the device reports";
    EXPECT_EQ(m.ledger().amount(where::stacker), 10000) << "what physically moved";
    m.inject_fault({.name = "cassetteMismatch", .target = "unit1", .currency = "USD"});
    EXPECT_EQ(m.unit("unit1")->reported_currency, "USD");
    EXPECT_EQ(m.unit("unit1")->currency, "CNY");
}

TEST_F(CashFaults, ShutterFailsToOpenOnPresent) {
    m.inject_fault({.name = "shutterOpenFail", .at = "present"});
    ASSERT_TRUE(m.dispense({{"unit1", 2}}).outcome.ok());
    ev.log.clear();
    auto p = m.present();
    EXPECT_EQ(p.outcome.error_code, "shutterNotOpen");
    EXPECT_EQ(p.presented, 0);
    EXPECT_EQ(m.shutter(), ShutterState::jammed);
    EXPECT_EQ(m.ledger().count(where::stacker), 2) << "the notes never reached the customer";
    EXPECT_EQ(m.customer_take(), 0);
    EXPECT_EQ(ev.log, (std::vector<std::string>{"shutter:jammed"}));
    EXPECT_EQ(m.open_shutter().error_code, "shutterNotOpen") << "a jammed shutter stays jammed";
    EXPECT_TRUE(m.reset().outcome.ok());
    EXPECT_EQ(m.shutter(), ShutterState::closed);
    expect_conserved(m, initial);
}

TEST_F(CashFaults, ShutterFailsToClose) {
    m.inject_fault({.name = "shutterCloseFail", .at = "closeShutter"});
    ASSERT_TRUE(m.open_shutter().ok());
    EXPECT_EQ(m.close_shutter().error_code, "shutterNotClosed");
    EXPECT_EQ(m.shutter(), ShutterState::jammed);
    EXPECT_EQ(ev.log, (std::vector<std::string>{"shutter:open", "shutter:jammed"}));
}

TEST_F(CashFaults, ShutterFailsToCloseOnRetract) {
    m.inject_fault({.name = "shutterCloseFail", .at = "retract"});
    ASSERT_TRUE(m.dispense({{"unit1", 2}}).outcome.ok());
    ASSERT_TRUE(m.present().outcome.ok());
    EXPECT_EQ(m.retract().outcome.error_code, "shutterNotClosed");
    EXPECT_EQ(m.ledger().count(where::output), 2) << "nothing retracted";
}

TEST_F(CashFaults, PartialPresentLeavesNotesPossiblyAccessible) {
    m.inject_fault({.name = "presentFail", .count = 2});
    ASSERT_TRUE(m.dispense({{"unit1", 5}}).outcome.ok());
    ev.log.clear();
    auto p = m.present();
    EXPECT_EQ(p.outcome.error_code, "presentErrorItems");
    EXPECT_EQ(p.presented, 2);
    EXPECT_EQ(m.ledger().count(where::output), 2);
    EXPECT_EQ(m.ledger().count(where::stacker), 3);
    EXPECT_EQ(m.get_present_status().state, PresentState::unknown);
    EXPECT_EQ(ev.log, (std::vector<std::string>{"shutter:open", "presented:2"}));
    EXPECT_EQ(m.customer_take(), 2) << "the customer can reach them";
    auto r = m.retract();
    EXPECT_EQ(r.retracted, 3);
    expect_conserved(m, initial);
}

TEST_F(CashFaults, PresentFailsWithNothingOut) {
    m.inject_fault({.name = "presentFail", .count = 0});
    ASSERT_TRUE(m.dispense({{"unit1", 1}}).outcome.ok());
    EXPECT_EQ(m.present().outcome.error_code, "presentErrorUnknown");
    EXPECT_EQ(m.ledger().count(where::stacker), 1);
}

TEST_F(CashFaults, NotesLeftInTheTransportAtStart) {
    m.inject_fault({.name = "notesInTransport", .target = "output", .count = 3});
    EXPECT_EQ(m.ledger().count(where::output), 3);
    EXPECT_EQ(m.physical_count("unit1"), 47);
    EXPECT_EQ(reported(m, "unit1"), 47);
    EXPECT_EQ(m.dispense({{"unit1", 1}}).outcome.error_code, "itemsLeft");
    auto r = m.retract();  // 7.3.6.3 b: the terminal retracts them
    ASSERT_TRUE(r.outcome.ok());
    EXPECT_EQ(r.retracted, 3);
    m.inject_fault({.name = "notesInTransport", .count = 2});
    EXPECT_EQ(m.ledger().count(where::stacker), 2);
    EXPECT_THROW(m.inject_fault({.name = "notesInTransport", .target = "escrow", .count = 1}), std::invalid_argument);
    expect_conserved(m, initial);
}

TEST_F(CashFaults, StorageFullOnRetract) {
    m.inject_fault({.name = "storageFull", .at = "retract", .target = "unit4"});
    ASSERT_TRUE(m.dispense({{"unit1", 2}}).outcome.ok());
    ASSERT_TRUE(m.present().outcome.ok());
    ev.log.clear();
    auto r = m.retract();
    EXPECT_EQ(r.outcome.error_code, "cashUnitError");
    EXPECT_EQ(r.retracted, 0);
    EXPECT_EQ(replenishment_status(*m.unit("unit4")), "full");
    EXPECT_EQ(ev.log, (std::vector<std::string>{"shutter:closed", "storageError:unit4:full",
                                                "incompleteRetract:unit4:0"}));
    EXPECT_TRUE(m.retract("reject").outcome.ok()) << "the reject unit still takes them";
    expect_conserved(m, initial);
}

TEST_F(CashFaults, CountsThatContradictTheMovement) {
    m.inject_fault({.name = "countMismatch", .at = "dispense", .target = "unit1", .count = 1});
    auto d = m.dispense({{"unit1", 3}});
    ASSERT_TRUE(d.outcome.ok());
    EXPECT_EQ(d.mix, (Mix{{"unit1", 4}})) << "the device claims 4";
    EXPECT_EQ(d.serials.size(), 3u);
    EXPECT_EQ(m.ledger().count(where::stacker), 3) << "3 moved";
    EXPECT_EQ(reported(m, "unit1"), 46);
    EXPECT_EQ(m.physical_count("unit1"), 47);
    auto truth = m.physical_truth();
    EXPECT_EQ(truth.at("units").at("unit1").at("count").as_int64(), 47);
    EXPECT_EQ(truth.at("units").at("unit1").at("reportedCount").as_int64(), 46);
    m.inject_fault({.name = "countMismatch", .at = "retract", .count = -2});
    ASSERT_TRUE(m.present().outcome.ok());
    auto r = m.retract();
    EXPECT_EQ(r.retracted, 3);
    EXPECT_EQ(reported(m, "unit4"), 1);
    EXPECT_EQ(m.physical_count("unit4"), 3);
    expect_conserved(m, initial);
}

TEST_F(CashFaults, HardwareErrorAtTheNthCommandUntilReset) {
    m.inject_fault({.name = "hardwareError", .at = "present"});
    ASSERT_TRUE(m.dispense({{"unit1", 1}}).outcome.ok());
    auto p = m.present();
    EXPECT_EQ(p.outcome.completion, Completion::hardwareError);
    EXPECT_EQ(m.device_state(), DeviceState::hardwareError);
    EXPECT_EQ(m.denominate(10000, "CNY").outcome.completion, Completion::hardwareError);
    auto r = m.reset();
    EXPECT_TRUE(r.outcome.ok());
    EXPECT_EQ(r.retracted, 1);
    EXPECT_EQ(m.device_state(), DeviceState::online);
    EXPECT_EQ(ev.log.front(), "counts:unit1,");
    EXPECT_EQ(ev.log[1], "status:hardwareError");
    EXPECT_EQ(ev.log[2], "status:online");
}

TEST_F(CashFaults, OfflineUntilCleared) {
    m.inject_fault({.name = "offline"});
    EXPECT_EQ(m.denominate(10000, "CNY").outcome.completion, Completion::deviceNotReady);
    EXPECT_EQ(m.reset().outcome.completion, Completion::deviceNotReady);
    EXPECT_EQ(m.clear_fault("offline"), 1);
    EXPECT_TRUE(m.denominate(10000, "CNY").outcome.ok());
    EXPECT_EQ(ev.log, (std::vector<std::string>{"status:offline", "status:online"}));
}

TEST_F(CashFaults, PersistentFaultFiresEveryTime) {
    m.inject_fault({.name = "shutterOpenFail", .at = "openShutter", .persistent = true});
    EXPECT_EQ(m.open_shutter().error_code, "shutterNotOpen");
    EXPECT_TRUE(m.reset().outcome.ok());
    EXPECT_EQ(m.open_shutter().error_code, "shutterNotOpen");
    EXPECT_EQ(m.clear_fault("shutterOpenFail"), 1);
    EXPECT_TRUE(m.reset().outcome.ok());
    EXPECT_TRUE(m.open_shutter().ok());
}

TEST_F(CashFaults, StateFaultsCanWaitForACommand) {
    m.inject_fault({.name = "cassetteRemoved", .at = "dispense", .occurrence = 2, .target = "unit1"});
    EXPECT_EQ(m.unit("unit1")->status, UnitStatus::ok) << "not yet";
    ASSERT_TRUE(m.dispense({{"unit1", 1}}).outcome.ok());
    ASSERT_TRUE(m.reject().ok());
    ev.log.clear();
    auto d = m.dispense({{"unit1", 1}});
    EXPECT_EQ(d.outcome.error_code, "cashUnitError");
    EXPECT_EQ(ev.log, (std::vector<std::string>{"storageChanged:unit1", "storageError:unit1:error"}));
    m.inject_fault({.name = "offline", .at = "present"});
    ASSERT_TRUE(m.dispense({{"unit2", 1}}).outcome.ok());
    EXPECT_EQ(m.present().outcome.completion, Completion::deviceNotReady);
    EXPECT_EQ(m.ledger().count(where::stacker), 1);
    EXPECT_THROW(m.inject_fault({.name = "notesInTransport", .at = "present", .target = "escrow"}),
                 std::invalid_argument);
}

TEST_F(CashFaults, HangFiresAtItsCommandOnlyAndMovesNothing) {
    // docs/references.md [XFS4IoT] §2: a command that never completes until cancelled; the model only says when.
    m.inject_fault({.name = "hang", .at = "dispense", .occurrence = 2});
    EXPECT_FALSE(m.hangs("present"));
    EXPECT_FALSE(m.hangs("dispense")) << "the first dispense runs";
    EXPECT_TRUE(m.hangs("dispense"));
    EXPECT_FALSE(m.hangs("dispense")) << "one-shot";
    m.inject_fault({.name = "hang", .persistent = true});
    EXPECT_TRUE(m.hangs("retract"));
    EXPECT_TRUE(m.hangs("cashInEnd"));
    EXPECT_EQ(m.clear_fault("hang"), 1);
    EXPECT_FALSE(m.hangs("retract"));
    expect_conserved(m, initial);
}

TEST_F(CashFaults, TruthShowsTheDeviceStateAndWhatAUnitClaimsBesideWhatItHolds) {
    m.inject_fault({.name = "cassetteMismatch", .target = "unit2", .currency = "USD", .value = 2000});
    m.inject_fault({.name = "offline"});
    auto t = m.physical_truth();
    EXPECT_EQ(t.at("device"), "offline");
    const auto& u = t.at("units").at("unit2");
    EXPECT_EQ(u.at("currency"), "CNY");
    EXPECT_EQ(u.at("value"), 5000);
    EXPECT_EQ(u.at("reportedCurrency"), "USD");
    EXPECT_EQ(u.at("reportedValue"), 2000);
    m.clear_fault("offline");
    EXPECT_EQ(m.physical_truth().at("device"), "online");
}

TEST_F(CashFaults, UnknownFaultNamesAreRefused) {
    try {
        m.inject_fault({.name = "cardJam"});
        FAIL() << "expected an error";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("expected one of: jam,"), std::string::npos) << e.what();
    }
    EXPECT_THROW(m.inject_fault({.name = "jam", .target = "unit9"}), std::invalid_argument);
    EXPECT_EQ(CashModule::fault_names().size(), 25u);  // with cashInFail and the CCNET validator's eight
}

}  // namespace
}  // namespace atmbench::devices
