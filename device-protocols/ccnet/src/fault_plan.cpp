#include "atmbench/ccnet/fault_plan.hpp"

#include <charconv>
#include <stdexcept>

namespace atmbench::ccnet {

namespace {

struct FaultName {
    std::string_view name;
    Fault fault;
};

constexpr FaultName kFaults[] = {
    {"validator-jam", Fault::ValidatorJam},       {"stacker-jam", Fault::StackerJam},
    {"cheated", Fault::Cheated},                  {"cassette-removed", Fault::CassetteRemoved},
    {"cassette-full", Fault::CassetteFull},       {"failure", Fault::Failure},
    {"power-up-bill", Fault::PowerUpWithBill},
};

std::invalid_argument unknown(std::string_view text, const std::string& why) {
    return std::invalid_argument(
        "fault \"" + std::string(text) + "\": " + why +
        " (expected jam, validator-jam, stacker-jam, cheated, cassette-removed, cassette-full, failure[:CODE] or "
        "power-up-bill)");
}

}  // namespace

ArmedFault parse_fault(std::string_view text) {
    if (text == "jam") return {Fault::ValidatorJam};
    if (text.starts_with("failure:")) {
        std::string_view code = text.substr(8);
        int base = 10;
        if (code.starts_with("0x") || code.starts_with("0X")) {
            code.remove_prefix(2);
            base = 16;
        }
        unsigned value = 0;
        auto [p, ec] = std::from_chars(code.data(), code.data() + code.size(), value, base);
        if (code.empty() || ec != std::errc() || p != code.data() + code.size() || value > 0xFF)
            throw unknown(text, "the failure code is one byte, e.g. 0x50");
        return {Fault::Failure, static_cast<std::uint8_t>(value)};
    }
    for (const auto& f : kFaults)
        if (f.name == text) return {f.fault};
    throw unknown(text, "not a fault the validator knows");
}

std::string fault_name(Fault fault) {
    for (const auto& f : kFaults)
        if (f.fault == fault) return std::string(f.name);
    return "unknown";
}

}  // namespace atmbench::ccnet
