// Denomination: which notes make an amount. Minimum number of notes over the units offered, bounded by what each
// unit holds; deterministic (same input → same mix). Pure function, no device state.
#pragma once

#include "devices/cash/cash_types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::devices {

struct Denomination {
    std::string unit;        // unit id
    std::int64_t value = 0;  // denomination in minor units
    int available = 0;       // notes the device believes it can pick
};

// Units are tried in the order given (callers sort by value descending, then id). nullopt = the amount cannot be
// made from what is available.
std::optional<Mix> minimum_notes_mix(std::int64_t amount, const std::vector<Denomination>& units);

}  // namespace atmbench::devices
