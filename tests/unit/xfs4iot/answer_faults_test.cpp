// The deviation switches (xfs_server.hpp AnswerFault) over a real WebSocket: each kind armed on a test service
// spoils exactly the message it names in exactly one way, and a one-shot fault leaves the next command clean.
#include "ws_client.hpp"

#include "atmbench/xfs4iot/xfs_server.hpp"

#include <gtest/gtest.h>

namespace atmbench::xfs4iot::test {
namespace {

namespace json = boost::json;

class DeviationDevice : public Service {
public:
    std::string name() const override { return "Dev1"; }
    std::vector<std::string> interfaces() const override { return {"Test", "Storage"}; }
    std::map<std::string, CommandInfo> commands() const override {
        return {{"Test.Quick", {}},
                {"Test.Event", {}},
                {"Test.Fail", {}},
                // Like CardReader.ReadRawData: command 2.0, completion 3.0 in 2024-03.
                {"Test.Read", {"2.0", false, {}, "3.0"}},
                {"Storage.GetStorage", {"2.1", true}}};
    }
    std::vector<std::string> events() const override {
        return {"Test.SomethingEvent", "Test.UnsolicitedEvent", "Common.StatusChangedEvent"};
    }
    void execute(const std::shared_ptr<Command>& cmd) override {
        const std::string& n = cmd->name();
        if (n == "Test.Event") cmd->event("Test.SomethingEvent", json::object{{"n", ++events_sent}});
        if (n == "Test.Fail") return cmd->complete_error("someError", "it failed");
        if (n == "Storage.GetStorage") {
            // The cash module's shape (devices/cash/cash_payloads.cpp unit_json).
            auto unit = [](const char* id, int count) {
                return json::object{{"id", id},
                                    {"cash", json::object{{"status", json::object{{"initial", json::object{{"unrecognized", count}}},
                                                                                  {"count", count}}}}}};
            };
            return cmd->complete(CompletionCode::Success,
                                 json::object{{"storage", json::object{{"unit1", unit("unit1", 500)}, {"unit2", unit("unit2", 300)}}}});
        }
        cmd->complete(CompletionCode::Success, json::object{{"ok", true}});
    }
    json::object status() const override { return {{"common", json::object{{"device", "online"}}}}; }
    void announce() { broadcast("Test.UnsolicitedEvent", json::object{{"x", 1}}); }

    int events_sent = 0;
};

std::string h(const json::object& m, const char* field) {
    const json::value* v = m.at("header").as_object().if_contains(field);
    return v && v->is_string() ? std::string(v->as_string()) : v && v->is_null() ? "null" : v ? json::serialize(*v) : "<absent>";
}

class AnswerFaultTest : public ::testing::Test {
protected:
    void SetUp() override {
        server.add_service(device);
        server.start();
    }
    void arm(const std::string& kind, const std::string& at, int occurrence = 1, bool persistent = false) {
        server.arm_answer_fault("Dev1", AnswerFault{kind, at, occurrence, persistent});
    }
    // Every message of command `id` up to its completion, then whatever follows within a short read (none = clean).
    std::vector<json::object> exchange(WsClient& c, const std::string& name, std::int64_t id) {
        c.command(name, id);
        std::vector<json::object> got;
        while (auto m = c.next()) {
            got.push_back(*m);
            if (h(*m, "type") == "completion") break;
        }
        return got;
    }
    std::string uri() const { return server.service_uri("Dev1"); }

    std::shared_ptr<DeviationDevice> device = std::make_shared<DeviationDevice>();
    XfsServer server{ServerOptions{"127.0.0.1:0", "atmbench-test", 8}};
};

std::vector<std::string> shape(const std::vector<json::object>& msgs) {
    std::vector<std::string> out;
    for (const auto& m : msgs) out.push_back(h(m, "type") + ":" + h(m, "name"));
    return out;
}

TEST_F(AnswerFaultTest, WrongCompletionVersion) {
    WsClient c(uri(), 300);
    arm("wrongCompletionVersion", "Common.Status");
    auto first = exchange(c, "Common.Status", 1);
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(h(first[1], "version"), "2.0") << "Common.Status completion 3.0 sent as 2.0";
    EXPECT_EQ(h(first[1], "completionCode"), "success");
    EXPECT_EQ(first[1].at("payload").at("common").at("device"), "online") << "only the version changes";
    EXPECT_EQ(h(exchange(c, "Common.Status", 2)[1], "version"), "3.0") << "one-shot: the next is clean";

    arm("wrongCompletionVersion", "Test.Read");
    EXPECT_EQ(h(exchange(c, "Test.Read", 3)[1], "version"), "2.0") << "completion 3.0 at its command's 2.0";
    EXPECT_EQ(h(exchange(c, "Test.Read", 4)[1], "version"), "3.0");

    arm("wrongCompletionVersion", "Test.Quick");
    EXPECT_EQ(h(exchange(c, "Common.Status", 5)[1], "version"), "3.0") << "another command is not touched";
    EXPECT_EQ(h(exchange(c, "Test.Quick", 6)[1], "version"), "1.0") << "2.0 becomes 1.0";
    EXPECT_EQ(h(exchange(c, "Test.Quick", 7)[1], "version"), "2.0");
    EXPECT_FALSE(c.next());
}

TEST_F(AnswerFaultTest, AckStatusOnSuccess) {
    WsClient c(uri(), 300);
    arm("ackStatusOnSuccess", "Test.Quick", 2);
    EXPECT_EQ(h(exchange(c, "Common.Status", 1)[0], "status"), "null");
    EXPECT_EQ(h(exchange(c, "Test.Quick", 2)[0], "status"), "null") << "occurrence 2: the second acknowledge";
    auto spoiled = exchange(c, "Test.Quick", 3);
    ASSERT_EQ(shape(spoiled), (std::vector<std::string>{"acknowledge:Test.Quick", "completion:Test.Quick"}));
    EXPECT_EQ(h(spoiled[0], "status"), "ok");
    EXPECT_EQ(h(spoiled[1], "completionCode"), "success") << "the command itself is unchanged";
    EXPECT_EQ(h(exchange(c, "Test.Quick", 4)[0], "status"), "null");
}

TEST_F(AnswerFaultTest, EventAfterCompletionRepeatsTheLastSolicitedEvent) {
    WsClient c(uri(), 300);
    arm("eventAfterCompletion", "Test.Event");
    c.command("Test.Event", 1);
    std::vector<json::object> got;
    while (auto m = c.next()) got.push_back(*m);  // until the read times out: everything the service sent
    ASSERT_EQ(shape(got), (std::vector<std::string>{"acknowledge:Test.Event", "event:Test.SomethingEvent",
                                                    "completion:Test.Event", "event:Test.SomethingEvent"}));
    EXPECT_EQ(got[3], got[1]) << "the same event again, requestId included";
    EXPECT_EQ(got[3].at("header").at("requestId").as_int64(), 1);

    WsClient d(uri(), 300);
    got.clear();
    d.command("Test.Event", 2);
    while (auto m = d.next()) got.push_back(*m);
    EXPECT_EQ(shape(got), (std::vector<std::string>{"acknowledge:Test.Event", "event:Test.SomethingEvent",
                                                    "completion:Test.Event"}))
        << "one-shot: the next command is clean";
}

TEST_F(AnswerFaultTest, EventAfterCompletionWithoutAnEventSendsTheInterfacesFirstEvent) {
    WsClient c(uri(), 300);
    arm("eventAfterCompletion", "Test.Quick");
    c.command("Test.Quick", 5);
    std::vector<json::object> got;
    while (auto m = c.next()) got.push_back(*m);
    ASSERT_EQ(shape(got), (std::vector<std::string>{"acknowledge:Test.Quick", "completion:Test.Quick",
                                                    "event:Test.SomethingEvent"}));
    EXPECT_EQ(got[2].at("header").at("requestId").as_int64(), 5);
    EXPECT_EQ(h(got[2], "version"), "2.0");
    EXPECT_TRUE(got[2].at("payload").is_null());
}

TEST_F(AnswerFaultTest, MissingEventDropsTheSolicitedEvent) {
    WsClient c(uri(), 300);
    arm("missingEvent", "Test.SomethingEvent");
    auto spoiled = exchange(c, "Test.Event", 1);
    EXPECT_EQ(shape(spoiled), (std::vector<std::string>{"acknowledge:Test.Event", "completion:Test.Event"}));
    EXPECT_EQ(h(spoiled[1], "completionCode"), "success");
    EXPECT_EQ(shape(exchange(c, "Test.Event", 2)),
              (std::vector<std::string>{"acknowledge:Test.Event", "event:Test.SomethingEvent", "completion:Test.Event"}));
}

TEST_F(AnswerFaultTest, MissingEventDropsTheUnsolicitedEventForEveryConnection) {
    WsClient a(uri(), 300), b(uri(), 300);
    exchange(a, "Common.Status", 1);  // both connections registered
    exchange(b, "Common.Status", 1);
    arm("missingEvent", "Test.UnsolicitedEvent");
    server.call([&] { device->announce(); });
    EXPECT_EQ(shape(exchange(a, "Common.Status", 2)), (std::vector<std::string>{"acknowledge:Common.Status", "completion:Common.Status"}));
    EXPECT_EQ(shape(exchange(b, "Common.Status", 2)), (std::vector<std::string>{"acknowledge:Common.Status", "completion:Common.Status"}));
    server.call([&] { device->announce(); });
    for (WsClient* c : {&a, &b}) {
        auto m = c->next();
        ASSERT_TRUE(m) << "one-shot: the next one reaches every connection";
        EXPECT_EQ(h(*m, "name"), "Test.UnsolicitedEvent");
    }
}

TEST_F(AnswerFaultTest, WrongCompletionCode) {
    WsClient c(uri(), 300);
    arm("wrongCompletionCode", "Test.Quick");
    auto spoiled = exchange(c, "Test.Quick", 1);
    EXPECT_EQ(h(spoiled[1], "completionCode"), "hardwareError");
    EXPECT_EQ(spoiled[1].at("payload"), (json::object{{"ok", true}}));
    EXPECT_EQ(h(exchange(c, "Test.Quick", 2)[1], "completionCode"), "success");

    arm("wrongCompletionCode", "Test.Fail");
    spoiled = exchange(c, "Test.Fail", 3);
    EXPECT_EQ(h(spoiled[1], "completionCode"), "success");
    EXPECT_TRUE(spoiled[1].at("payload").is_null()) << "payload.errorCode dropped: " << json::serialize(spoiled[1]);
    auto clean = exchange(c, "Test.Fail", 4);
    EXPECT_EQ(h(clean[1], "completionCode"), "commandErrorCode");
    EXPECT_EQ(clean[1].at("payload").at("errorCode"), "someError");
}

TEST_F(AnswerFaultTest, CountsOffSpoilsTheFirstUnitsCountOfTheChosenGetStorage) {
    WsClient c(uri(), 300);
    arm("countsOff", "Storage.GetStorage", 2);
    auto count = [](const json::object& m, const char* unit) {
        return m.at("payload").at("storage").at(unit).at("cash").at("status").at("count").as_int64();
    };
    EXPECT_EQ(count(exchange(c, "Storage.GetStorage", 1)[1], "unit1"), 500) << "occurrence 2: the first is clean";
    auto spoiled = exchange(c, "Storage.GetStorage", 2)[1];
    EXPECT_EQ(count(spoiled, "unit1"), 501);
    EXPECT_EQ(count(spoiled, "unit2"), 300);
    EXPECT_EQ(spoiled.at("payload").at("storage").at("unit1").at("cash").at("status").at("initial").at("unrecognized"), 500)
        << "exactly one number changes";
    EXPECT_EQ(count(exchange(c, "Storage.GetStorage", 3)[1], "unit1"), 500);
}

TEST_F(AnswerFaultTest, PersistentFaultsKeepFiring) {
    WsClient c(uri(), 300);
    arm("wrongCompletionCode", "Test.Quick", 1, true);
    EXPECT_EQ(h(exchange(c, "Test.Quick", 1)[1], "completionCode"), "hardwareError");
    EXPECT_EQ(h(exchange(c, "Test.Quick", 2)[1], "completionCode"), "hardwareError");
    server.clear_answer_faults("Dev1");
    EXPECT_EQ(h(exchange(c, "Test.Quick", 3)[1], "completionCode"), "success");
}

TEST_F(AnswerFaultTest, EachKindIsOnTheOneListAndOthersAreRefused) {
    for (const char* k : {"invalidJson", "missingFields", "unknownCompletionCode", "wrongRequestId",
                          "wrongCompletionVersion", "ackStatusOnSuccess", "eventAfterCompletion", "missingEvent",
                          "wrongCompletionCode", "countsOff"})
        EXPECT_NO_THROW(check_answer_fault_kind(k)) << k;
    try {
        check_answer_fault_kind("lateEvent");
        FAIL() << "accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("wrongCompletionVersion, ackStatusOnSuccess, eventAfterCompletion, "
                                             "missingEvent, wrongCompletionCode or countsOff"),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace atmbench::xfs4iot::test
