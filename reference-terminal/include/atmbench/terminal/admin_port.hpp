// The terminal's loopback admin port (monitoring's view): GET /status, POST /shutdown, /restart, /pause,
// /resume. State-changing commands are refused with 409 while a customer session is active (7.3.1 d). Every
// request carries the port's token (printed in the mode lines as "token") and passes the bench's request guard
// (atmbench/common/request_guard.hpp): a web page cannot shut the terminal down.
#pragma once

#include <memory>
#include <string>

namespace atmbench::terminal {

class Terminal;

class AdminPort {
public:
    explicit AdminPort(Terminal& terminal);
    ~AdminPort();
    // "127.0.0.1:0" → listens; returns the bound "127.0.0.1:PORT". Throws on a non-loopback address.
    std::string start(const std::string& listen);
    void stop();
    const std::string& token() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace atmbench::terminal
