// Test support for the device adapters: an XFS4IoT application's view of one service over a real WebSocket
// (../xfs4iot/ws_client.hpp), reading whole exchanges — acknowledge, events, unsolicited events, completion —
// so tests can assert what arrived and in what order.
#pragma once

#include "../xfs4iot/ws_client.hpp"

#include "atmbench/devices/simulated_device.hpp"
#include "atmbench/xfs4iot/xfs_server.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace atmbench::devices::xfs_test {

namespace json = boost::json;
using xfs4iot::test::header_str;
using Messages = std::vector<json::object>;

// "event:CardReader.InsertCardEvent", "unsolicited:…", "completion:…", "acknowledge:…".
inline std::string describe(const json::object& m) { return header_str(m, "type") + ":" + header_str(m, "name"); }

class XfsClient {
public:
    // One round trip first: once it completes the service has registered this connection, so unsolicited
    // events caused by actions from now on reach it (the handshake alone does not promise that).
    explicit XfsClient(const std::string& uri, int read_timeout_ms = 3000) : ws_(uri, read_timeout_ms) { sync(); }

    std::int64_t send(const std::string& name, json::value payload = nullptr, std::int64_t timeout_ms = 0) {
        std::int64_t id = next_id_++;
        ws_.command(name, id, std::move(payload), timeout_ms);
        return id;
    }

    // Every message up to and including the completion of `id`; an empty list when it never came.
    Messages until_completion(std::int64_t id) {
        Messages got;
        for (int i = 0; i < 500; ++i) {
            auto m = ws_.next();
            if (!m) {
                ADD_FAILURE() << "no completion for request " << id;
                return {};
            }
            got.push_back(*m);
            if (header_str(*m, "type") == "completion" && m->at("header").at("requestId").as_int64() == id) return got;
        }
        return {};
    }

    // Messages up to and including the first with this description (e.g. "event:CardReader.InsertCardEvent").
    Messages until(const std::string& description) {
        Messages got;
        for (int i = 0; i < 500; ++i) {
            auto m = ws_.next();
            if (!m) {
                ADD_FAILURE() << "never received " << description;
                return got;
            }
            got.push_back(*m);
            if (describe(*m) == description) return got;
        }
        return got;
    }

    Messages run(const std::string& name, json::value payload = nullptr, std::int64_t timeout_ms = 0) {
        return until_completion(send(name, std::move(payload), timeout_ms));
    }

    // A Common.Status round trip: what the service sent before it (everything an action caused — the server
    // thread finished the action before it reads this command). Returns those messages, then the status.
    Messages sync(json::object* status = nullptr) {
        std::int64_t id = send("Common.Status");
        Messages got = until_completion(id);
        Messages before;
        for (const auto& m : got) {
            bool mine = m.at("header").as_object().contains("requestId") && m.at("header").at("requestId").is_int64() &&
                        m.at("header").at("requestId").as_int64() == id;
            if (!mine) before.push_back(m);
            else if (status && header_str(m, "type") == "completion") *status = m.at("payload").as_object();
        }
        return before;
    }

    void close() { ws_.close(); }

private:
    xfs4iot::test::WsClient ws_;
    std::int64_t next_id_ = 1;
};

// The last message (the completion of a run()).
inline const json::object& last(const Messages& m) {
    static const json::object none;
    return m.empty() ? none : m.back();
}
inline std::string completion_code(const Messages& m) { return m.empty() ? "" : header_str(m.back(), "completionCode"); }
inline std::string error_code(const Messages& m) {
    if (m.empty()) return "";
    const json::value& p = m.back().at("payload");
    const json::value* e = p.is_object() ? p.as_object().if_contains("errorCode") : nullptr;
    return e && e->is_string() ? std::string(e->as_string()) : "";
}
inline const json::value& payload(const Messages& m) {
    static const json::value null;
    return m.empty() ? null : m.back().at("payload");
}

// The events (solicited and unsolicited) in order, Common.StatusChangedEvent left out unless asked for.
inline std::vector<std::string> events_of(const Messages& msgs, bool with_status = false) {
    std::vector<std::string> out;
    for (const auto& m : msgs) {
        std::string t = header_str(m, "type");
        if (t != "event" && t != "unsolicited") continue;
        if (!with_status && header_str(m, "name") == "Common.StatusChangedEvent") continue;
        out.push_back(describe(m));
    }
    return out;
}

// The payload of the first message with this description, or null.
inline json::value payload_of(const Messages& msgs, const std::string& description) {
    for (const auto& m : msgs)
        if (describe(m) == description) return m.at("payload");
    return nullptr;
}

// A device behind a running XFS4IoT server, with its customer actions run on the server's I/O thread.
class DeviceServer {
public:
    explicit DeviceServer(std::unique_ptr<SimulatedDevice> device) : device_(std::move(device)) {
        for (auto& s : device_->services()) server_.add_service(s);
        server_.start();
    }
    ~DeviceServer() { server_.stop(); }

    std::string uri(const std::string& service) const { return server_.service_uri(service); }
    json::value act(const std::string& action, json::object args = {}) {
        json::value r;
        server_.call([&] { r = device_->act(action, args); });
        return r;
    }
    void fault(json::object spec) {
        server_.call([&] { device_->inject_fault(parse_fault_spec(spec)); });
    }
    json::object truth() {
        json::object t;
        server_.call([&] { t = device_->physical_truth(); });
        return t;
    }
    template <class F>
    void on_io(F&& f) {
        server_.call(std::forward<F>(f));
    }
    SimulatedDevice& device() { return *device_; }

private:
    std::unique_ptr<SimulatedDevice> device_;
    xfs4iot::XfsServer server_{xfs4iot::ServerOptions{"127.0.0.1:0", "atmbench-test", 16}};
};

}  // namespace atmbench::devices::xfs_test
