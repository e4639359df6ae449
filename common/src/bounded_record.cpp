#include "atmbench/common/bounded_record.hpp"

#include <charconv>

namespace atmbench::common {

namespace {

std::uint64_t number(const std::string& name, const std::string& text, const std::string& expected) {
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        throw std::invalid_argument(name + " must be " + expected + " (got '" + text + "')");
    return v;
}

}  // namespace

ViewQuery parse_view_query(const std::string& query) {
    ViewQuery q;
    std::size_t pos = 0;
    while (pos < query.size()) {
        std::size_t amp = query.find('&', pos);
        std::string part = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
        pos = amp == std::string::npos ? query.size() : amp + 1;
        if (part.empty()) continue;
        std::size_t eq = part.find('=');
        std::string key = part.substr(0, eq), value = eq == std::string::npos ? "" : part.substr(eq + 1);
        if (key == "since") {
            q.since = number("since", value, "a record sequence number");
        } else if (key == "limit") {
            const std::string expected = "a number of entries 1.." + std::to_string(kMaxViewLimit);
            std::uint64_t l = number("limit", value, expected);
            if (l == 0 || l > kMaxViewLimit) throw std::invalid_argument("limit must be " + expected + " (got '" + value + "')");
            q.limit = static_cast<std::size_t>(l);
        } else {
            throw std::invalid_argument("unknown query parameter '" + key + "' (expected since, limit)");
        }
    }
    return q;
}

}  // namespace atmbench::common
