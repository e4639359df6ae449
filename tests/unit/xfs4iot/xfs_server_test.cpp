// The XFS4IoT protocol framework, driven over real WebSockets: discovery, acknowledge statuses, FIFO and
// information commands, header timeouts, Common.Cancel, disconnects, unsolicited broadcast, fragmentation.
#include "ws_client.hpp"

#include "atmbench/xfs4iot/xfs_server.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <limits>
#include <thread>

namespace atmbench::xfs4iot::test {

namespace json = boost::json;

// A device with one command of each kind the framework must handle.
class TestDevice : public Service {
public:
    std::string name() const override { return "Test1"; }
    std::vector<std::string> interfaces() const override { return {"Test"}; }
    std::map<std::string, CommandInfo> commands() const override {
        return {{"Test.Quick", {}}, {"Test.Wait", {}}, {"Test.Info", {"2.0", true}}, {"Test.Event", {}}};
    }
    void execute(const std::shared_ptr<Command>& cmd) override {
        if (cmd->name() == "Test.Wait") {
            waiting = cmd;
            cmd->on_stop([this] { ++stops; });
            return;
        }
        if (cmd->name() == "Test.Event") cmd->event("Test.SomethingEvent", json::object{{"n", 1}});
        cmd->complete(CompletionCode::Success, json::object{{"order", ++executed}});
    }
    json::object status() const override { return {{"common", json::object{{"device", "online"}}}}; }
    void announce() { broadcast("Test.UnsolicitedEvent", json::object{{"x", 1}}); }

    std::shared_ptr<Command> waiting;
    int stops = 0;
    int executed = 0;
};

class XfsServerTest : public ::testing::Test {
protected:
    void SetUp() override {
        server.add_service(device);
        server.start();
    }
    std::string uri() const { return server.service_uri("Test1"); }
    void finish_wait() {
        server.call([&] {
            if (device->waiting) device->waiting->complete(CompletionCode::Success);
        });
    }

    std::shared_ptr<TestDevice> device = std::make_shared<TestDevice>();
    XfsServer server{ServerOptions{"127.0.0.1:0", "atmbench-test", 4}};
};

TEST_F(XfsServerTest, DiscoveryListsServicesButNotThePublisher) {
    WsClient c(server.publisher_uri());
    c.command("ServicePublisher.GetServices", 1);
    auto ack = c.next();
    ASSERT_TRUE(ack);
    EXPECT_EQ(header_str(*ack, "type"), "acknowledge");
    EXPECT_TRUE(ack->at("header").as_object().at("status").is_null());
    auto ev = c.next();
    EXPECT_EQ(header_str(*ev, "name"), "ServicePublisher.ServiceDetailEvent");
    auto done = c.next();
    EXPECT_EQ(header_str(*done, "completionCode"), "success");
    const auto& services = done->at("payload").at("services").as_array();
    ASSERT_EQ(services.size(), 1u);
    EXPECT_EQ(services[0].at("serviceURI").as_string(), uri());
}

TEST_F(XfsServerTest, RejectedCommandsGetOnlyAnAcknowledge) {
    WsClient c(uri(), 300);
    c.send_text("{not json");
    EXPECT_EQ(header_str(*c.next(), "status"), "invalidMessage");
    c.command("Test.Quick", 0);
    EXPECT_EQ(header_str(*c.next(), "status"), "invalidRequestID");
    c.send_text(R"({"header":{"type":"command","name":"Test.Quick","requestId":"7"},"payload":null})");
    EXPECT_EQ(header_str(*c.next(), "status"), "invalidRequestID");
    c.send_text(R"({"header":{"type":"command","name":"Test.Quick","requestId":7,"colour":"red"},"payload":null})");
    EXPECT_EQ(header_str(*c.next(), "status"), "invalidMessage");
    EXPECT_FALSE(c.next()) << "no completion follows a rejecting acknowledge";
}

TEST_F(XfsServerTest, DuplicateIdsAndTooManyRequests) {
    WsClient c(uri(), 500);
    c.command("Test.Wait", 1);
    ASSERT_TRUE(c.until("acknowledge", 1));
    c.command("Test.Quick", 1);
    EXPECT_EQ(header_str(*c.next(), "status"), "invalidRequestID");
    for (int id = 2; id <= 4; ++id) c.command("Test.Quick", id);  // queued behind the Wait: 4 outstanding
    for (int id = 2; id <= 4; ++id) ASSERT_TRUE(c.until("acknowledge", id));
    c.command("Test.Quick", 5);
    EXPECT_EQ(header_str(*c.next(), "status"), "tooManyRequests");
    finish_wait();
    for (int id = 2; id <= 4; ++id) ASSERT_TRUE(c.until("completion", id)) << id;
}

TEST_F(XfsServerTest, CommandsRunInOrderAndInformationCommandsAtOnce) {
    WsClient c(uri());
    c.command("Test.Wait", 1);
    c.command("Test.Quick", 2);
    c.command("Test.Info", 3);
    auto info = c.until("completion", 3);
    ASSERT_TRUE(info) << "an information command does not wait for the queue";
    EXPECT_EQ(info->at("payload").at("order").as_int64(), 1);
    finish_wait();
    auto wait = c.until("completion", 1);
    ASSERT_TRUE(wait);
    auto quick = c.until("completion", 2);
    ASSERT_TRUE(quick);
    EXPECT_EQ(quick->at("payload").at("order").as_int64(), 2);
}

TEST_F(XfsServerTest, SolicitedEventsComeBeforeTheOneCompletion) {
    WsClient c(uri(), 300);
    c.command("Test.Event", 9);
    EXPECT_EQ(header_str(*c.next(), "type"), "acknowledge");
    auto ev = c.next();
    EXPECT_EQ(header_str(*ev, "type"), "event");
    EXPECT_EQ(ev->at("header").at("requestId").as_int64(), 9);
    EXPECT_EQ(header_str(*c.next(), "type"), "completion");
    EXPECT_FALSE(c.next());
}

TEST_F(XfsServerTest, HeaderTimeoutEndsTheCommandWithTimeOut) {
    WsClient c(uri());
    c.command("Test.Wait", 1, nullptr, 100);
    auto done = c.until("completion", 1);
    ASSERT_TRUE(done);
    EXPECT_EQ(header_str(*done, "completionCode"), "timeOut");
    server.call([&] { EXPECT_EQ(device->stops, 1); });
}

// The largest timeout a client can write (int64 ms) overflowed the timer's nanoseconds and timed the command out
// at once; it is a wait longer than any run, so the command completes only when the device completes it.
TEST_F(XfsServerTest, HugeHeaderTimeoutDoesNotEndTheCommand) {
    WsClient c(uri());
    c.command("Test.Wait", 1, nullptr, std::numeric_limits<std::int64_t>::max());
    ASSERT_TRUE(c.until("acknowledge", 1));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // an immediate timer would have fired by now
    finish_wait();
    auto done = c.until("completion", 1);
    ASSERT_TRUE(done);
    EXPECT_EQ(header_str(*done, "completionCode"), "success");
}

TEST_F(XfsServerTest, CancelEndsQueuedAndExecutingCommandsOfThisConnectionOnly) {
    WsClient a(uri()), b(uri());
    a.command("Test.Wait", 1);
    ASSERT_TRUE(a.until("acknowledge", 1));
    a.command("Test.Quick", 2);
    ASSERT_TRUE(a.until("acknowledge", 2));
    b.command("Common.Cancel", 1, json::object{{"requestIds", json::array{1, 2}}});
    auto none = b.until("completion", 1);
    ASSERT_TRUE(none);
    EXPECT_EQ(none->at("payload").at("errorCode").as_string(), "noMatchingRequestIDs");
    a.command("Common.Cancel", 3);
    auto c1 = a.until("completion", 1);
    ASSERT_TRUE(c1);
    EXPECT_EQ(header_str(*c1, "completionCode"), "canceled");
    auto c2 = a.until("completion", 2);
    EXPECT_EQ(header_str(*c2, "completionCode"), "canceled");
    auto c3 = a.until("completion", 3);
    EXPECT_EQ(header_str(*c3, "completionCode"), "success");
    server.call([&] { EXPECT_EQ(device->stops, 1) << "only the executing command had started"; });
}

TEST_F(XfsServerTest, DisconnectCancelsThatConnectionsCommands) {
    {
        WsClient a(uri());
        a.command("Test.Wait", 1);
        ASSERT_TRUE(a.until("acknowledge", 1));
        a.close();
    }
    WsClient b(uri());
    b.command("Test.Quick", 1);
    auto done = b.until("completion", 1);
    ASSERT_TRUE(done) << "the queue moved on after the disconnect";
    server.call([&] { EXPECT_EQ(device->stops, 1); });
}

TEST_F(XfsServerTest, UnsolicitedEventsReachEveryConnection) {
    WsClient a(uri()), b(uri());
    a.command("Common.Status", 1);  // make sure both sessions are registered
    b.command("Common.Status", 1);
    ASSERT_TRUE(a.until("completion", 1));
    ASSERT_TRUE(b.until("completion", 1));
    server.call([&] { device->announce(); });
    for (WsClient* c : {&a, &b}) {
        auto m = c->next();
        ASSERT_TRUE(m);
        EXPECT_EQ(header_str(*m, "type"), "unsolicited");
        EXPECT_EQ(header_str(*m, "name"), "Test.UnsolicitedEvent");
        EXPECT_FALSE(m->at("header").as_object().contains("requestId"));
    }
}

TEST_F(XfsServerTest, FragmentedMessagesAreReassembled) {
    WsClient c(uri());
    c.stream().auto_fragment(true);
    c.stream().write_buffer_bytes(16);
    c.command("Test.Quick", 42, json::object{{"padding", std::string(200, 'x')}});
    auto done = c.until("completion", 42);
    ASSERT_TRUE(done);
    EXPECT_EQ(header_str(*done, "completionCode"), "success");
}

TEST_F(XfsServerTest, UnsupportedCommandsCompleteWithUnsupportedCommand) {
    WsClient c(uri());
    c.command("CardReader.ReadRawData", 1);
    auto done = c.until("completion", 1);
    EXPECT_EQ(header_str(*done, "completionCode"), "unsupportedCommand");
}

TEST_F(XfsServerTest, CommonStatusCapabilitiesAndTransactionState) {
    WsClient c(uri());
    c.command("Common.Capabilities", 1);
    auto caps = c.until("completion", 1);
    ASSERT_TRUE(caps);
    const auto& ifaces = caps->at("payload").at("interfaces").as_array();
    ASSERT_EQ(ifaces.size(), 2u);
    EXPECT_EQ(ifaces[1].at("name").as_string(), "Test");
    EXPECT_TRUE(ifaces[1].at("commands").as_object().contains("Test.Wait"));
    c.command("Common.SetTransactionState", 2, json::object{{"state", "active"}, {"transactionID", "T1"}});
    EXPECT_EQ(header_str(*c.until("completion", 2), "completionCode"), "success");
    c.command("Common.GetTransactionState", 3);
    auto st = c.until("completion", 3);
    EXPECT_EQ(st->at("payload").at("state").as_string(), "active");
    c.command("Common.SetTransactionState", 4, json::object{{"state", "maybe"}});
    EXPECT_EQ(header_str(*c.until("completion", 4), "completionCode"), "invalidData");
}

TEST_F(XfsServerTest, EveryMessageIsOnTheWireRecord) {
    WsClient c(uri());
    c.command("Test.Quick", 1);
    ASSERT_TRUE(c.until("completion", 1));
    auto wire = server.wire();
    ASSERT_GE(wire.size(), 3u);
    EXPECT_TRUE(wire[0].inbound);
    EXPECT_EQ(wire[0].service, "Test1");
    EXPECT_FALSE(wire.back().inbound);
    EXPECT_LE(wire.front().time_ns, wire.back().time_ns);
}

}  // namespace atmbench::xfs4iot::test
