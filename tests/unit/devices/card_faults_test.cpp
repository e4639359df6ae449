// Every card reader fault: where the card physically ends, the error code, the events.
#include "device_test_support.hpp"

namespace atmbench::devices {
namespace {

using test::CardEvents;
using test::expect_cards_once;

struct CardFaults : ::testing::Test {
    CardReader r{CardReaderConfig{{{"unit1", 5, 0}}}, {test::mag_card("zhang", "6222020000000000018")}};
    CardEvents ev;
    Card chip = test::chip_card("zhang-chip");
    void SetUp() override { r.set_listener(&ev); }
    void card_in(const Card& c) {
        r.accept_card();
        ASSERT_TRUE(r.insert(c));
    }
};

TEST_F(CardFaults, JamWhileReading) {
    r.inject_fault({.name = "cardJam", .at = "read"});
    card_in(chip);
    auto rd = r.read_raw_data({.track2 = true});
    EXPECT_EQ(rd.outcome.error_code, "mediaJam");
    EXPECT_EQ(r.where_is("zhang-chip"), "jammed");
    EXPECT_EQ(r.media_status(), "jammed");
    EXPECT_EQ(r.move("transport", "exit").error_code, "mediaJam");
    EXPECT_EQ(r.accept_card().outcome.error_code, "mediaJam");
    EXPECT_FALSE(r.take());
    EXPECT_FALSE(r.pull()) << "a jammed card cannot be pulled out";
    ASSERT_TRUE(r.reset("retain").ok()) << "a reset frees the card and retains it";
    EXPECT_EQ(r.where_is("zhang-chip"), "unit1");
    EXPECT_EQ(ev.log, (std::vector<std::string>{"insertCard", "mediaInserted", "mediaDetected:jammed",
                                                "mediaDetected:unit1"}));
    expect_cards_once(r, {"zhang-chip"});
}

TEST_F(CardFaults, JamOnInsertEjectAndRetain) {
    r.inject_fault({.name = "cardJam", .at = "insert"});
    card_in(chip);
    EXPECT_EQ(r.where_is("zhang-chip"), "jammed");
    EXPECT_EQ(ev.log, (std::vector<std::string>{"insertCard", "mediaDetected:jammed"}));
    EXPECT_EQ(r.read_raw_data({.track2 = true}).outcome.error_code, "mediaJam");
    ASSERT_TRUE(r.reset("exit").ok());
    ASSERT_TRUE(r.take());

    r.inject_fault({.name = "cardJam", .at = "eject"});
    card_in(chip);
    EXPECT_EQ(r.move("transport", "exit").error_code, "mediaJam");
    EXPECT_EQ(r.where_is("zhang-chip"), "jammed");
    ASSERT_TRUE(r.reset("exit").ok());
    ASSERT_TRUE(r.take());

    r.inject_fault({.name = "cardJam", .at = "retain"});
    card_in(chip);
    EXPECT_EQ(r.move("transport", "unit1").error_code, "mediaJam");
    EXPECT_EQ(r.get_storage()[0].reported_count, 0);
    expect_cards_once(r, {"zhang-chip"});
}

TEST_F(CardFaults, PersistentJamSurvivesReset) {
    r.inject_fault({.name = "cardJam", .at = "reset", .persistent = true});
    r.inject_fault({.name = "cardJam", .at = "read"});
    card_in(chip);
    EXPECT_EQ(r.read_raw_data({.track2 = true}).outcome.error_code, "mediaJam");
    EXPECT_EQ(r.reset().error_code, "mediaJam");
    EXPECT_EQ(r.reset().error_code, "mediaJam");
    EXPECT_EQ(r.clear_fault("cardJam"), 1);
    EXPECT_TRUE(r.reset().ok());
    EXPECT_EQ(r.where_is("zhang-chip"), "unit1");
}

TEST_F(CardFaults, ReadFailure) {
    r.inject_fault({.name = "readFailure"});
    card_in(chip);
    auto rd = r.read_raw_data({.track1 = true, .track2 = true, .chip = true});
    EXPECT_EQ(rd.outcome.error_code, "invalidMedia");
    EXPECT_EQ(rd.track2->status, "dataInvalid");
    EXPECT_EQ(rd.chip->status, "dataInvalid");
    EXPECT_EQ(ev.log.back(), "invalidMedia");
    EXPECT_TRUE(r.read_raw_data({.track2 = true}).outcome.ok()) << "one-shot";
    EXPECT_EQ(r.where_is("zhang-chip"), "transport");
}

TEST_F(CardFaults, RetainUnitFull) {
    r.inject_fault({.name = "retainFull"});
    card_in(chip);
    EXPECT_EQ(r.move("transport", "unit1").error_code, "full");
    EXPECT_EQ(r.reset("retain").error_code, "retainBinFull");
    EXPECT_EQ(r.cards_at("unit1"), 0) << "physically empty, reported full";
    EXPECT_TRUE(r.get_storage()[0].reported_full);
    EXPECT_EQ(r.clear_fault("retainFull"), 1);
    EXPECT_TRUE(r.move("transport", "unit1").ok());
    EXPECT_THROW(r.inject_fault({.name = "retainFull", .target = "unit9"}), std::invalid_argument);
}

TEST_F(CardFaults, CardLeftInTheReaderAtStart) {
    r.inject_fault({.name = "cardLeftInReader", .target = "zhang"});
    EXPECT_EQ(r.where_is("zhang"), "transport");
    EXPECT_EQ(r.media_status(), "present");
    EXPECT_TRUE(ev.log.empty());
    auto a = r.accept_card();
    EXPECT_TRUE(a.card_present);
    ASSERT_TRUE(r.move("transport", "unit1").ok());  // 7.3.2 f: captured
    r.inject_fault({.name = "cardLeftInReader"});
    EXPECT_EQ(r.where_is("residual-card"), "transport");
    EXPECT_THROW(r.inject_fault({.name = "cardLeftInReader"}), std::invalid_argument) << "already holds a card";
    EXPECT_EQ(r.read_raw_data({.track2 = true}).outcome.error_code, "invalidMedia");
    ASSERT_TRUE(r.move("transport", "unit1").ok());
    r.inject_fault({.name = "cardLeftInReader"});
    EXPECT_EQ(r.where_is("residual-card-2"), "transport") << "another residual card, another id";
    expect_cards_once(r, {"zhang", "residual-card", "residual-card-2"});
}

TEST_F(CardFaults, GateAbnormalHoldsAnInsertedCard) {
    r.inject_fault({.name = "gateAbnormal"});
    EXPECT_EQ(r.gate_status(), "abnormal");
    EXPECT_TRUE(r.insert(chip)) << "pushed in while the gate is abnormal";
    EXPECT_EQ(r.where_is("zhang-chip"), "transport");
    EXPECT_EQ(ev.log, (std::vector<std::string>{"mediaDetected:transport"}));
    EXPECT_FALSE(r.take()) << "held, not at the exit";
    EXPECT_EQ(r.physical_truth().at("gate").as_string(), "abnormal");
    EXPECT_EQ(r.clear_fault("gateAbnormal"), 1);
    EXPECT_EQ(r.gate_status(), "normal");
    EXPECT_EQ(r.clear_fault("gateAbnormal"), 0);
}

TEST_F(CardFaults, CardPulledDuringAChipWrite) {
    r.inject_fault({.name = "cardPulled"});
    card_in(chip);
    EXPECT_TRUE(r.chip_io("00A404000E315041592E5359532E444446303100").outcome.ok()) << "reads are not writes";
    auto w = r.chip_io("00DC010C0470025A00");
    EXPECT_EQ(w.outcome.error_code, "noMedia");
    EXPECT_EQ(r.where_is("zhang-chip"), "customer");
    ASSERT_EQ(r.chip_log().size(), 2u);
    EXPECT_EQ(r.chip_log().back().status, 'U');
    EXPECT_EQ(ev.log.back(), "mediaRemoved");
    expect_cards_once(r, {"zhang-chip"});
}

TEST_F(CardFaults, CustomerPullsTheCardDuringAnOperation) {
    card_in(chip);
    EXPECT_TRUE(r.pull());
    EXPECT_EQ(r.where_is("zhang-chip"), "customer");
    EXPECT_EQ(r.read_raw_data({.track2 = true}).outcome.error_code, "noMedia");
    EXPECT_EQ(ev.log.back(), "mediaRemoved");
    EXPECT_FALSE(r.pull());
}

TEST_F(CardFaults, HardwareErrorAndOffline) {
    r.inject_fault({.name = "hardwareError", .at = "move"});
    card_in(chip);
    EXPECT_EQ(r.move("transport", "exit").completion, Completion::hardwareError);
    EXPECT_EQ(r.device_state(), DeviceState::hardwareError);
    EXPECT_EQ(r.read_raw_data({.track2 = true}).outcome.completion, Completion::hardwareError);
    EXPECT_TRUE(r.reset("exit").ok());
    EXPECT_EQ(r.device_state(), DeviceState::online);
    r.inject_fault({.name = "offline"});
    EXPECT_EQ(r.accept_card().outcome.completion, Completion::deviceNotReady);
    EXPECT_EQ(r.clear_fault("offline"), 1);
    EXPECT_TRUE(r.take());
    EXPECT_EQ(ev.log, (std::vector<std::string>{"insertCard", "mediaInserted", "status:hardwareError", "status:online",
                                                "mediaDetected:exit", "status:offline", "status:online",
                                                "mediaRemoved"}));
}

TEST_F(CardFaults, StateFaultsCanWaitForACommand) {
    r.inject_fault({.name = "gateAbnormal", .at = "readRawData"});
    EXPECT_EQ(r.gate_status(), "normal");
    card_in(chip);  // accept_card is the first step of ReadRawData
    EXPECT_EQ(r.gate_status(), "abnormal");
    r.inject_fault({.name = "retainFull", .at = "move", .occurrence = 2});
    ASSERT_TRUE(r.move("transport", "exit").ok());
    EXPECT_EQ(r.move("exit", "unit1").error_code, "full");
    r.inject_fault({.name = "cardLeftInReader", .at = "reset", .target = "zhang"});
    ASSERT_TRUE(r.take());
    ASSERT_TRUE(r.reset("currentPosition").ok());
    EXPECT_EQ(r.where_is("zhang"), "transport");
}

TEST_F(CardFaults, HangFiresAtItsCommandOnly) {
    r.inject_fault({.name = "hang", .at = "chipIO", .persistent = true});
    EXPECT_FALSE(r.hangs("readRawData"));
    EXPECT_TRUE(r.hangs("chipIO"));
    EXPECT_TRUE(r.hangs("chipIO")) << "persistent";
    EXPECT_EQ(r.clear_fault("hang"), 1);
    EXPECT_FALSE(r.hangs("chipIO"));
}

TEST_F(CardFaults, TruthHoldsTheDeviceStateAndTheChipLog) {
    // Seed 003: the write status of every APDU (S, F, U) is part of what physically happened to the card.
    r.inject_fault({.name = "cardPulled"});
    card_in(chip);
    ASSERT_TRUE(r.chip_io("00A404000E315041592E5359532E444446303100").outcome.ok());
    ASSERT_EQ(r.chip_io("00DC010C0470025A00").outcome.error_code, "noMedia");
    r.inject_fault({.name = "offline"});
    auto t = r.physical_truth();
    EXPECT_EQ(t.at("device"), "offline");
    const auto& log = t.at("chipLog").as_array();
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log[0].at("status"), "S");
    EXPECT_EQ(log[0].at("write"), false);
    EXPECT_EQ(log[1].at("status"), "U");
    EXPECT_EQ(log[1].at("write"), true);
    EXPECT_EQ(log[1].at("card"), "zhang-chip");
    EXPECT_EQ(log[1].at("command"), "00DC010C0470025A00");
}

TEST_F(CardFaults, UnknownFaultNamesAreRefused) {
    EXPECT_THROW(r.inject_fault({.name = "jam"}), std::invalid_argument);
    EXPECT_EQ(CardReader::fault_names().size(), 9u);
    EXPECT_THROW(r.inject_fault({.name = "cardLeftInReader", .target = "nobody"}), std::invalid_argument);
}

}  // namespace
}  // namespace atmbench::devices
