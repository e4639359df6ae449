// The text terminal over XFS4IoT: what Write / ClearScreen put on the screen and its history, Read with
// KeyEvents and echo, cancel / timeout / hang of a waiting Read, faults.
#include "io_test_support.hpp"

#include "devices/text_terminal/text_terminal_device.hpp"

namespace atmbench::devices::test {

class TextTerminalIo : public DeviceIoTest {
protected:
    void SetUp() override { start(make_text_terminal_device(TextTerminalConfig{4, 10})); }
    std::vector<std::string> screen() {
        std::vector<std::string> rows;
        json::object t = truth();
        for (const auto& r : t.at("screen").as_array()) rows.push_back(std::string(r.as_string()));
        return rows;
    }
};

TEST_F(TextTerminalIo, WriteAndClearScreenChangeWhatIsShownAndTheHistory) {
    WsClient c(uri("TextTerminal1"));
    auto w = run(c, "TextTerminal.Write", 1,
                 json::object{{"mode", "absolute"}, {"posX", 2}, {"posY", 1}, {"textAttr", json::object{{"inverted", true}}},
                              {"text", "HELLO"}});
    ASSERT_EQ(code_of(w), "success");
    run(c, "TextTerminal.Write", 2, json::object{{"mode", "absolute"}, {"posX", 0}, {"posY", 2}, {"text", "0123456789AB\nZ"}});
    EXPECT_EQ(screen(), (std::vector<std::string>{"          ", "  HELLO   ", "0123456789", "AB        "}))
        << "wraps at the right edge; what falls below the last row is dropped";
    auto outside = run(c, "TextTerminal.Write", 3, json::object{{"mode", "absolute"}, {"posX", 10}, {"posY", 0}, {"text", "x"}});
    EXPECT_EQ(code_of(outside), "invalidData");
    ASSERT_EQ(code_of(run(c, "TextTerminal.ClearScreen", 4)), "success");
    EXPECT_EQ(screen(), (std::vector<std::string>(4, std::string(10, ' '))));

    json::object t = truth();
    const auto& history = t.at("history").as_array();
    ASSERT_EQ(history.size(), 3u);
    EXPECT_EQ(history[0].at("what").as_string(), "write");
    EXPECT_EQ(history[0].at("text").as_string(), "HELLO");
    EXPECT_EQ(history[0].at("screen").as_array()[1].as_string(), "  HELLO   ");
    EXPECT_EQ(history[2].at("what").as_string(), "clear");
    EXPECT_LE(history[0].at("timeNs").as_int64(), history[1].at("timeNs").as_int64());
    EXPECT_LE(history[1].at("timeNs").as_int64(), history[2].at("timeNs").as_int64());
}

TEST_F(TextTerminalIo, ReadReportsKeysEchoesAndCompletesWithTheInput) {
    WsClient c(uri("TextTerminal1"));
    start_command(c, "TextTerminal.Read", 1,
                  json::object{{"numOfChars", 4}, {"mode", "absolute"}, {"posX", 3}, {"posY", 3}, {"echoMode", "password"},
                               {"activeKeys", "0123456789"},
                               {"commandKeys", json::object{{"enter", json::object{{"terminate", true}}},
                                                            {"backspace", json::object{{"terminate", false}}}}}});
    auto r = act("pressKeys", {{"keys", json::array{"1", "x", "2", "3", "backspace", "enter"}}});
    EXPECT_EQ(r.at("accepted").as_int64(), 5);
    ASSERT_EQ(r.at("ignored").as_array().size(), 1u);
    EXPECT_EQ(r.at("ignored").as_array()[0].at("key").as_string(), "x");
    std::vector<std::string> seen;
    for (int i = 0; i < 5; ++i) {
        auto ev = c.next();
        ASSERT_TRUE(ev);
        EXPECT_EQ(header_str(*ev, "name"), "TextTerminal.KeyEvent");
        const auto& p = payload_of(*ev);
        seen.push_back(std::string(p.contains("key") ? p.at("key").as_string() : p.at("commandKey").as_string()));
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"1", "2", "3", "backspace", "enter"}));
    auto done = c.next();
    ASSERT_TRUE(done);
    EXPECT_EQ(code_of(*done), "success");
    EXPECT_EQ(payload_of(*done).at("input").as_string(), "12");
    EXPECT_EQ(screen()[3], "   ***    ") << "password echo shows stars, never the characters";
}

TEST_F(TextTerminalIo, ReadAutoEndsAtNumOfChars) {
    WsClient c(uri("TextTerminal1"));
    start_command(c, "TextTerminal.Read", 1, json::object{{"numOfChars", 2}, {"autoEnd", true}, {"echoMode", "invisible"}});
    act("pressKeys", {{"keys", json::array{"a", "b", "c"}}});
    auto done = c.until("completion", 1);
    ASSERT_TRUE(done);
    EXPECT_EQ(payload_of(*done).at("input").as_string(), "ab");
    EXPECT_EQ(screen()[0], std::string(10, ' ')) << "invisible echo";
}

TEST_F(TextTerminalIo, CancelTimeoutAndHangOfAWaitingRead) {
    WsClient c(uri("TextTerminal1"));
    start_command(c, "TextTerminal.Read", 1, json::object{{"numOfChars", 4}});
    c.command("Common.Cancel", 2);
    auto canceled = c.until("completion", 1);
    ASSERT_TRUE(canceled);
    EXPECT_EQ(code_of(*canceled), "canceled");
    EXPECT_EQ(act("pressKeys", {{"keys", json::array{"1"}}}).at("accepted").as_int64(), 0);

    c.command("TextTerminal.Read", 3, json::object{{"numOfChars", 4}}, 120);
    auto timed_out = c.until("completion", 3);
    ASSERT_TRUE(timed_out);
    EXPECT_EQ(code_of(*timed_out), "timeOut");

    fault({{"name", "hang"}, {"at", "read"}});
    c.command("TextTerminal.Read", 4, json::object{{"numOfChars", 1}, {"autoEnd", true}}, 200);
    ASSERT_TRUE(c.until("acknowledge", 4));
    EXPECT_EQ(act("pressKeys", {{"keys", json::array{"7"}}}).at("accepted").as_int64(), 0);
    auto hung = c.next();
    ASSERT_TRUE(hung);
    EXPECT_EQ(header_str(*hung, "type"), "completion") << "no KeyEvent from the hung keyboard";
    EXPECT_EQ(code_of(*hung), "timeOut");
}

TEST_F(TextTerminalIo, FaultsAndInformationCommands) {
    WsClient c(uri("TextTerminal1"));
    auto keys = run(c, "TextTerminal.GetKeyDetail", 1);
    EXPECT_NE(payload_of(keys).at("keys").as_string().find('7'), std::string::npos);
    auto status = run(c, "Common.Status", 2);
    EXPECT_EQ(payload_of(status).at("textTerminal").at("displaySizeX").as_int64(), 10);
    fault({{"name", "hardwareError"}, {"at", "write"}});
    EXPECT_EQ(code_of(run(c, "TextTerminal.Write", 3, json::object{{"text", "x"}})), "hardwareError");
    EXPECT_EQ(code_of(run(c, "TextTerminal.Reset", 4)), "success");
    EXPECT_EQ(code_of(run(c, "TextTerminal.Write", 5, json::object{{"text", "x"}})), "success");
    fault({{"name", "offline"}});
    EXPECT_EQ(code_of(run(c, "TextTerminal.Beep", 6)), "deviceNotReady");
    EXPECT_THROW(act("pressKeys", {{"keys", json::array{""}}}), ActionError);
    EXPECT_THROW(fault({{"name", "paperJam"}}), ActionError);
}

}  // namespace atmbench::devices::test
