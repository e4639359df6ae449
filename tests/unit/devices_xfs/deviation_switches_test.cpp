// The deviation switches on the real devices of a device set, armed as the control endpoint and a scenario's
// `fault` step arm them (DeviceSet::inject_fault): countsOff on the cash module's Storage.GetStorage, missingEvent
// and wrongCompletionVersion on the card reader's ReadRawData, and the checks that refuse a fault that could never
// fire (an unknown event, countsOff anywhere but Storage.GetStorage).
#include "cash_test_support.hpp"

#include "atmbench/devices/card_catalogue.hpp"
#include "atmbench/devices/device_set.hpp"
#include "atmbench/devices/fault_table.hpp"

namespace atmbench::devices::xfs_test {
namespace {

// The solicited events, in order.
std::vector<std::string> solicited(const Messages& msgs) {
    std::vector<std::string> out;
    for (const auto& e : events_of(msgs))
        if (e.rfind("event:", 0) == 0) out.push_back(e);
    return out;
}

DeviceFixture standard() { return load_device_fixture(ATMBENCH_FIXTURES_DIR "/devices/standard.yaml"); }

class DeviationSwitchTest : public ::testing::Test {
protected:
    void SetUp() override { set.start(); }
    std::string uri(const std::string& service) const {
        for (const auto& u : set.service_uris())
            if (u.find("/" + service + "/") != std::string::npos) return u;
        return "";
    }
    // ReadRawData until the card is in, as the card reader's own tests read one.
    Messages read_card(XfsClient& app) {
        std::int64_t id = app.send("CardReader.ReadRawData", json::object{{"track2", true}});
        Messages got = app.until("event:CardReader.InsertCardEvent");
        set.act("cardReader", "insertCard", {{"card", "zhang-mag"}});
        Messages rest = app.until_completion(id);
        got.insert(got.end(), rest.begin(), rest.end());
        return got;
    }
    void eject_and_take(XfsClient& app) {
        ASSERT_EQ(completion_code(app.run("CardReader.Move", json::object{{"from", "transport"}, {"to", "exit"}})), "success");
        set.act("cardReader", "takeCard", {});
    }

    DeviceSet set{DeviceSetup{standard(), CardCatalogue::load(ATMBENCH_FIXTURES_DIR "/cards"), "127.0.0.1:0", ""}};
};

TEST_F(DeviationSwitchTest, CountsOffAddsOneToTheFirstCashUnitsCount) {
    XfsClient app(uri("CashModule1"));
    Messages clean = app.run("Storage.GetStorage");
    set.inject_fault("cash", {{"name", "countsOff"}});  // no at: its one point, Storage.GetStorage
    Messages spoiled = app.run("Storage.GetStorage");
    ASSERT_EQ(completion_code(spoiled), "success");
    EXPECT_EQ(reported_count(spoiled, "unit1"), reported_count(clean, "unit1") + 1);
    json::value undone = payload(spoiled);
    undone.at("storage").at("unit1").at("cash").at("status").at("count") = reported_count(spoiled, "unit1") - 1;
    EXPECT_EQ(undone, payload(clean)) << "exactly one number is off";
    EXPECT_EQ(payload(app.run("Storage.GetStorage")), payload(clean)) << "one-shot: the next GetStorage is clean";
}

TEST_F(DeviationSwitchTest, CountsOffOccurrencePicksTheGetStorage) {
    XfsClient app(uri("CashModule1"));
    set.inject_fault("cash", {{"name", "countsOff"}, {"at", "Storage.GetStorage"}, {"occurrence", 2}});
    Messages first = app.run("Storage.GetStorage");
    Messages second = app.run("Storage.GetStorage");
    EXPECT_EQ(reported_count(first, "unit1"), 500);
    EXPECT_EQ(reported_count(second, "unit1"), 501);
    EXPECT_EQ(reported_count(app.run("Storage.GetStorage"), "unit1"), 500);
}

TEST_F(DeviationSwitchTest, MissingEventNeverSendsTheCardReadersMediaInsertedEvent) {
    XfsClient app(uri("CardReader1"));
    set.inject_fault("cardReader", {{"name", "missingEvent"}, {"at", "CardReader.MediaInsertedEvent"}});
    Messages read = read_card(app);
    EXPECT_EQ(solicited(read), (std::vector<std::string>{"event:CardReader.InsertCardEvent"}));
    EXPECT_EQ(completion_code(read), "success") << "the read itself is unchanged";
    eject_and_take(app);
    Messages again = read_card(app);
    EXPECT_EQ(solicited(again), (std::vector<std::string>{"event:CardReader.InsertCardEvent", "event:CardReader.MediaInsertedEvent"}))
        << "one-shot: the next read is clean";
}

TEST_F(DeviationSwitchTest, MissingEventDropsTheUnsolicitedStatusChangedEvent) {
    XfsClient app(uri("CardReader1"));
    // A card in and out: the reader's media changes, reported in StatusChangedEvents (and MediaRemovedEvent).
    auto card_in_and_out = [&] {
        Messages all = read_card(app);
        Messages move = app.run("CardReader.Move", json::object{{"from", "transport"}, {"to", "exit"}});
        set.act("cardReader", "takeCard", {});
        Messages after = app.sync();
        all.insert(all.end(), move.begin(), move.end());
        all.insert(all.end(), after.begin(), after.end());
        std::vector<std::string> events = events_of(all, true);
        return std::count(events.begin(), events.end(), "unsolicited:Common.StatusChangedEvent");
    };
    set.inject_fault("cardReader", {{"name", "missingEvent"}, {"at", "Common.StatusChangedEvent"}, {"persistent", true}});
    EXPECT_EQ(card_in_and_out(), 0) << "persistent: none of them is sent";
    set.clear_faults("cardReader");
    EXPECT_GT(card_in_and_out(), 0) << "cleared: the status changes are sent again";
}

TEST_F(DeviationSwitchTest, WrongCompletionVersionOnReadRawData) {
    XfsClient app(uri("CardReader1"));
    set.inject_fault("cardReader", {{"name", "wrongCompletionVersion"}, {"at", "CardReader.ReadRawData"}});
    Messages read = read_card(app);
    EXPECT_EQ(header_str(last(read), "version"), "2.0") << "ReadRawData's completion is 3.0 in 2024-03";
    eject_and_take(app);
    EXPECT_EQ(header_str(last(read_card(app)), "version"), "3.0");
}

FaultProblem refusal(const std::string& device, const json::object& spec) {
    try {
        DeviceSet::check_fault(standard(), device, spec);
    } catch (const FaultSpecError& e) {
        return e.problem;
    }
    ADD_FAILURE() << json::serialize(spec) << " was accepted";
    return {};
}

TEST(DeviationSwitchCheck, MissingEventAtAnUnknownEventIsRefusedListingTheEvents) {
    FaultProblem p = refusal("cardReader", {{"name", "missingEvent"}, {"at", "CardReader.MediaInsertEvent"}});
    EXPECT_EQ(p.field, "at");
    for (const char* e : {"Common.StatusChangedEvent", "CardReader.InsertCardEvent", "CardReader.MediaInsertedEvent",
                          "CardReader.MediaRemovedEvent"}) {
        EXPECT_NE(std::find(p.expected.begin(), p.expected.end(), e), p.expected.end()) << e;
        EXPECT_NE(p.message.find(e), std::string::npos) << p.message;
    }
    EXPECT_NE(p.message.find("is no XFS4IoT event of the device"), std::string::npos) << p.message;
    // A command is no event.
    EXPECT_EQ(refusal("cardReader", {{"name", "missingEvent"}, {"at", "CardReader.ReadRawData"}}).field, "at");
    EXPECT_NO_THROW(DeviceSet::check_fault(standard(), "cash", {{"name", "missingEvent"}, {"at", "CashManagement.ItemsTakenEvent"}}));
}

TEST(DeviationSwitchCheck, CountsOffOnlyAtStorageGetStorage) {
    FaultProblem p = refusal("cash", {{"name", "countsOff"}, {"at", "CashDispenser.Dispense"}});
    EXPECT_EQ(p.field, "at");
    EXPECT_EQ(p.expected, std::vector<std::string>{"Storage.GetStorage"});
    EXPECT_NE(p.message.find("spoils only Storage.GetStorage"), std::string::npos) << p.message;
    EXPECT_NO_THROW(DeviceSet::check_fault(standard(), "cash", {{"name", "countsOff"}, {"at", "Storage.GetStorage"}}));
    EXPECT_EQ(refusal("printer", {{"name", "countsOff"}}).field, "name") << "the printer answers no GetStorage";
}

TEST(DeviationSwitchCheck, EventAfterCompletionNeedsAnEventToSend) {
    FaultProblem p = refusal("lights", {{"name", "eventAfterCompletion"}, {"at", "Common.Status"}});
    EXPECT_EQ(p.field, "name");
    EXPECT_NE(p.message.find("the device declares none"), std::string::npos) << p.message;
    EXPECT_NO_THROW(DeviceSet::check_fault(standard(), "cardReader", {{"name", "eventAfterCompletion"}, {"at", "Common.Status"}}));
}

TEST(DeviationSwitchCheck, CommandDeviationsTakeTheDevicesCommands) {
    for (const char* kind : {"wrongCompletionVersion", "ackStatusOnSuccess", "eventAfterCompletion", "wrongCompletionCode"}) {
        EXPECT_NO_THROW(DeviceSet::check_fault(standard(), "cardReader", {{"name", kind}, {"at", "CardReader.ReadRawData"}})) << kind;
        FaultProblem p = refusal("cardReader", {{"name", kind}, {"at", "CardReader.MediaInsertedEvent"}});
        EXPECT_EQ(p.field, "at") << kind;
        EXPECT_NE(p.message.find("is no XFS4IoT command of the device"), std::string::npos) << p.message;
    }
}

}  // namespace
}  // namespace atmbench::devices::xfs_test
