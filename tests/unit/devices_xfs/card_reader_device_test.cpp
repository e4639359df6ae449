// The card reader over XFS4IoT, driven by a real WebSocket client: card in → read → eject → take, retain, chip,
// read failure, jams, cancel / timeout / disconnect while waiting for a card, offline, and the customer's errors.
#include "xfs_client.hpp"

#include "devices/card_reader/card_reader_codec.hpp"
#include "devices/service_support.hpp"
#include "devices/card_reader/card_reader_device.hpp"

namespace atmbench::devices::xfs_test {

namespace {
CardReaderConfig one_retain_unit(int capacity = 2) {
    CardReaderConfig c;
    c.retain_units = {RetainUnitConfig{"unit1", capacity, 0}};
    return c;
}

const json::object kTracks{{"track1", true}, {"track2", true}, {"track3", true}};
}  // namespace

class CardReaderXfsTest : public ::testing::Test {
protected:
    CardCatalogue cards = CardCatalogue::load(ATMBENCH_FIXTURES_DIR "/cards");
    DeviceServer ds{make_card_reader_device(one_retain_unit(), cards)};
    XfsClient app{ds.uri("CardReader1")};

    // ReadRawData until the card is in: the customer inserts `card` once the reader asks for it.
    Messages read_card(const std::string& card, json::object what = kTracks) {
        std::int64_t id = app.send("CardReader.ReadRawData", what);
        Messages before = app.until("event:CardReader.InsertCardEvent");
        ds.act("insertCard", {{"card", card}});
        Messages rest = app.until_completion(id);
        before.insert(before.end(), rest.begin(), rest.end());
        return before;
    }
    std::string media() {
        json::object status;
        app.sync(&status);
        return std::string(status.at("cardReader").at("media").as_string());
    }
    std::string where(const std::string& card) {
        std::string at;
        ds.on_io([&] { at = static_cast<CardReaderDevice&>(ds.device()).model().where_is(card); });
        return at;
    }
};

TEST_F(CardReaderXfsTest, CardInReadEjectTake) {
    Messages read = read_card("zhang-mag");
    EXPECT_EQ(events_of(read), (std::vector<std::string>{"event:CardReader.InsertCardEvent",
                                                          "event:CardReader.MediaInsertedEvent"}));
    ASSERT_EQ(completion_code(read), "success");
    const json::object& p = payload(read).as_object();
    EXPECT_EQ(*base64_decode(p.at("track2").at("data").as_string()), "6222020000000000018=30121011234567890000");
    EXPECT_EQ(*base64_decode(p.at("track1").at("data").as_string()), "B6222020000000000018^ZHANG/SAN^30121011234500000000");
    EXPECT_FALSE(p.at("track2").as_object().contains("status")) << "a read track has no status (§3.1)";
    EXPECT_EQ(media(), "present");

    Messages move = app.run("CardReader.Move", json::object{{"from", "transport"}, {"to", "exit"}});
    EXPECT_EQ(completion_code(move), "success");
    EXPECT_EQ(media(), "entering");
    EXPECT_EQ(where("zhang-mag"), "exit");

    ds.act("takeCard");
    json::object status;
    Messages after = app.sync(&status);
    EXPECT_EQ(events_of(after), (std::vector<std::string>{"unsolicited:CardReader.MediaRemovedEvent"}));
    json::value changed = payload_of(after, "unsolicited:Common.StatusChangedEvent");
    ASSERT_TRUE(changed.is_object()) << "the media change is announced";
    EXPECT_EQ(changed.at("cardReader").at("media"), "notPresent");
    EXPECT_EQ(status.at("cardReader").at("media"), "notPresent");
    EXPECT_EQ(ds.truth().at("cards").at("customer").as_array(), (json::array{"zhang-mag"}));
}

TEST_F(CardReaderXfsTest, MissingTrackIsDataMissingAndChipGivesAtrAndApdus) {
    Messages read = read_card("zhang-chip", {{"track1", true}, {"track2", true}, {"chip", true}});
    ASSERT_EQ(completion_code(read), "success");
    const json::object& p = payload(read).as_object();
    EXPECT_EQ(p.at("track1").at("status"), "dataMissing");
    EXPECT_FALSE(p.at("track1").as_object().contains("data"));
    ASSERT_EQ(p.at("chip").as_array().size(), 1u);
    EXPECT_EQ(hex_of(*base64_decode(p.at("chip").at(0).at("data").as_string())), "3B6800000073C84013009000");

    auto apdu = [&](const std::string& hex) {
        Messages m = app.run("CardReader.ChipIO", json::object{{"chipProtocol", "chipT1"}, {"chipData", base64_encode(bytes_of_hex(hex))}});
        EXPECT_EQ(completion_code(m), "success");
        return hex_of(*base64_decode(payload(m).at("chipData").as_string()));
    };
    EXPECT_EQ(apdu("80CA9F7900"), "9F79060000000100009000");
    EXPECT_EQ(apdu("00B0000000"), "6D00") << "an APDU outside the card's script";

    Messages bad = app.run("CardReader.ChipIO", json::object{{"chipData", "not base64!"}});
    EXPECT_EQ(completion_code(bad), "invalidData");
}

TEST_F(CardReaderXfsTest, RetainToUnitUntilFull) {
    read_card("lost-mag");
    Messages retain = app.run("CardReader.Move", json::object{{"to", "unit1"}});
    EXPECT_EQ(completion_code(retain), "success");
    EXPECT_EQ(where("lost-mag"), "unit1");
    EXPECT_EQ(media(), "notPresent");

    Messages storage = app.run("Storage.GetStorage");
    const json::value& unit = payload(storage).at("storage").at("unit1");
    EXPECT_EQ(unit.at("card").at("status").at("count"), 1);
    EXPECT_EQ(unit.at("capacity"), 2);

    read_card("stolen-mag");
    ds.fault({{"name", "retainFull"}});
    Messages full = app.run("CardReader.Move", json::object{{"to", "unit1"}});
    EXPECT_EQ(completion_code(full), "commandErrorCode");
    EXPECT_EQ(error_code(full), "full");
    EXPECT_EQ(where("stolen-mag"), "transport") << "a full unit leaves the card where it was";
    json::object truth = ds.truth();
    EXPECT_EQ(truth.at("units").at("unit1").at("count"), 1);
    EXPECT_EQ(truth.at("units").at("unit1").at("reportedCount"), 1);
}

TEST_F(CardReaderXfsTest, ReadFailureIsInvalidMediaAndTheCardCanBeReturned) {
    ds.fault({{"name", "readFailure"}});
    Messages read = read_card("zhang-mag", {{"track2", true}});
    EXPECT_EQ(events_of(read), (std::vector<std::string>{"event:CardReader.InsertCardEvent",
                                                          "event:CardReader.MediaInsertedEvent",
                                                          "event:CardReader.InvalidMediaEvent"}));
    EXPECT_EQ(completion_code(read), "commandErrorCode");
    EXPECT_EQ(error_code(read), "invalidMedia");
    EXPECT_EQ(payload(read).at("track2").at("status"), "dataInvalid");
    EXPECT_EQ(completion_code(app.run("CardReader.Move", json::object{{"to", "exit"}})), "success");
    ds.act("takeCard");
    EXPECT_EQ(where("zhang-mag"), "customer");
}

TEST_F(CardReaderXfsTest, CardJamOnEjectThenResetRetains) {
    ds.fault({{"name", "cardJam"}, {"at", "eject"}});
    read_card("li-mag");
    Messages eject = app.run("CardReader.Move", json::object{{"to", "exit"}});
    EXPECT_EQ(completion_code(eject), "commandErrorCode");
    EXPECT_EQ(error_code(eject), "mediaJam");
    EXPECT_EQ(payload_of(eject, "unsolicited:CardReader.MediaDetectedEvent").at("position"), "jammed");
    EXPECT_EQ(media(), "jammed");
    EXPECT_THROW(ds.act("takeCard"), ActionError) << "a jammed card is out of the customer's reach";

    Messages again = app.run("CardReader.ReadRawData", kTracks);
    EXPECT_EQ(error_code(again), "mediaJam");

    Messages reset = app.run("CardReader.Reset", json::object{{"to", "retain"}, {"storageId", "unit1"}});
    EXPECT_EQ(completion_code(reset), "success");
    EXPECT_EQ(payload_of(reset, "unsolicited:CardReader.MediaDetectedEvent").at("position"), "unit1");
    EXPECT_EQ(where("li-mag"), "unit1");
    EXPECT_EQ(media(), "notPresent");
}

TEST_F(CardReaderXfsTest, CardJamOnInsertEndsTheWaitingRead) {
    ds.fault({{"name", "cardJam"}, {"at", "insert"}});
    Messages read = read_card("zhang-mag");
    EXPECT_EQ(completion_code(read), "commandErrorCode");
    EXPECT_EQ(error_code(read), "mediaJam");
    EXPECT_EQ(payload_of(read, "unsolicited:CardReader.MediaDetectedEvent").at("position"), "jammed");
    EXPECT_EQ(where("zhang-mag"), "jammed");
}

TEST_F(CardReaderXfsTest, CancelWhileWaitingForACardClosesTheSlot) {
    std::int64_t id = app.send("CardReader.ReadRawData", kTracks);
    app.until("event:CardReader.InsertCardEvent");
    Messages cancel = app.run("Common.Cancel", json::object{{"requestIds", json::array{id}}});
    EXPECT_EQ(completion_code(cancel), "success");
    bool read_canceled = false;
    for (const auto& m : cancel)
        read_canceled |= describe(m) == "completion:CardReader.ReadRawData" && header_str(m, "completionCode") == "canceled";
    if (!read_canceled) read_canceled = completion_code(app.until_completion(id)) == "canceled";
    EXPECT_TRUE(read_canceled);
    EXPECT_THROW(ds.act("insertCard", {{"card", "zhang-mag"}}), ActionError) << "the slot closed with the cancel";
    // The reader is usable again.
    EXPECT_EQ(completion_code(read_card("zhang-mag")), "success");
}

TEST_F(CardReaderXfsTest, HangAtReadKeepsTheCardInUntilTheReadIsCancelled) {
    // TMO-CARD-READ (7.3.6.6 b): the card goes in, the read never ends; only the application's cancel ends it.
    ds.fault({{"name", "hang"}, {"at", "read"}});
    std::int64_t id = app.send("CardReader.ReadRawData", kTracks);
    app.until("event:CardReader.InsertCardEvent");
    ds.act("insertCard", {{"card", "zhang-mag"}});
    app.until("event:CardReader.MediaInsertedEvent");
    EXPECT_EQ(where("zhang-mag"), "transport");
    Messages cancel = app.run("Common.Cancel", json::object{{"requestIds", json::array{id}}});
    bool read_canceled = false;
    for (const auto& m : cancel)
        read_canceled |= describe(m) == "completion:CardReader.ReadRawData" && header_str(m, "completionCode") == "canceled";
    if (!read_canceled) read_canceled = completion_code(app.until_completion(id)) == "canceled";
    EXPECT_TRUE(read_canceled);
    EXPECT_EQ(completion_code(app.run("CardReader.Move", json::object{{"from", "transport"}, {"to", "exit"}})), "success");
    EXPECT_EQ(where("zhang-mag"), "exit");
}

TEST_F(CardReaderXfsTest, TimeoutWhileWaitingForACard) {
    std::int64_t id = app.send("CardReader.ReadRawData", kTracks, 200);
    Messages m = app.until_completion(id);
    EXPECT_EQ(events_of(m), (std::vector<std::string>{"event:CardReader.InsertCardEvent"}));
    EXPECT_EQ(completion_code(m), "timeOut");
    EXPECT_THROW(ds.act("insertCard", {{"card", "zhang-mag"}}), ActionError);
}

TEST_F(CardReaderXfsTest, AHungMoveEndsOnlyWithItsTimeoutAndLeavesTheCard) {
    ASSERT_EQ(completion_code(read_card("zhang-mag")), "success");
    ds.fault({{"name", "hang"}, {"at", "move"}});
    Messages move = app.run("CardReader.Move", json::object{{"to", "exit"}}, 200);
    EXPECT_EQ(completion_code(move), "timeOut");
    EXPECT_EQ(where("zhang-mag"), "transport");
    EXPECT_EQ(completion_code(app.run("CardReader.Move", json::object{{"to", "exit"}})), "success");
    EXPECT_EQ(where("zhang-mag"), "exit");
}

TEST_F(CardReaderXfsTest, DisconnectWhileWaitingStopsAccepting) {
    {
        XfsClient other(ds.uri("CardReader1"));
        other.send("CardReader.ReadRawData", kTracks);
        other.until("event:CardReader.InsertCardEvent");
        other.close();
    }
    bool accepting = true;
    for (int i = 0; i < 100 && accepting; ++i) {
        ds.on_io([&] { accepting = static_cast<CardReaderDevice&>(ds.device()).model().accepting(); });
        if (accepting) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_FALSE(accepting) << "the disconnect cancelled the read and closed the slot";
    EXPECT_EQ(completion_code(read_card("zhang-mag")), "success") << "the queue moved on";
}

TEST_F(CardReaderXfsTest, OfflineIsDeviceNotReadyAndAnnounced) {
    ds.fault({{"name", "offline"}});
    Messages changed = app.sync();
    json::value p = payload_of(changed, "unsolicited:Common.StatusChangedEvent");
    ASSERT_TRUE(p.is_object());
    EXPECT_EQ(p.at("common").at("device"), "offline");
    EXPECT_EQ(completion_code(app.run("CardReader.ReadRawData", kTracks)), "deviceNotReady");
    ds.on_io([&] { ds.device().clear_faults(); });
    EXPECT_EQ(payload_of(app.sync(), "unsolicited:Common.StatusChangedEvent").at("common").at("device"), "online");
}

TEST_F(CardReaderXfsTest, CardLeftInReaderIsReadWithoutWaiting) {
    ds.fault({{"name", "cardLeftInReader"}, {"target", "wang-mag"}});
    Messages read = app.run("CardReader.ReadRawData", json::object{{"track2", true}});
    EXPECT_TRUE(events_of(read).empty()) << "no InsertCardEvent: the card is already there";
    EXPECT_EQ(completion_code(read), "success");
    EXPECT_EQ(*base64_decode(payload(read).at("track2").at("data").as_string()), "6222020000000000075=30121011234567890000");
}

TEST_F(CardReaderXfsTest, CustomerAndFaultErrorsSayWhatIsWrong) {
    EXPECT_THROW(ds.act("insertCard", {{"card", "no-such-card"}}), ActionError);
    EXPECT_THROW(ds.act("insertCard"), ActionError);
    EXPECT_THROW(ds.act("takeCard"), ActionError);
    EXPECT_THROW(ds.act("dance"), ActionError);
    EXPECT_THROW(ds.fault({{"name", "meltdown"}}), ActionError);
    EXPECT_EQ(completion_code(app.run("CardReader.ReadRawData", json::object{})), "invalidData");
    EXPECT_EQ(completion_code(app.run("CardReader.Move", json::object{{"to", "exit"}})), "commandErrorCode");

    Messages caps = app.run("Common.Capabilities");
    std::string interfaces = json::serialize(payload(caps).at("interfaces"));
    EXPECT_NE(interfaces.find("CardReader.ReadRawData"), std::string::npos);
    EXPECT_NE(interfaces.find("Storage.GetStorage"), std::string::npos);
}

}  // namespace atmbench::devices::xfs_test
