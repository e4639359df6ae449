// How a cash module is built: its units with their notes, serial numbers, limits and policies. Loaded from
// fixtures/devices/*.yaml (device_fixture.hpp) or written in code by tests.
#pragma once

#include "atmbench/devices/cash_unit.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace atmbench::devices {

struct CcnetAcceptorConfig;  // src/devices/cash/ccnet_acceptor.hpp

struct CashUnitConfig {
    std::string id;
    UnitType type = UnitType::cashOut;
    std::string currency;    // empty for reject / retract
    std::int64_t value = 0;  // minor units; 0 for reject / retract
    int count = 0;           // notes loaded (generated with serial numbers)
    int capacity = 0;
};

struct CashModuleConfig {
    std::vector<CashUnitConfig> units;
    std::string serial_prefix = "FA";
    std::uint64_t seed = 1;
    int max_dispense_items = 100;  // XFS4IoT capabilities maxDispenseItems → tooManyItems
    int max_cash_in_items = 100;   // one bunch at the input position → tooManyItems
    int escrow_capacity = 200;     // notes the escrow holds over a whole cash-in transaction
    bool retain_counterfeit = true;// counterfeit / suspect notes are kept, never returned (policy)
    // A kiosk's CCNET bill validator as the acceptor (issue 14): its line, bill table and timing. Null: the module
    // simulates its acceptor itself.
    std::shared_ptr<const CcnetAcceptorConfig> validator;
};

}  // namespace atmbench::devices
