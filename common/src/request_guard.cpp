#include "atmbench/common/request_guard.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <stdexcept>

namespace atmbench::http {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// 127.0.0.0/8 in dotted decimal, four parts of 0-255 without leading signs.
bool is_ipv4_loopback(std::string_view s) {
    int parts = 0;
    int first = -1;
    while (true) {
        std::size_t n = 0;
        int value = 0;
        while (n < s.size() && n < 4 && std::isdigit(static_cast<unsigned char>(s[n]))) value = value * 10 + (s[n++] - '0');
        if (n == 0 || n > 3 || value > 255) return false;
        if (first < 0) first = value;
        ++parts;
        s.remove_prefix(n);
        if (s.empty()) break;
        if (s.front() != '.' || parts == 4) return false;
        s.remove_prefix(1);
    }
    return parts == 4 && first == 127;
}

// Splits "NAME:PORT" / "[V6]:PORT" / "NAME" into the name and the port text (empty when there is none).
std::pair<std::string_view, std::string_view> split_authority(std::string_view authority) {
    if (!authority.empty() && authority.front() == '[') {
        std::size_t close = authority.find(']');
        if (close == std::string_view::npos) return {authority, {}};
        std::string_view rest = authority.substr(close + 1);
        if (rest.empty()) return {authority, {}};
        if (rest.front() != ':') return {authority, "?"};  // garbage after the bracket: never a valid port
        return {authority.substr(0, close + 1), rest.substr(1)};
    }
    std::size_t colon = authority.rfind(':');
    if (colon == std::string_view::npos) return {authority, {}};
    return {authority.substr(0, colon), authority.substr(colon + 1)};
}

bool is_port(std::string_view text) {
    if (text.empty() || text.size() > 5) return false;
    unsigned value = 0;
    for (char c : text) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    return value <= 65535;
}

// Compares without stopping at the first difference, so the time taken says nothing of how much of a guess was right.
bool same_token(std::string_view given, const std::string& token) {
    if (given.size() != token.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < token.size(); ++i) diff |= static_cast<unsigned char>(given[i] ^ token[i]);
    return diff == 0;
}

}  // namespace

std::string new_run_token() {
    std::array<unsigned char, 16> bytes{};
    std::ifstream random("/dev/urandom", std::ios::binary);
    if (!random.read(reinterpret_cast<char*>(bytes.data()), bytes.size()))
        throw std::runtime_error("cannot read /dev/urandom for the control endpoint's token");
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

bool is_loopback_name(std::string_view host) {
    std::string h = lower(host);
    if (h == "localhost" || h == "::1" || h == "[::1]") return true;
    return is_ipv4_loopback(h);
}

bool is_loopback_origin(std::string_view origin) {
    std::string o = lower(trim(origin));
    std::string_view rest = o;
    if (rest.starts_with("http://")) rest.remove_prefix(7);
    else if (rest.starts_with("https://")) rest.remove_prefix(8);
    else return false;  // "null" (a sandboxed page or a file://) and every other scheme
    auto [name, port] = split_authority(rest);
    if (!port.empty() && !is_port(port)) return false;
    if (port.empty() && rest.size() != name.size()) return false;  // "http://localhost:" or a path after the name
    return is_loopback_name(name);
}

std::optional<Refusal> RequestGuard::check(const RequestHeaders& r) const {
    // RFC 9110 §7.2: the Host names the authority the client meant. A page on a rebound name (evil.example
    // resolving to 127.0.0.1) sends its own name here, so only loopback names with our own port pass.
    if (!r.host) return Refusal{403, "no Host header: a control request must name 127.0.0.1:" + std::to_string(port_)};
    auto [name, port] = split_authority(trim(*r.host));
    if (!is_loopback_name(name) || port != std::to_string(port_))
        return Refusal{403, "foreign Host '" + *r.host + "': expected a loopback name with port " + std::to_string(port_) +
                                " (localhost, 127.0.0.1 or [::1])"};
    // RFC 6454 §7: browsers send Origin on cross-site requests; command-line clients send none.
    if (r.origin && !is_loopback_origin(*r.origin))
        return Refusal{403, "foreign Origin '" + *r.origin + "': only loopback pages (http://127.0.0.1:*, http://localhost:*) may drive the bench"};
    std::optional<std::string_view> given;
    if (r.token) given = trim(*r.token);
    else if (r.authorization) {
        std::string_view a = trim(*r.authorization);
        if (a.size() > 7 && lower(a.substr(0, 7)) == "bearer ") given = trim(a.substr(7));
    }
    if (!given) return Refusal{401, "no token: send the token of the ready line as 'Authorization: Bearer TOKEN' or 'X-Atmbench-Token: TOKEN'"};
    if (!same_token(*given, token_)) return Refusal{401, "wrong token: send the token this process printed in its ready line"};
    if (r.method != "GET" && r.method != "HEAD") {
        std::string type = r.content_type ? lower(trim(r.content_type->substr(0, r.content_type->find(';')))) : "";
        if (type != "application/json" && type != "application/yaml")
            return Refusal{415, r.method + " needs Content-Type application/json" +
                                    (r.content_type ? " (got '" + *r.content_type + "')" : " (got none)")};
    }
    return std::nullopt;
}

}  // namespace atmbench::http
