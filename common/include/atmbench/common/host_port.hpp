// "ADDRESS:PORT" as every program of the bench takes it: --listen, --control, a terminal's host.address and
// admin.listen, device and host addresses. One reader, so a port is checked the same way everywhere: digits only,
// 0..65535 (TCP ports are 16 bits, RFC 9293 §3.1) — never narrowed silently to another port.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace atmbench::common {

// what() = "'TEXT': what was expected (found …)"; callers prefix where the text came from.
class HostPortError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

struct HostPort {
    std::string address;  // as written, without the brackets of "[::1]:80"
    unsigned short port = 0;
};

// Splits at the last ':'; the address must not be empty, the port 1 to 5 digits with a value of at most 65535.
// The address itself is not resolved here: a listener checks it is an IP address, a client may connect by name.
HostPort parse_host_port(std::string_view text);

}  // namespace atmbench::common
