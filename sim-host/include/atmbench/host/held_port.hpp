// A loopback port kept while its server is down (a stopped or restarting host, a listener closed by a
// refuse-connections rule): a TCP socket bound to the address with SO_REUSEADDR but not listening. A connection
// attempt gets a reset (ECONNREFUSED), exactly as with nothing bound there, and no other socket can take the port
// in the meantime — in particular no outgoing connection as its ephemeral local port, which is what a port
// released even for a moment risks on a busy machine. The server binds the same address again (SO_REUSEADDR) while
// it is held, then drops the hold.
#pragma once

#include <string>

namespace atmbench::host {

class HeldPort {
public:
    // "127.0.0.1:PORT"; throws std::runtime_error naming the address and the reason when it cannot be bound.
    explicit HeldPort(const std::string& address);
    ~HeldPort();
    HeldPort(const HeldPort&) = delete;
    HeldPort& operator=(const HeldPort&) = delete;

    const std::string& address() const { return address_; }

private:
    std::string address_;
    int fd_ = -1;
};

}  // namespace atmbench::host
