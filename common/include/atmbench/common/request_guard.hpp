// Who may drive a control endpoint: the checks every loopback HTTP request passes before its handler runs
// (docs/security.md, "Who may drive the bench").
//
// A web page the tester has open can send requests to 127.0.0.1 too: a "simple" cross-site POST (text/plain, no
// preflight) reaches the handler, and DNS rebinding lets a foreign page read GET answers. So:
//   - Host must name loopback (localhost, 127.x.x.x, [::1]) with the bound port: a rebound name is refused (403);
//   - a present Origin must be loopback http(s) on any port; "null" and foreign origins are refused (403);
//   - every request carries the per-run token (Authorization: Bearer T, or X-Atmbench-Token: T) (401);
//   - state-changing methods (all but GET and HEAD) need Content-Type application/json (or application/yaml,
//     which POST /rules also takes): neither is a CORS-safelisted type, so a browser cannot send one without a
//     preflight that the endpoint never answers (415).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace atmbench::http {

// The parts of a request the guard looks at; an absent header is nullopt (an empty one is a present empty value).
struct RequestHeaders {
    std::string method;
    std::optional<std::string> host;
    std::optional<std::string> origin;
    std::optional<std::string> content_type;
    std::optional<std::string> authorization;  // "Bearer TOKEN"
    std::optional<std::string> token;          // X-Atmbench-Token
};

struct Refusal {
    int status;  // 401, 403 or 415
    std::string message;
};

// A fresh per-run token: 128 bits from /dev/urandom as 32 lower-case hex digits. Throws std::runtime_error when
// /dev/urandom cannot be read (an endpoint without a token must not start).
std::string new_run_token();

// "localhost", any 127.0.0.0/8 address, "::1" (bracketed as in a Host header or URL, or not).
bool is_loopback_name(std::string_view host);

// An Origin header value a loopback page sends: http:// or https://, a loopback name, any port, nothing after.
bool is_loopback_origin(std::string_view origin);

class RequestGuard {
public:
    RequestGuard(unsigned short port, std::string token) : port_(port), token_(std::move(token)) {}
    // nullopt: the request may go to its handler.
    std::optional<Refusal> check(const RequestHeaders& request) const;
    const std::string& token() const { return token_; }

private:
    unsigned short port_;
    std::string token_;
};

}  // namespace atmbench::http
