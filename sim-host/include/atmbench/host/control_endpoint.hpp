// The host's loopback HTTP control endpoint (JSON):
//   GET    /health              {"status":"ok", ...}
//   GET    /messages?since=N    recorded messages after seq N
//   GET    /ledger              postings and account balances
//   GET    /rules               rules with their match/fire counters
//   POST   /rules               body: one rule, a list, or {rules:[...]} in JSON or YAML → {"added":["r3"]}
//   DELETE /rules               remove all rules;   DELETE /rules/ID  remove one
//   POST   /shutdown            stop the host
// Bad requests answer 400 with {"error": "..."}; unknown paths 404; wrong methods 405.
#pragma once

#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace atmbench::host {

class HostServer;

class ControlEndpoint {
public:
    ControlEndpoint(boost::asio::io_context& io, HostServer& server);
    ~ControlEndpoint();
    // Binds `address:port` (loopback only; throws std::invalid_argument otherwise) and starts accepting.
    void start(const std::string& address, unsigned short port);
    void stop();
    unsigned short port() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace atmbench::host
