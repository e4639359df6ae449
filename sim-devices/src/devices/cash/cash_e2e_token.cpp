// DispenseTokens: the E2E dispense token check (docs/references.md [XFS4IoT] §4), HMAC-SHA256 through OpenSSL.
#include "devices/cash/cash_e2e_token.hpp"
#include "devices/cash/cash_payloads.hpp"

#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <vector>

namespace atmbench::devices {

using xfs4iot::CompletionCode;

namespace {
constexpr std::string_view kHmacKey = "HMACSHA256=";

std::string upper_hex(const unsigned char* p, std::size_t n) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[p[i] >> 4];
        out += digits[p[i] & 15];
    }
    return out;
}

bool is_upper_hex(std::string_view s) {
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c)) && (c < 'A' || c > 'F')) return false;
    return !s.empty();
}

struct Parsed {
    std::string nonce, hmac;
    std::map<std::string, std::int64_t> limits;  // currency → minor units
};

// "300.00CNY" → 30000 in CNY; false when malformed.
bool parse_dispense(std::string_view v, std::map<std::string, std::int64_t>& limits) {
    if (v.size() < 4) return false;
    std::string currency(v.substr(v.size() - 3));
    for (char c : currency)
        if (c < 'A' || c > 'Z') return false;
    std::string_view number = v.substr(0, v.size() - 3);
    std::size_t dot = number.find('.');
    std::string_view whole = number.substr(0, dot);
    std::string_view frac = dot == std::string_view::npos ? std::string_view() : number.substr(dot + 1);
    int exp = currency_exponent(currency);
    if (whole.empty() || whole.size() > 12 || static_cast<int>(frac.size()) > exp) return false;
    if (dot != std::string_view::npos && frac.empty()) return false;
    std::int64_t minor = 0;
    for (char c : whole) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
        minor = minor * 10 + (c - '0');
    }
    for (int i = 0; i < exp; ++i) {
        char c = i < static_cast<int>(frac.size()) ? frac[i] : '0';
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
        minor = minor * 10 + (c - '0');
    }
    limits[currency] += minor;
    return true;
}

// Structure per §4: NONCE first, HMACSHA256 last, TOKENFORMAT=1, TOKENLENGTH = the token's length.
bool parse(const std::string& token, Parsed& out, std::string& why) {
    std::vector<std::pair<std::string, std::string>> pairs;
    std::size_t start = 0;
    while (start <= token.size()) {
        std::size_t end = token.find(',', start);
        if (end == std::string::npos) end = token.size();
        std::string item = token.substr(start, end - start);
        std::size_t eq = item.find('=');
        if (eq == std::string::npos || eq == 0) {
            why = "\"" + item + "\" is not KEY=value";
            return false;
        }
        pairs.emplace_back(item.substr(0, eq), item.substr(eq + 1));
        start = end + 1;
    }
    if (pairs.size() < 4 || pairs.front().first != "NONCE" || pairs.back().first != "HMACSHA256") {
        why = "the token must start with NONCE= and end with HMACSHA256=";
        return false;
    }
    bool format = false, length = false;
    for (const auto& [k, v] : pairs) {
        if (k == "NONCE") {
            out.nonce = v;
        } else if (k == "HMACSHA256") {
            out.hmac = v;
        } else if (k == "TOKENFORMAT") {
            format = v == "1";
        } else if (k == "TOKENLENGTH") {
            length = v.size() == 4 && std::all_of(v.begin(), v.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
                     std::stoul(v) == token.size();
        } else if (k.starts_with("DISPENSE")) {
            if (!parse_dispense(v, out.limits)) {
                why = k + " must be <amount><ISO currency>, e.g. 300.00CNY";
                return false;
            }
        }
    }
    if (!format) why = "TOKENFORMAT must be 1";
    else if (!length) why = "TOKENLENGTH must be the token's length in 4 digits";
    else if (out.hmac.size() != 64 || !is_upper_hex(out.hmac)) why = "HMACSHA256 must be 64 upper-case hex digits";
    else if (!is_upper_hex(out.nonce)) why = "NONCE must be upper-case hex";
    else if (out.limits.empty()) why = "no DISPENSEn amount";
    return why.empty();
}
}  // namespace

DispenseTokens::DispenseTokens(std::string key) : key_(std::move(key)) {}

std::string DispenseTokens::new_nonce() {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
    nonce_ = upper_hex(bytes, sizeof bytes);
    spent_.clear();  // tokens of the old nonce are dead
    return nonce_;
}

bool DispenseTokens::clear_nonce() {
    bool had = !nonce_.empty();
    nonce_.clear();
    spent_.clear();
    return had;
}

std::string DispenseTokens::hmac_hex(const std::string& key, const std::string& text) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(text.data()),
              text.size(), mac, &len))
        throw std::runtime_error("HMAC-SHA256 failed");
    return upper_hex(mac, len);
}

DispenseTokens::Verdict DispenseTokens::authorise(const std::string& token, const std::string& currency,
                                                  std::int64_t amount) const {
    if (nonce_.empty()) return {CompletionCode::NoCommandNonce, "no command nonce: call Common.GetCommandNonce"};
    Parsed p;
    std::string why;
    if (!parse(token, p, why)) return {CompletionCode::InvalidTokenFormat, why};
    std::size_t signed_end = token.rfind(kHmacKey) + kHmacKey.size();  // §4: up to and including "HMACSHA256="
    if (hmac_hex(key_, token.substr(0, signed_end)) != p.hmac)
        return {CompletionCode::InvalidTokenHMAC, "the token's HMAC does not verify"};
    if (p.nonce != nonce_) return {CompletionCode::InvalidTokenNonce, "the token was made for another nonce"};
    auto limit = p.limits.find(currency);
    if (limit == p.limits.end()) return {CompletionCode::InvalidToken, "the token allows no " + currency};
    std::int64_t used = 0;
    if (auto s = spent_.find(p.hmac); s != spent_.end())
        if (auto c = s->second.find(currency); c != s->second.end()) used = c->second;
    if (used + amount > limit->second)
        return {CompletionCode::InvalidToken, "the amount exceeds what the token allows (" + std::to_string(used) +
                                                  " already dispensed, minor units)"};
    return {};
}

void DispenseTokens::spent(const std::string& token, const std::string& currency, std::int64_t amount) {
    std::size_t at = token.rfind(kHmacKey);
    if (at == std::string::npos) return;
    spent_[token.substr(at + kHmacKey.size())][currency] += amount;
}

}  // namespace atmbench::devices
