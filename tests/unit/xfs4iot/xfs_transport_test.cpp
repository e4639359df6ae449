// The connection layer under the protocol: frames of every length encoding (RFC 6455 §5.2), several messages
// written together, the close handshake, bad upgrades answered before the connection closes, and keep-alive (a
// silent client is pinged; one that never answers is dropped and its commands cancelled).
#include "ws_client.hpp"

#include "atmbench/xfs4iot/xfs_server.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace atmbench::xfs4iot::test {

namespace json = boost::json;
namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

class EchoDevice : public Service {
public:
    std::string name() const override { return "Echo1"; }
    std::vector<std::string> interfaces() const override { return {"Echo"}; }
    std::map<std::string, CommandInfo> commands() const override { return {{"Echo.Say", {}}, {"Echo.Wait", {}}}; }
    void execute(const std::shared_ptr<Command>& cmd) override {
        if (cmd->name() == "Echo.Wait") {
            cmd->on_stop([this] { ++stops; });
            waiting = cmd;
            return;
        }
        // Several events before the completion: all produced in one handler, all must arrive whole and in order.
        for (int i = 0; i < 3; ++i) cmd->event("Echo.HeardEvent", json::object{{"i", i}});
        cmd->complete(CompletionCode::Success, cmd->payload());
    }
    json::object status() const override { return {{"common", json::object{{"device", "online"}}}}; }
    std::shared_ptr<Command> waiting;
    int stops = 0;
};

}  // namespace

class XfsTransportTest : public ::testing::Test {
protected:
    void start(ServerOptions o = ServerOptions{"127.0.0.1:0", "atmbench-test", 8}) {
        server = std::make_unique<XfsServer>(o);
        server->add_service(device);
        server->start();
    }
    std::string uri() const { return server->service_uri("Echo1"); }
    // Polls the device on the server thread until `pred` holds, at most 5 s.
    bool eventually(const std::function<bool()>& pred) {
        for (int i = 0; i < 250; ++i) {
            bool ok = false;
            server->call([&] { ok = pred(); });
            if (ok) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }

    std::shared_ptr<EchoDevice> device = std::make_shared<EchoDevice>();
    std::unique_ptr<XfsServer> server;
};

TEST_F(XfsTransportTest, EveryFrameLengthEncodingAndBatchedMessagesArriveWhole) {
    start();
    WsClient c(uri());
    std::int64_t id = 0;
    for (std::size_t size : {0u, 50u, 125u, 126u, 1000u, 65535u, 65536u, 300000u}) {
        std::string text(size, 'a' + static_cast<char>(id % 26));
        c.command("Echo.Say", ++id, json::object{{"text", text}});
        ASSERT_EQ(header_str(*c.next(), "type"), "acknowledge");
        for (int i = 0; i < 3; ++i) {
            auto ev = c.next();
            ASSERT_TRUE(ev) << size;
            EXPECT_EQ(ev->at("payload").at("i").as_int64(), i);
        }
        auto done = c.next();
        ASSERT_TRUE(done) << size;
        EXPECT_EQ(header_str(*done, "type"), "completion");
        EXPECT_EQ(done->at("payload").at("text").as_string(), text) << size;
    }
}

TEST_F(XfsTransportTest, CloseHandshakeCompletesAndCancelsTheConnectionsCommands) {
    start();
    WsClient c(uri());
    c.command("Echo.Wait", 1);
    ASSERT_TRUE(c.until("acknowledge", 1));
    beast::error_code result = asio::error::timed_out;
    bool finished = false;
    // The client's close: the server answers with its close frame and tears the TCP connection down.
    c.stream().async_close(beast::websocket::close_code::normal, [&](beast::error_code ec) {
        result = ec;
        finished = true;
    });
    asio::io_context& io = c.io();
    io.restart();
    io.run_for(std::chrono::seconds(5));
    EXPECT_TRUE(finished);
    EXPECT_FALSE(result) << result.message();
    EXPECT_TRUE(eventually([&] { return device->stops == 1; })) << "the waiting command is cancelled";
}

TEST_F(XfsTransportTest, BadUpgradeIsAnsweredBeforeTheConnectionCloses) {
    start();
    asio::io_context io;
    asio::ip::tcp::socket s(io);
    std::string hostport = server->address();
    s.connect({asio::ip::make_address("127.0.0.1"),
               static_cast<unsigned short>(std::stoi(hostport.substr(hostport.find(':') + 1)))});
    // An upgrade without Sec-WebSocket-Key: Beast answers 400 and the server closes afterwards.
    std::string req = "GET /xfs4iot/v1.0/Echo1/ HTTP/1.1\r\nHost: " + hostport +
                      "\r\nUpgrade: websocket\r\nConnection: upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n";
    asio::write(s, asio::buffer(req));
    std::string got;
    char buf[1024];
    bool eof = false;
    std::function<void()> read_more = [&] {
        s.async_read_some(asio::buffer(buf), [&](beast::error_code ec, std::size_t n) {
            got.append(buf, n);
            if (ec) eof = true;
            else read_more();
        });
    };
    read_more();
    io.run_for(std::chrono::seconds(5));
    EXPECT_TRUE(eof) << "the server closes the connection";
    EXPECT_EQ(got.rfind("HTTP/1.1 400", 0), 0u) << got;
}

// The whole answer to one raw HTTP request (read until the server closes; bounded).
std::string http_exchange(const std::string& hostport, const std::string& request) {
    asio::io_context io;
    asio::ip::tcp::socket s(io);
    s.connect({asio::ip::make_address("127.0.0.1"),
               static_cast<unsigned short>(std::stoi(hostport.substr(hostport.find(':') + 1)))});
    asio::write(s, asio::buffer(request));
    std::string got;
    char buf[1024];
    std::function<void()> read_more = [&] {
        s.async_read_some(asio::buffer(buf), [&](beast::error_code ec, std::size_t n) {
            got.append(buf, n);
            if (!ec) read_more();
        });
    };
    read_more();
    io.run_for(std::chrono::seconds(5));
    return got;
}

TEST_F(XfsTransportTest, PlainHttpGets400AndUnknownServices404) {
    start();
    std::string host = "Host: " + server->address() + "\r\n\r\n";
    std::string got = http_exchange(server->address(), "GET /xfs4iot/v1.0/Echo1/ HTTP/1.1\r\n" + host);
    EXPECT_EQ(got.rfind("HTTP/1.1 400", 0), 0u) << got;
    EXPECT_NE(got.find("speak WebSocket"), std::string::npos) << got;
    got = http_exchange(server->address(),
                        "GET /xfs4iot/v1.0/Nope1/ HTTP/1.1\r\nUpgrade: websocket\r\nConnection: upgrade\r\n" + host);
    EXPECT_EQ(got.rfind("HTTP/1.1 404", 0), 0u) << got;
}

TEST_F(XfsTransportTest, SilentClientsArePingedAndKeptWhenTheyAnswer) {
    ServerOptions o{"127.0.0.1:0", "atmbench-test", 8};
    o.keepalive_ping_after = std::chrono::milliseconds(100);
    o.keepalive_drop_after = std::chrono::milliseconds(1500);
    start(o);
    WsClient c(uri());
    int pings = 0;
    c.stream().control_callback([&](beast::websocket::frame_type kind, beast::string_view) {
        if (kind == beast::websocket::frame_type::ping) ++pings;  // Beast answers each with a pong
    });
    // Say nothing for 2.5 s but keep reading (so pings are answered): longer than drop_after.
    beast::flat_buffer buf;
    bool got_message = false;
    c.stream().async_read(buf, [&](beast::error_code ec, std::size_t) { got_message = !ec; });
    asio::io_context& io = c.io();
    io.restart();
    io.run_for(std::chrono::milliseconds(2500));
    EXPECT_GE(pings, 1);
    EXPECT_FALSE(got_message);
    // Still connected: a command goes through (the pending read above receives its acknowledge).
    c.send_text(R"({"header":{"type":"command","name":"Common.Status","requestId":1},"payload":null})");
    io.restart();
    io.run_for(std::chrono::seconds(2));
    EXPECT_TRUE(got_message) << "a client answering pings is not dropped";
}

TEST_F(XfsTransportTest, ClientsThatNeverAnswerAreDroppedAndTheirCommandsCancelled) {
    ServerOptions o{"127.0.0.1:0", "atmbench-test", 8};
    o.keepalive_ping_after = std::chrono::milliseconds(100);
    o.keepalive_drop_after = std::chrono::milliseconds(400);
    start(o);
    WsClient c(uri());
    c.command("Echo.Wait", 1);
    ASSERT_TRUE(c.until("acknowledge", 1));
    // No reads from now on: pings go unanswered.
    EXPECT_TRUE(eventually([&] { return device->stops == 1; })) << "dropped, and its command cancelled";
}

}  // namespace atmbench::xfs4iot::test
