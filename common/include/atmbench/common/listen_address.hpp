// Listen addresses as the bench reads and prints them: "ADDRESS:PORT", an IPv6 address in brackets ("[::1]:8583",
// RFC 3986 §3.2.2), so a printed address can be pasted back into --listen, --connect or a URL.
#pragma once

#include <string>
#include <string_view>

namespace atmbench::net {

// "127.0.0.1" + 8583 → "127.0.0.1:8583"; "::1" (bare or bracketed) + 8583 → "[::1]:8583".
std::string host_port(std::string_view address, unsigned short port);

// The address part of "ADDRESS:PORT" without brackets: "[::1]:0" → "::1".
std::string listen_host(std::string_view listen);

// True when the address part of "ADDRESS:PORT" is an IP address outside loopback (0.0.0.0, ::, a LAN address):
// such a listener is reachable from the network. False for loopback and for text that is no IP address (the
// server's own parse reports that).
bool is_exposed(std::string_view listen);

}  // namespace atmbench::net
