// Lights and sensors over XFS4IoT: state in Common.Status, Common.StatusChangedEvent to every connection on each
// change (and none when nothing changed), recorded history, faults.
#include "io_test_support.hpp"

#include "devices/lights/lights_device.hpp"
#include "devices/sensors/sensors_device.hpp"

namespace atmbench::devices::test {

class LightsIo : public DeviceIoTest {
protected:
    void SetUp() override { start(make_lights_device()); }
};

TEST_F(LightsIo, SetLightBroadcastsTheChangeAndRecordsIt) {
    WsClient a(uri("Lights1")), b(uri("Lights1"));
    registered(a, 1);
    registered(b, 1);
    json::object set{{"cardReader", json::object{{"flashRate", "quick"}, {"color", "green"}}}};
    EXPECT_EQ(code_of(run(a, "Lights.SetLight", 2, set)), "success");
    for (WsClient* c : {&a, &b}) {
        auto ev = c->next();
        ASSERT_TRUE(ev);
        EXPECT_EQ(header_str(*ev, "type"), "unsolicited");
        EXPECT_EQ(header_str(*ev, "name"), "Common.StatusChangedEvent");
        EXPECT_EQ(payload_of(*ev).at("lights").at("cardReader").at("flashRate").as_string(), "quick");
        EXPECT_EQ(payload_of(*ev).at("lights").as_object().size(), 1u) << "only what changed";
    }
    auto status = run(a, "Common.Status", 3);
    EXPECT_EQ(payload_of(status).at("lights").at("cardReader").at("color").as_string(), "green");
    EXPECT_EQ(payload_of(status).at("lights").at("pinPad").at("flashRate").as_string(), "off");

    EXPECT_EQ(code_of(run(a, "Lights.SetLight", 4, set)), "success");
    a.command("Common.Status", 5);
    auto next = a.next();
    ASSERT_TRUE(next);
    EXPECT_EQ(header_str(*next, "type"), "acknowledge") << "the same state again changes nothing: no event";

    json::object t = truth();
    const auto& history = t.at("history").as_array();
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].at("light").as_string(), "cardReader");
    EXPECT_GT(history[0].at("timeNs").as_int64(), 0);
}

TEST_F(LightsIo, UnknownLightsAndValuesChangeNothing) {
    WsClient c(uri("Lights1"));
    json::object bad{{"pinPad", json::object{{"flashRate", "slow"}}}, {"teleporter", json::object{{"flashRate", "slow"}}}};
    EXPECT_EQ(code_of(run(c, "Lights.SetLight", 1, bad)), "invalidData");
    EXPECT_EQ(code_of(run(c, "Lights.SetLight", 2, json::object{{"pinPad", json::object{{"flashRate", "strobe"}}}})),
              "invalidData");
    EXPECT_TRUE(truth().at("history").as_array().empty()) << "all or nothing";
    fault({{"name", "offline"}});
    EXPECT_EQ(code_of(run(c, "Lights.SetLight", 3, json::object{{"pinPad", json::object{{"flashRate", "slow"}}}})),
              "deviceNotReady");
    EXPECT_THROW(act("press"), ActionError);
}

class SensorsIo : public DeviceIoTest {
protected:
    void SetUp() override { start(make_sensors_device()); }
};

TEST_F(SensorsIo, SensorChangesReachEveryConnectionAndTheStatus) {
    WsClient a(uri("Auxiliaries1")), b(uri("Auxiliaries1"));
    registered(a, 1);
    registered(b, 1);
    EXPECT_TRUE(act("setSensor", {{"sensor", "safeDoor"}, {"state", "open"}}).at("changed").as_bool());
    act("setSensor", {{"sensor", "cabinetDoor"}, {"state", "open"}});
    act("setSensor", {{"sensor", "operatorSwitch"}, {"state", "supervisor"}});
    for (WsClient* c : {&a, &b}) {
        std::vector<std::string> changed;
        for (int i = 0; i < 3; ++i) {
            auto ev = c->next();
            ASSERT_TRUE(ev);
            EXPECT_EQ(header_str(*ev, "name"), "Common.StatusChangedEvent");
            for (const auto& kv : payload_of(*ev).at("auxiliaries").as_object())
                changed.push_back(std::string(kv.key()) + "=" + std::string(kv.value().as_string()));
        }
        EXPECT_EQ(changed, (std::vector<std::string>{"safeDoor=open", "cabinetFrontDoor=open", "operatorSwitch=supervisor"}));
    }
    auto status = run(a, "Common.Status", 2);
    const auto& aux = payload_of(status).at("auxiliaries").as_object();
    EXPECT_EQ(aux.at("safeDoor").as_string(), "open");
    EXPECT_EQ(aux.at("cardEntryGate").as_string(), "ok");
    EXPECT_FALSE(act("setSensor", {{"sensor", "safeDoor"}, {"state", "open"}}).at("changed").as_bool());
    EXPECT_EQ(truth().at("history").as_array().size(), 3u);
}

TEST_F(SensorsIo, GateAbnormalFaultAndItsClearing) {
    WsClient c(uri("Auxiliaries1"));
    registered(c, 1);
    fault({{"name", "gateAbnormal"}});
    auto ev = c.next();
    ASSERT_TRUE(ev);
    EXPECT_EQ(payload_of(*ev).at("auxiliaries").at("cardEntryGate").as_string(), "abnormal");
    clear_faults();
    ev = c.next();
    ASSERT_TRUE(ev);
    EXPECT_EQ(payload_of(*ev).at("auxiliaries").at("cardEntryGate").as_string(), "ok");
}

TEST_F(SensorsIo, SetAuxiliariesIsRecordedAndBadActionsExplainThemselves) {
    WsClient c(uri("Auxiliaries1"));
    EXPECT_EQ(code_of(run(c, "Auxiliaries.SetAuxiliaries", 1, json::object{{"fasciaLight", "on"}})), "success");
    json::object t = truth();
    const auto& requests = t.at("requests").as_array();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].at("fasciaLight").as_string(), "on");
    try {
        act("setSensor", {{"sensor", "safeDoor"}, {"state", "ajar"}});
        FAIL() << "no ActionError";
    } catch (const ActionError& e) {
        EXPECT_NE(std::string(e.what()).find("closed, open"), std::string::npos) << e.what();
    }
    EXPECT_THROW(act("setSensor", {{"sensor", "roof"}, {"state", "open"}}), ActionError);
    EXPECT_THROW(fault({{"name", "paperOut"}}), ActionError);
    fault({{"name", "offline"}});
    EXPECT_EQ(code_of(run(c, "Auxiliaries.SetAuxiliaries", 2)), "deviceNotReady");
}

}  // namespace atmbench::devices::test
