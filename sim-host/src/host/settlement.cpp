#include "atmbench/host/settlement.hpp"

namespace atmbench::host {

namespace {

std::string digits(std::int64_t v, std::size_t width) {
    std::string s = std::to_string(v < 0 ? 0 : v);
    return s.size() >= width ? s.substr(s.size() - width) : std::string(width - s.size(), '0') + s;
}

}  // namespace

std::string BatchTotals::to_f48() const {
    return digits(debit_amount, 12) + digits(debit_count, 3) + digits(credit_amount, 12) + digits(credit_count, 3);
}

std::optional<BatchTotals> BatchTotals::parse_f48(const std::string& f48) {
    if (f48.size() < 30) return std::nullopt;
    for (std::size_t i = 0; i < 30; ++i)
        if (f48[i] < '0' || f48[i] > '9') return std::nullopt;
    BatchTotals t;
    t.debit_amount = std::stoll(f48.substr(0, 12));
    t.debit_count = std::stoi(f48.substr(12, 3));
    t.credit_amount = std::stoll(f48.substr(15, 12));
    t.credit_count = std::stoi(f48.substr(27, 3));
    return t;
}

}  // namespace atmbench::host
