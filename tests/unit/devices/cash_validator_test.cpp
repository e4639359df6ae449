// The cash module with a CCNET bill validator as its acceptor (issue 14, hardware in the loop): the XFS4IoT
// cash-in commands drive the bench's CCNET driver over a DeviceLine to the simulated validator (in-process, or on
// a pty as a serial line); each note goes only as far as the validator took it, and the ledger says so.
#include "atmbench/common/yaml_source.hpp"
#include "atmbench/device_link/pty_device.hpp"
#include "atmbench/devices/device_fixture.hpp"
#include "devices/cash/ccnet_acceptor.hpp"
#include "devices/cash/cash_module.hpp"
#include "devices/device_line.hpp"
#include "line_record.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <algorithm>

namespace atmbench::devices {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

// unit1 the drop cassette (cash-in, capacity 5), unit2 retract: the kiosk's module.
CashModuleConfig kiosk() {
    CashModuleConfig c;
    c.serial_prefix = "KT";
    c.max_cash_in_items = 1;
    c.escrow_capacity = 1;
    c.retain_counterfeit = false;
    c.units = {{"unit1", UnitType::cashIn, "", 0, 0, 5}, {"unit2", UnitType::retract, "", 0, 0, 10}};
    return c;
}

CcnetAcceptorConfig simulated() {
    CcnetAcceptorConfig c;
    c.answer_timeout = 100ms;
    c.note_timeout = 1000ms;
    c.cassette_capacity = 5;
    return c;
}

FaultSpec fault(std::string name, std::string target = {}, std::int64_t count = 0) {
    FaultSpec f;
    f.name = std::move(name);
    f.target = std::move(target);
    f.count = count;
    return f;
}

using test::Recorded;

// A module with its validator, and the customer's hand.
struct Kiosk {
    explicit Kiosk(CcnetAcceptorConfig config = simulated(), DeviceLineListener listener = {})
        : validator(config, std::move(listener)), module(kiosk()) {
        module.set_validator(&validator);
    }
    // CashInStart, the input opened, one note of `value` CNY of `cls` at the slot, CashIn.
    CashInResult insert(std::int64_t value, NoteClass cls = NoteClass::fit) {
        EXPECT_TRUE(module.cash_in_start().ok());
        EXPECT_TRUE(module.ready_for_insert().ok());
        EXPECT_TRUE(module.customer_insert(module.make_notes("CNY", value * 100, cls, 1)));
        return module.cash_in();
    }
    json::object truth() const { return module.physical_truth().at("validator").as_object(); }

    CcnetAcceptor validator;
    CashModule module;
};

TEST(CashValidator, ANoteIsEscrowedThenStackedIntoTheDropCassette) {
    Recorded record;
    Kiosk k(simulated(), record.listener());
    CashInResult in = k.insert(100);
    ASSERT_TRUE(in.outcome.ok()) << in.outcome.description;
    ASSERT_EQ(in.accepted.size(), 1u);
    EXPECT_EQ(in.accepted[0].value, 10000);
    EXPECT_EQ(k.module.ledger().count(where::escrow), 1);
    EXPECT_EQ(k.truth().at("validator").at("noteAt"), "validator") << "the note waits in the validator's escrow";
    CashInEndResult end = k.module.cash_in_end();
    ASSERT_TRUE(end.outcome.ok()) << end.outcome.description;
    EXPECT_EQ(end.stored.at("unit1"), 1);
    EXPECT_EQ(k.module.physical_count("unit1"), 1);
    EXPECT_EQ(k.module.unit("unit1")->reported_count, 1);
    json::object v = k.truth().at("validator").as_object();
    EXPECT_EQ(v.at("cassette").at("100"), 1);
    EXPECT_EQ(v.at("cassetteNotes"), 1);
    EXPECT_TRUE(v.at("noteAt").is_null());
    // The whole CCNET exchange reached the record: RESET, the bill table, enable, POLLs, STACK, both ways.
    EXPECT_GT(record.views.size(), 10u);
    EXPECT_EQ(record.views.front().at("protocol"), "ccnet");
    EXPECT_EQ(record.injected(), 0u);
    // After the cash-in nothing is enabled: a note offered now is not drawn in.
    EXPECT_EQ(k.truth().at("state"), "BILL STACKED bill type 5");
}

TEST(CashValidator, ARollbackGivesTheEscrowedNoteBackAtTheSlot) {
    Kiosk k;
    ASSERT_TRUE(k.insert(50).outcome.ok());
    CashInEndResult back = k.module.cash_in_rollback();
    ASSERT_TRUE(back.outcome.ok()) << back.outcome.description;
    EXPECT_EQ(back.returned, 1);
    EXPECT_EQ(k.module.ledger().count(where::output), 1);
    EXPECT_EQ(k.module.physical_count("unit1"), 0);
    EXPECT_EQ(k.truth().at("validator").at("returned"), 1);
    EXPECT_EQ(k.module.customer_take(), 1);
}

TEST(CashValidator, ANoteTheValidatorRejectsIsRefusedAtTheSlot) {
    for (NoteClass cls : {NoteClass::counterfeit, NoteClass::unrecognised}) {
        Kiosk k;
        CashInResult in = k.insert(100, cls);
        ASSERT_TRUE(in.outcome.ok()) << in.outcome.description;
        EXPECT_TRUE(in.accepted.empty());
        ASSERT_EQ(in.refused.size(), 1u) << to_string(cls);
        EXPECT_EQ(k.module.ledger().count(where::output), 1);
        EXPECT_EQ(k.module.get_cash_in_status().refused, 1);
        EXPECT_EQ(k.truth().at("validator").at("rejected"), 1);
        EXPECT_EQ(k.module.ledger().count(where::escrow), 0);
    }
}

TEST(CashValidator, AStackerJamLeavesTheNoteJammedAndTheModuleInHardwareError) {
    Kiosk k;
    k.validator.inject_fault(fault("stackerJam"));
    ASSERT_TRUE(k.insert(100).outcome.ok()) << "the jam is on the way into the cassette, not into the escrow";
    CashInEndResult end = k.module.cash_in_end();
    EXPECT_EQ(end.outcome.completion, Completion::hardwareError);
    EXPECT_NE(end.outcome.description.find("DROP CASSETTE JAMMED"), std::string::npos) << end.outcome.description;
    EXPECT_TRUE(end.stored.empty());
    EXPECT_EQ(k.module.ledger().count(where::jammed), 1);
    EXPECT_EQ(k.module.physical_count("unit1"), 0);
    EXPECT_EQ(k.module.unit("unit1")->reported_count, 0) << "nothing counted that the validator did not stack";
    EXPECT_EQ(k.module.device_state(), DeviceState::hardwareError);
    EXPECT_FALSE(k.module.cash_in_active());
    EXPECT_EQ(k.truth().at("validator").at("noteAt"), "stacker");
}

TEST(CashValidator, AValidatorJamWhileDrawingInKeepsTheNoteUncounted) {
    Kiosk k;
    k.validator.inject_fault(fault("validatorJam"));
    CashInResult in = k.insert(20);
    EXPECT_EQ(in.outcome.completion, Completion::hardwareError);
    EXPECT_NE(in.outcome.description.find("VALIDATOR JAMMED"), std::string::npos) << in.outcome.description;
    EXPECT_TRUE(in.accepted.empty());
    EXPECT_EQ(k.module.ledger().count(where::jammed), 1);
    EXPECT_EQ(k.module.ledger().count(where::escrow), 0);
    EXPECT_EQ(k.module.device_state(), DeviceState::hardwareError);
    EXPECT_FALSE(k.module.cash_in_active());
    EXPECT_FALSE(k.module.cash_in_rollback().outcome.ok()) << "nothing to give back: the note is stuck inside";
}

TEST(CashValidator, ADropCassetteTakenOutIsSeenOnTheNextStatusAndStopsTheCashIn) {
    Kiosk k;
    k.module.check_validator();  // power-up: RESET, to rest
    EXPECT_EQ(k.module.unit("unit1")->status, UnitStatus::ok);
    k.validator.inject_fault(fault("dropCassetteRemoved"));
    k.module.check_validator();
    EXPECT_EQ(k.module.unit("unit1")->status, UnitStatus::missing);
    EXPECT_EQ(k.truth().at("cassette"), "missing");
    Outcome start = k.module.cash_in_start();
    EXPECT_EQ(start.error_code, "cashUnitError");
    EXPECT_NE(start.description.find("DROP CASSETTE OUT OF POSITION"), std::string::npos) << start.description;
    EXPECT_FALSE(k.module.cash_in_active());
    // The operator puts it back: the next look finds it, and a cash-in works again.
    k.validator.clear_faults();
    k.module.check_validator();
    EXPECT_EQ(k.module.unit("unit1")->status, UnitStatus::ok);
    ASSERT_TRUE(k.insert(10).outcome.ok());
    EXPECT_TRUE(k.module.cash_in_end().outcome.ok());
}

TEST(CashValidator, AFullDropCassetteIsReportedFull) {
    Kiosk k;
    k.module.check_validator();
    k.validator.inject_fault(fault("dropCassetteFull"));
    k.module.check_validator();
    EXPECT_TRUE(k.module.unit("unit1")->reported_full);
    EXPECT_EQ(k.module.cash_in_start().error_code, "cashUnitError");
}

TEST(CashValidator, ALostAnswerIsAskedForAgainAndMarkedInjected) {
    Recorded record;
    Kiosk k(simulated(), record.listener());
    k.validator.inject_fault(fault("lineFault", "lose", 2));
    CashInResult in = k.insert(100);
    ASSERT_TRUE(in.outcome.ok()) << in.outcome.description;
    ASSERT_TRUE(k.module.cash_in_end().outcome.ok());
    EXPECT_EQ(k.module.physical_count("unit1"), 1);
    EXPECT_EQ(record.injected(), 2u);
    EXPECT_GE(k.truth().at("retransmissions").as_int64(), 2);
}

TEST(CashValidator, AJamTheValidatorNeverHadIsReportedByTheBenchAndMarkedInjected) {
    // validatorReports: the answer to the next POLL after STACK is replaced by DROP CASSETTE JAMMED. The driver,
    // and so the XFS4IoT side, sees a jam; the record says the bench made it up; the validator stacked the note.
    Recorded record;
    Kiosk k(simulated(), record.listener());
    ASSERT_TRUE(k.insert(100).outcome.ok());
    k.validator.inject_fault(fault("validatorReports", "stacker-jam"));
    CashInEndResult end = k.module.cash_in_end();
    EXPECT_EQ(end.outcome.completion, Completion::hardwareError);
    EXPECT_NE(end.outcome.description.find("DROP CASSETTE JAMMED"), std::string::npos) << end.outcome.description;
    ASSERT_EQ(record.injected(), 1u);
    bool marked = false;
    for (const auto& v : record.views)
        if (const auto* i = v.if_contains("injected"))
            marked = i->as_string() == "replaced by the bench: DROP CASSETTE JAMMED";
    EXPECT_TRUE(marked);
    EXPECT_EQ(k.module.ledger().count(where::jammed), 1) << "the ledger follows what the driver was told";
    EXPECT_THROW(k.validator.inject_fault(fault("validatorReports")), std::invalid_argument);
    EXPECT_THROW(k.validator.inject_fault(fault("validatorReports", "smoke")), std::invalid_argument);
}

TEST(CashValidator, AValidatorThatNeverAnswersEndsTheCommandWithinItsBound) {
    Kiosk k;
    k.validator.inject_fault(fault("lineFault", "lose", 1000));
    auto t0 = std::chrono::steady_clock::now();
    Outcome start = k.module.cash_in_start();
    auto took = std::chrono::steady_clock::now() - t0;
    EXPECT_EQ(start.completion, Completion::hardwareError);
    EXPECT_NE(start.description.find("RESET"), std::string::npos) << start.description;
    EXPECT_LT(took, 2s) << "3 frames × 100 ms answer timeout, not the note timeout";
    EXPECT_FALSE(k.module.cash_in_active());
}

TEST(CashValidator, EveryValidatorFaultIsInTheCashFaultTable) {
    const auto& table = CashModule::fault_names();
    for (const std::string& name : CcnetAcceptor::fault_names())
        EXPECT_NE(std::find(table.begin(), table.end(), name), table.end()) << name;
}

TEST(CashValidator, ARealValidatorsPhysicalFaultsAreRefused) {
    ccnet::Validator device;
    device_link::PtyDevice pty(device);
    CcnetAcceptorConfig c = simulated();
    c.line.transport = "serial";
    c.line.path = pty.path();
    CcnetAcceptor validator(c, {});
    EXPECT_THROW(validator.inject_fault(fault("stackerJam")), std::invalid_argument);
    EXPECT_NO_THROW(validator.inject_fault(fault("lineFault", "delay:10")));
    EXPECT_NO_THROW(validator.inject_fault(fault("validatorReports", "stacker-jam"))) << "a report, not the hardware";
}

// The module with a validator on a pty as a serial line: what a driver of a USB-serial validator meets. The note
// comes from a hand at the slot, not from the bench: it is put in once the validator accepts, as an operator would.
struct OnAPty {
    OnAPty() : pty(device), module(kiosk()), validator(config(pty), {}) { module.set_validator(&validator); }
    static CcnetAcceptorConfig config(const device_link::PtyDevice& pty) {
        CcnetAcceptorConfig c = simulated();
        c.line.transport = "serial";
        c.line.path = pty.path();
        c.poll_interval = 10ms;
        return c;
    }
    // CashInStart, the input opened, the bench's note of `expected` CNY in the ledger, the hand's `inserted` note in
    // the validator, CashIn.
    CashInResult insert(std::int64_t expected, std::string_view inserted) {
        EXPECT_TRUE(module.cash_in_start().ok());
        EXPECT_TRUE(module.ready_for_insert().ok());
        EXPECT_TRUE(module.customer_insert(module.make_notes("CNY", expected * 100, NoteClass::fit, 1)));
        device.insert_note(inserted);
        return module.cash_in();
    }

    ccnet::Validator device;
    device_link::PtyDevice pty;
    CashModule module;
    CcnetAcceptor validator;
};

TEST(CashValidator, ADepositOverASerialLineToTheValidatorOnAPty) {
    OnAPty k;
    CashInResult in = k.insert(50, "50");
    ASSERT_TRUE(in.outcome.ok()) << in.outcome.description;
    ASSERT_TRUE(k.module.cash_in_end().outcome.ok());
    EXPECT_EQ(k.device.truth().cassette.at(50), 1);
    EXPECT_EQ(k.module.physical_count("unit1"), 1);
}

TEST(CashValidator, ANoteTheValidatorReadsDifferentlyIsHandedBack) {
    // On a real line the operator may insert another note than the scenario's: the validator's reading wins and
    // the note goes back, rather than a 100 being counted as the 50 the bench expected.
    OnAPty k;
    CashInResult in = k.insert(50, "100");
    ASSERT_TRUE(in.outcome.ok()) << in.outcome.description;
    EXPECT_TRUE(in.accepted.empty());
    EXPECT_EQ(in.refused.size(), 1u);
    EXPECT_EQ(k.device.truth().returned, 1);
}

TEST(CashValidator, TheKioskFixtureLoadsAndItsRulesAreChecked) {
    auto f = load_device_fixture(std::string(ATMBENCH_FIXTURES_DIR "/devices/kiosk.yaml"));
    const auto* cash = f.config<CashModuleConfig>("cash");
    ASSERT_NE(cash, nullptr);
    ASSERT_NE(cash->validator, nullptr);
    EXPECT_EQ(cash->escrow_capacity, 1);
    EXPECT_EQ(cash->max_cash_in_items, 1);
    EXPECT_EQ(cash->validator->cassette_capacity, 1000u);
    EXPECT_EQ(cash->validator->line.transport, "simulated");
}

std::string fixture_error(const std::string& cash_config) {
    try {
        parse_device_fixture("name: kiosk\ndevices:\n  - type: cash\n    config:\n" + cash_config, "set.yaml");
    } catch (const common::FixtureError& e) {
        return e.what();
    }
    return "<no error>";
}

TEST(CashValidator, AModuleTheValidatorCannotBeIsRefusedWithFileLineAndKey) {
    const std::string drop = "      units:\n        - {id: unit1, type: cashIn, capacity: 10}\n";
    EXPECT_EQ(fixture_error(drop + "      validator: {protocol: ccnet}\n"), "<no error>");
    EXPECT_NE(fixture_error("      units:\n        - {id: unit1, type: recycling, value: 100, capacity: 10}\n"
                            "        - {id: unit2, type: cashIn, capacity: 10}\n      validator: {}\n")
                  .find("unit1 is recycling"),
              std::string::npos);
    EXPECT_NE(fixture_error("      units:\n        - {id: unit1, type: retract, capacity: 10}\n      validator: {}\n")
                  .find("exactly one cash-in unit"),
              std::string::npos);
    std::string escrow = fixture_error("      escrow_capacity: 5\n" + drop + "      validator: {}\n");
    EXPECT_NE(escrow.find("set.yaml:5"), std::string::npos) << escrow;
    EXPECT_NE(escrow.find("escrow holds one note"), std::string::npos) << escrow;
    EXPECT_NE(fixture_error(drop + "      validator: {protocol: id003}\n").find("expected ccnet"), std::string::npos);
    EXPECT_NE(fixture_error(drop + "      validator: {bill_table: \"USD:1,5\"}\n").find("module's currency first"),
              std::string::npos);
    EXPECT_NE(fixture_error(drop + "      validator: {line: {transport: usb}}\n").find("match"), std::string::npos);
    EXPECT_NE(fixture_error(drop + "      validator: {speed: 3}\n").find("speed"), std::string::npos);
}

}  // namespace
}  // namespace atmbench::devices
