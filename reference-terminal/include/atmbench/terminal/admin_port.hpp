// The terminal's loopback admin port (monitoring's view): GET /status, POST /shutdown, /restart, /pause,
// /resume. State-changing commands are refused with 409 while a customer session is active (7.3.1 d).
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

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace atmbench::terminal
