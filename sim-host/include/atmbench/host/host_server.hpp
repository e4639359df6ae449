// The simulated host as a running service: a TCP listener speaking framed ISO 8583 (one profile), the host model
// behind it, response rules in front of it, every message recorded, and a loopback HTTP control endpoint
// (host/control_endpoint.hpp). Asio and Beast stay inside the .cpp files.
#pragma once

#include "atmbench/common/bounded_record.hpp"
#include "atmbench/host/host_model.hpp"
#include "atmbench/host/response_rule.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace atmbench::host {

struct HostSetup {
    iso8583::Profile profile;
    AccountBook accounts;
    TerminalDirectory terminals;
    HostOptions options;
    std::vector<ResponseRule> rules;
    std::string listen = "127.0.0.1:0";
    std::string control_listen = "127.0.0.1:0";  // empty: no control endpoint; must be a loopback address
    int threads = 1;
    std::optional<std::filesystem::path> record_file;  // JSON lines, written as messages happen
    // What the message record keeps for the views (the file and the record listener get everything).
    common::RecordLimits record_limits = {};
    // Bounds on what one terminal (or a stranger) can hold: open connections (the next is closed at once),
    // a partial message (header or body) pending longer than read_timeout, a connection silent for idle_timeout
    // (0 = never). Connections a response rule never reads are exempt.
    std::size_t max_connections = 1000;
    std::chrono::milliseconds read_timeout = std::chrono::seconds(10);
    std::chrono::milliseconds idle_timeout = std::chrono::minutes(10);
};

// "127.0.0.1:0" → address and port; throws std::invalid_argument naming what is wrong.
std::pair<std::string, unsigned short> parse_endpoint(const std::string& text);

class HostServer {
public:
    explicit HostServer(HostSetup setup);
    ~HostServer();
    HostServer(const HostServer&) = delete;
    HostServer& operator=(const HostServer&) = delete;

    // Binds and starts serving on background threads. Throws std::runtime_error (address in use, bad address).
    void start();
    // Stops accepting, closes every connection, joins the threads. Safe to call twice.
    void stop();
    // Blocks until stop() is called or the control endpoint receives POST /shutdown.
    void wait();

    std::string address() const;          // "127.0.0.1:PORT" of the ISO 8583 listener
    std::string control_address() const;  // "127.0.0.1:PORT" of the control endpoint, "" if none
    std::string control_token() const;    // the token every control request carries (docs/security.md), "" if none

    // The same operations the control endpoint offers, for in-process use. All thread-safe.
    std::string add_rule(ResponseRule rule);
    bool remove_rule(const std::string& id);
    void clear_rules();
    boost::json::array rules_json() const;
    boost::json::array messages_json(std::uint64_t since_seq = 0) const;
    // One window of the record as GET /messages answers it: {messages, more, recorded, kept, dropped, …}.
    boost::json::object messages_page(const common::ViewQuery& query) const;
    boost::json::object ledger_json() const;
    boost::json::object status_json() const;
    void request_shutdown();
    // Called with each record entry's view (as messages_json shows it) as it is recorded, on the host's I/O thread,
    // before the host answers the request it records; empty removes it. See Recorder::set_listener.
    void set_record_listener(std::function<void(const boost::json::object&)> listener);

private:
    friend class Connection;  // the per-connection handler in host_server.cpp
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace atmbench::host
