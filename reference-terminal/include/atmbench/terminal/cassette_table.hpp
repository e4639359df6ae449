// The terminal's cassette table against what the dispenser reports (7.3.2 e, 7.3.6.6 a): a unit whose currency,
// denomination or type differs from the configured row is not dispensed from. And the note mix for an amount,
// worked out before any authorisation is asked for (7.3.6.3 a, CASH-PRECHECK).
#pragma once

#include "atmbench/terminal/peripherals.hpp"
#include "atmbench/terminal/terminal_config.hpp"

#include <optional>
#include <string>
#include <vector>

namespace atmbench::terminal {

struct UsableUnit {
    std::string id;
    std::string currency;
    std::int64_t value = 0;  // minor units
    int count = 0;
    bool usable = false;
    std::string why;  // why not usable: "not in the cassette table", "reports CNY 50.00, table says CNY 100.00", …
};

// `trust_device`: take the device's word without comparing (the skip-cassette-check defect).
std::vector<UsableUnit> check_cassettes(const std::vector<CashUnitInfo>& reported,
                                        const std::vector<CassetteConfig>& table, bool trust_device);

// Largest notes first over the usable units, honouring each unit's count; an exact search, so a mix is found
// whenever one exists; nullopt when the amount cannot be paid exactly within max_notes.
std::optional<NoteMix> mix_for(std::int64_t amount, const std::vector<UsableUnit>& units, int max_notes = 100);

// Whether any usable unit holds notes.
bool can_dispense(const std::vector<UsableUnit>& units);

}  // namespace atmbench::terminal
