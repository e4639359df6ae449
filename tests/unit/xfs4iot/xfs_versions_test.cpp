// Common.SetVersions (docs/references.md [XFS4IoT] §2): what Common.Capabilities offers is what SetVersions accepts;
// unknown names and unsupported majors are invalidData naming each, and change nothing; accepted choices hold for
// that connection only and stamp the header version of its later completions, solicited and unsolicited events.
#include "ws_client.hpp"

#include "atmbench/xfs4iot/xfs_server.hpp"

#include <gtest/gtest.h>

namespace atmbench::xfs4iot::test {

namespace json = boost::json;

namespace {

class VersionedDevice : public Service {
public:
    std::string name() const override { return "Versioned1"; }
    std::vector<std::string> interfaces() const override { return {"Test"}; }
    std::map<std::string, CommandInfo> commands() const override {
        return {{"Test.Quick", {}},
                {"Test.Multi", {"3.0", false, {"3.0", "2.0"}}},  // listed out of order on purpose
                {"Test.Minor", {"2.1", true}},
                {"Test.Event", {}},
                {"Test.OwnCompletion", {"2.0", false, {}, "3.0"}}};
    }
    std::vector<std::string> events() const override {
        return {"Test.SomethingEvent", "Test.UnsolicitedEvent", "Common.StatusChangedEvent"};
    }
    void execute(const std::shared_ptr<Command>& cmd) override {
        if (cmd->name() == "Test.Event") cmd->event("Test.SomethingEvent", json::object{{"n", 1}});
        cmd->complete(CompletionCode::Success);
    }
    json::object status() const override { return {{"common", json::object{{"device", "online"}}}}; }
    void changed() { status_changed({{"common", json::object{{"device", "online"}}}}); }
    void announce() { broadcast("Test.UnsolicitedEvent", json::object{{"x", 1}}); }
};

std::string version_of(const json::object& m) { return header_str(m, "version"); }

json::array offered(const json::object& caps, const std::string& iface, const std::string& kind, const std::string& name) {
    for (const auto& i : caps.at("payload").at("interfaces").as_array())
        if (i.at("name").as_string() == iface) return i.at(kind).at(name).at("versions").as_array();
    return {};
}

}  // namespace

class XfsVersionsTest : public ::testing::Test {
protected:
    void SetUp() override {
        server.add_service(device);
        server.start();
    }
    std::string uri() const { return server.service_uri("Versioned1"); }

    // SetVersions on `c` with id `id`; returns the completion.
    json::object set_versions(WsClient& c, std::int64_t id, json::value payload) {
        c.command("Common.SetVersions", id, std::move(payload));
        auto done = c.until("completion", id);
        EXPECT_TRUE(done);
        return done ? *done : json::object{};
    }
    std::string completion_version(WsClient& c, const std::string& command, std::int64_t id) {
        c.command(command, id);
        auto done = c.until("completion", id);
        EXPECT_TRUE(done) << command;
        return done ? version_of(*done) : "";
    }

    std::shared_ptr<VersionedDevice> device = std::make_shared<VersionedDevice>();
    XfsServer server{ServerOptions{"127.0.0.1:0", "atmbench-test", 8}};
};

TEST_F(XfsVersionsTest, CapabilitiesOfferEveryVersionLowestFirst) {
    WsClient c(uri());
    c.command("Common.Capabilities", 1);
    auto caps = c.until("completion", 1);
    ASSERT_TRUE(caps);
    EXPECT_EQ(offered(*caps, "Common", "commands", "Common.Status"), (json::array{"2.0", "3.0"}));
    EXPECT_EQ(offered(*caps, "Common", "commands", "Common.SetVersions"), (json::array{"2.0"}));
    EXPECT_EQ(offered(*caps, "Common", "events", "Common.StatusChangedEvent"), (json::array{"2.0", "3.0"}));
    EXPECT_EQ(offered(*caps, "Test", "commands", "Test.Multi"), (json::array{"2.0", "3.0"}));
    EXPECT_EQ(offered(*caps, "Test", "commands", "Test.Minor"), (json::array{"2.1"}));
    EXPECT_EQ(offered(*caps, "Test", "events", "Test.SomethingEvent"), (json::array{"2.0"}));
}

TEST_F(XfsVersionsTest, CapabilitiesCarryTheCommonBlockOf2024_03) {
    // 2024-03 Common.Capabilities: `common` {serviceVersion, deviceInformation[], powerSaveControl, antiFraudModule}
    // for every service; a third-party client reads the service version and the device from it.
    WsClient c(uri());
    c.command("Common.Capabilities", 1);
    auto caps = c.until("completion", 1);
    ASSERT_TRUE(caps);
    const json::value* common = caps->at("payload").as_object().if_contains("common");
    ASSERT_NE(common, nullptr) << json::serialize(*caps);
    EXPECT_TRUE(common->at("serviceVersion").is_string());
    EXPECT_FALSE(common->at("serviceVersion").as_string().empty());
    const json::array& devices = common->at("deviceInformation").as_array();
    ASSERT_EQ(devices.size(), 1u);
    for (const char* key : {"modelName", "serialNumber", "revisionNumber", "modelDescription"})
        EXPECT_TRUE(devices[0].at(key).is_string()) << key;
    EXPECT_EQ(common->at("powerSaveControl"), false);
    EXPECT_EQ(common->at("antiFraudModule"), false);
}

TEST_F(XfsVersionsTest, WithoutSetVersionsEveryMessageCarriesIts2024_03Version) {
    // A 2024-03 client that negotiates nothing must never see a version its release does not have for the message:
    // Common.Status completes as 3.0, a command whose completion changed (ReadRawData: 2.0 → 3.0) completes as 3.0.
    WsClient c(uri());
    EXPECT_EQ(completion_version(c, "Common.Status", 1), "3.0");
    EXPECT_EQ(completion_version(c, "Test.Multi", 2), "3.0");
    EXPECT_EQ(completion_version(c, "Test.Minor", 3), "2.1");
    EXPECT_EQ(completion_version(c, "Test.Quick", 4), "2.0");
    EXPECT_EQ(completion_version(c, "Test.OwnCompletion", 5), "3.0");
}

TEST_F(XfsVersionsTest, AcceptedVersionsStampLaterMessagesOfThatConnectionOnly) {
    WsClient a(uri()), b(uri());
    auto done = set_versions(a, 1,
                             json::object{{"commands", json::object{{"Common.Status", 3}, {"Test.Multi", 3}, {"Test.Minor", 2}}},
                                          {"events", json::object{{"Common.StatusChangedEvent", 3}, {"Test.SomethingEvent", 2}}}});
    EXPECT_EQ(header_str(done, "completionCode"), "success") << json::serialize(done);
    EXPECT_EQ(version_of(done), "2.0") << "SetVersions' own completion carries its version";

    EXPECT_EQ(completion_version(a, "Common.Status", 2), "3.0");
    EXPECT_EQ(completion_version(a, "Test.Multi", 3), "3.0");
    EXPECT_EQ(completion_version(a, "Test.Minor", 4), "2.1") << "major 2 of a 2.1 message is 2.1";
    EXPECT_EQ(completion_version(a, "Test.Quick", 5), "2.0") << "not negotiated: unchanged";
    EXPECT_EQ(completion_version(b, "Common.Status", 1), "3.0") << "another connection keeps the default";

    a.command("Test.Event", 6);
    auto ev = a.until("event", 6);
    ASSERT_TRUE(ev);
    EXPECT_EQ(version_of(*ev), "2.0");
    ASSERT_TRUE(a.until("completion", 6));

    server.call([&] { device->changed(); });
    auto on_a = a.next();
    auto on_b = b.next();
    ASSERT_TRUE(on_a && on_b);
    EXPECT_EQ(header_str(*on_a, "name"), "Common.StatusChangedEvent");
    EXPECT_EQ(version_of(*on_a), "3.0");
    EXPECT_EQ(version_of(*on_b), "3.0") << "not negotiated: its 2024-03 version";

    // A later SetVersions changes what it names and keeps the rest.
    done = set_versions(a, 7, json::object{{"commands", json::object{{"Common.Status", 2}}}});
    EXPECT_EQ(header_str(done, "completionCode"), "success");
    EXPECT_EQ(completion_version(a, "Common.Status", 8), "2.0");
    EXPECT_EQ(completion_version(a, "Test.Multi", 9), "3.0");
}

TEST_F(XfsVersionsTest, UnknownNamesAndUnsupportedVersionsAreInvalidDataAndChangeNothing) {
    WsClient c(uri());
    auto done = set_versions(c, 1, json::object{{"commands", json::object{{"Test.Multi", 3}}}});
    ASSERT_EQ(header_str(done, "completionCode"), "success");

    struct Case {
        json::value payload;
        std::vector<std::string> named;  // what errorDescription must mention
    };
    std::vector<Case> cases{
        {json::object{{"commands", json::object{{"Test.Nope", 2}}}}, {"unknown command", "Test.Nope"}},
        {json::object{{"commands", json::object{{"Common.Status", 4}}}}, {"Common.Status", "4", "2, 3"}},
        {json::object{{"commands", json::object{{"Test.Minor", 3}}}}, {"Test.Minor", "3"}},
        {json::object{{"events", json::object{{"Test.NoSuchEvent", 2}}}}, {"unknown event", "Test.NoSuchEvent"}},
        {json::object{{"events", json::object{{"Test.SomethingEvent", 3}}}}, {"Test.SomethingEvent", "3"}},
        {json::object{{"commands", json::object{{"Test.Multi", "3.0"}}}}, {"Test.Multi", "integer"}},
        {json::object{{"commands", json::object{{"Test.Multi", 0}}}}, {"Test.Multi", "0"}},
        {json::object{{"commands", json::array{}}}, {"commands"}},
        {json::object{{"versions", json::object{}}}, {"versions"}},
        // One bad entry spoils the whole request: Test.Multi 2 must not be applied.
        {json::object{{"commands", json::object{{"Test.Multi", 2}, {"Common.Status", 9}}}}, {"Common.Status", "9"}},
    };
    std::int64_t id = 10;
    for (const auto& k : cases) {
        done = set_versions(c, ++id, k.payload);
        EXPECT_EQ(header_str(done, "completionCode"), "invalidData") << json::serialize(k.payload);
        std::string why = header_str(done, "errorDescription");
        for (const auto& n : k.named) EXPECT_NE(why.find(n), std::string::npos) << why << " should name " << n;
    }
    EXPECT_EQ(completion_version(c, "Test.Multi", ++id), "3.0") << "the earlier choice still holds";
    EXPECT_EQ(completion_version(c, "Common.Status", ++id), "3.0");
}

TEST_F(XfsVersionsTest, NegotiatedEventVersionReachesSolicitedAndUnsolicitedEvents) {
    // Event majors beyond 2 exist here only for Common.StatusChangedEvent; a solicited event keeps the device's
    // version until negotiated, then carries the negotiated one (2 → "2.0").
    WsClient c(uri());
    auto done = set_versions(c, 1, json::object{{"events", json::object{{"Test.UnsolicitedEvent", 2}}}});
    ASSERT_EQ(header_str(done, "completionCode"), "success");
    server.call([&] { device->announce(); });
    auto m = c.next();
    ASSERT_TRUE(m);
    EXPECT_EQ(header_str(*m, "type"), "unsolicited");
    EXPECT_EQ(version_of(*m), "2.0");
}

}  // namespace atmbench::xfs4iot::test
