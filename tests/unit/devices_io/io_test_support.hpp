// Shared by the device I/O tests: one simulated device on a real XFS4IoT server, driven over WebSocket by
// WsClient (../xfs4iot/ws_client.hpp), with customer actions and faults run on the server's I/O thread as the
// device set does.
#pragma once

#include "../xfs4iot/ws_client.hpp"

#include "atmbench/devices/simulated_device.hpp"
#include "atmbench/xfs4iot/xfs_server.hpp"

#include <boost/beast/core/detail/base64.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <exception>
#include <memory>
#include <string>

namespace atmbench::devices::test {

namespace json = boost::json;
using xfs4iot::test::header_str;
using xfs4iot::test::WsClient;

inline std::string b64(const std::string& raw) {
    std::string out(boost::beast::detail::base64::encoded_size(raw.size()), '\0');
    out.resize(boost::beast::detail::base64::encode(out.data(), raw.data(), raw.size()));
    return out;
}
inline std::string b64(const std::vector<std::uint8_t>& raw) { return b64(std::string(raw.begin(), raw.end())); }
inline std::vector<std::uint8_t> unb64(std::string_view s) {
    std::vector<std::uint8_t> out(boost::beast::detail::base64::decoded_size(s.size()));
    out.resize(boost::beast::detail::base64::decode(out.data(), s.data(), s.size()).first);
    return out;
}

class DeviceIoTest : public ::testing::Test {
protected:
    void start(std::unique_ptr<SimulatedDevice> d) {
        device = std::move(d);
        for (auto& s : device->services()) server.add_service(s);
        server.start();
    }
    void TearDown() override { server.stop(); }

    std::string uri(const std::string& service) const { return server.service_uri(service); }

    // A customer action on the I/O thread; an ActionError is rethrown here.
    json::value act(const std::string& action, json::object args = {}) {
        json::value result;
        std::exception_ptr error;
        server.call([&] {
            try {
                result = device->act(action, args);
            } catch (...) {
                error = std::current_exception();
            }
        });
        if (error) std::rethrow_exception(error);
        return result;
    }
    void fault(json::object spec) {
        std::exception_ptr error;
        server.call([&] {
            try {
                device->inject_fault(parse_fault_spec(spec));
            } catch (...) {
                error = std::current_exception();
            }
        });
        if (error) std::rethrow_exception(error);
    }
    void clear_faults() {
        server.call([&] { device->clear_faults(); });
    }
    json::object truth() {
        json::object t;
        server.call([&] { t = device->physical_truth(); });
        return t;
    }

    // Sends a command and returns its completion (events before it are skipped); fails the test on silence.
    json::object run(WsClient& c, const std::string& name, std::int64_t id, json::value payload = nullptr) {
        c.command(name, id, std::move(payload));
        auto done = c.until("completion", id);
        EXPECT_TRUE(done) << "no completion for " << name;
        return done ? *done : json::object{};
    }
    // Sends a command and waits for its acknowledge: from then on it is executing (or queued).
    void start_command(WsClient& c, const std::string& name, std::int64_t id, json::value payload = nullptr,
                       std::int64_t timeout = 0) {
        c.command(name, id, std::move(payload), timeout);
        auto ack = c.next();
        ASSERT_TRUE(ack);
        ASSERT_EQ(header_str(*ack, "type"), "acknowledge");
        ASSERT_TRUE(ack->at("header").as_object().at("status").is_null());
    }
    // Makes sure a connection is registered for broadcasts (a completed Common.Status).
    void registered(WsClient& c, std::int64_t id) { run(c, "Common.Status", id); }

    std::unique_ptr<SimulatedDevice> device;  // declared first: the server (and its thread) goes before it
    xfs4iot::XfsServer server{xfs4iot::ServerOptions{"127.0.0.1:0", "atmbench-test", 16}};
};

inline const json::object& payload_of(const json::object& m) { return m.at("payload").as_object(); }
inline std::string code_of(const json::object& m) { return header_str(m, "completionCode"); }
inline std::string error_code_of(const json::object& m) {
    const json::value& p = m.at("payload");
    if (!p.is_object() || !p.as_object().contains("errorCode")) return "";
    return std::string(p.at("errorCode").as_string());
}

}  // namespace atmbench::devices::test
