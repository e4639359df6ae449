// What of an XFS4IoT message the wire record keeps (device_set/wire_redaction.hpp): secrets out (7.3.6.9 b), the
// evidence in — the booleans that ask ReadRawData for a track, note values, nulls.
#include "device_set/wire_redaction.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace atmbench::devices {
namespace {

namespace json = boost::json;

json::value message(const char* name, json::value payload) {
    return json::object{{"header", json::object{{"type", "completion"}, {"name", name}, {"requestId", 1}}},
                        {"payload", std::move(payload)}};
}

TEST(WireRedaction, TrackDataGoesTheBooleansThatAskForItStay) {
    json::value ask = message("CardReader.ReadRawData", json::object{{"track1", false}, {"track2", true}, {"chip", nullptr}});
    json::value before = ask;
    std::vector<RedactedSecret> seen;
    redact_wire_message(ask, &seen);
    EXPECT_EQ(ask, before) << json::serialize(ask);
    EXPECT_TRUE(seen.empty());

    json::value read = message("CardReader.ReadRawData",
                               json::object{{"track2", json::object{{"status", "ok"}, {"data", "NjIyMjAyMTIzNDU2Nzg5MDE="}}}});
    redact_wire_message(read, &seen);
    EXPECT_EQ(read.at("payload").at("track2").at("data"), "<redacted>");
    EXPECT_EQ(read.at("payload").at("track2").at("status"), "ok");
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].carrier, "CardReader.ReadRawData data");
}

TEST(WireRedaction, NoteValuesAndCountsStayPinBlocksAndKeysGo) {
    json::value dispense = message("CashDispenser.Dispense",
                                   json::object{{"denomination", json::object{{"currencies", json::object{{"CNY", 300}}},
                                                                              {"counts", json::object{{"unit1", 3}}}}},
                                                {"value", 100},
                                                {"token", "NONCE=1,TOKENFORMAT=1,HMACSHA256=ABCD"}});
    redact_wire_message(dispense);
    EXPECT_EQ(dispense.at("payload").at("value"), 100) << "a number holds no secret";
    EXPECT_EQ(dispense.at("payload").at("denomination").at("counts").at("unit1"), 3);
    EXPECT_EQ(dispense.at("payload").at("token"), "<redacted>");

    json::value pin = message("PinPad.GetPinBlock", json::object{{"data", "0123456789ABCDEF"}});
    redact_wire_message(pin);
    EXPECT_EQ(pin.at("payload").at("data"), "<redacted>");
    json::value key = message("KeyManagement.ImportKey", json::object{{"key", "PIK"}, {"value", "0123456789ABCDEF"}});
    redact_wire_message(key);
    EXPECT_EQ(key.at("payload").at("value"), "<redacted>");
    EXPECT_EQ(key.at("payload").at("key"), "PIK");
}

TEST(WireRedaction, OtherInterfacesKeepTheirDataAndValues) {
    json::value print = message("Printer.PrintRaw", json::object{{"data", "UkVDRUlQVA=="}});
    redact_wire_message(print);
    EXPECT_EQ(print.at("payload").at("data"), "UkVDRUlQVA==") << "receipt text: the rules read it (PANs are masked elsewhere)";
}

}  // namespace
}  // namespace atmbench::devices
