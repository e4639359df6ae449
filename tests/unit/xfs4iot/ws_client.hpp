// A blocking WebSocket client with a bounded read, for driving the XFS4IoT server as any application would.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <sys/socket.h>

#include <optional>
#include <string>

namespace atmbench::xfs4iot::test {

class WsClient {
public:
    // uri: ws://127.0.0.1:PORT/path
    explicit WsClient(const std::string& uri, int read_timeout_ms = 2000) : ws_(io_), timeout_ms_(read_timeout_ms) {
        std::string rest = uri.substr(5);
        std::string hostport = rest.substr(0, rest.find('/'));
        std::string path = rest.substr(rest.find('/'));
        std::string host = hostport.substr(0, hostport.find(':'));
        unsigned short port = static_cast<unsigned short>(std::stoi(hostport.substr(hostport.find(':') + 1)));
        ws_.next_layer().connect({boost::asio::ip::make_address(host), port});
        ws_.handshake(hostport, path);
    }

    void send_text(const std::string& text) {
        ws_.text(true);
        ws_.write(boost::asio::buffer(text));
    }

    void command(const std::string& name, std::int64_t id, boost::json::value payload = nullptr, std::int64_t timeout = 0) {
        boost::json::object h{{"type", "command"}, {"name", name}, {"requestId", id}, {"version", "2.0"}};
        if (timeout) h["timeout"] = timeout;
        send_text(boost::json::serialize(boost::json::object{{"header", h}, {"payload", payload}}));
    }

    // The next message, or nullopt when none arrives within the read timeout. (Asio's blocking reads ignore
    // SO_RCVTIMEO, so the wait is an async read run for a bounded time.) After a timeout the stream is unusable.
    std::optional<boost::json::object> next() {
        if (broken_) return std::nullopt;
        boost::beast::flat_buffer buf;
        boost::beast::error_code ec;
        bool done = false;
        ws_.async_read(buf, [&](boost::beast::error_code e, std::size_t) {
            ec = e;
            done = true;
        });
        io_.restart();
        io_.run_for(std::chrono::milliseconds(timeout_ms_));
        if (!done) {
            broken_ = true;
            boost::system::error_code ignored;
            ws_.next_layer().cancel(ignored);
            io_.restart();
            io_.run_for(std::chrono::seconds(1));
            return std::nullopt;
        }
        if (ec) return std::nullopt;
        return boost::json::parse(boost::beast::buffers_to_string(buf.data())).as_object();
    }

    // Reads until a message of `type` for `id` (any name), returning it; nullopt on timeout.
    std::optional<boost::json::object> until(const std::string& type, std::int64_t id) {
        for (int i = 0; i < 100; ++i) {
            auto m = next();
            if (!m) return std::nullopt;
            const auto& h = m->at("header").as_object();
            if (h.at("type").as_string() == type && h.contains("requestId") && h.at("requestId").as_int64() == id)
                return m;
        }
        return std::nullopt;
    }

    void close() {
        boost::system::error_code ec;
        ws_.next_layer().close(ec);  // an abrupt disconnect, as a crashed application would leave
    }

    boost::beast::websocket::stream<boost::asio::ip::tcp::socket>& stream() { return ws_; }
    boost::asio::io_context& io() { return io_; }  // to run operations started on stream() (bounded: run_for)

private:
    boost::asio::io_context io_;
    boost::beast::websocket::stream<boost::asio::ip::tcp::socket> ws_;
    int timeout_ms_;
    bool broken_ = false;
};

inline std::string header_str(const boost::json::object& m, const char* key) {
    const auto& h = m.at("header").as_object();
    auto* v = h.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace atmbench::xfs4iot::test
