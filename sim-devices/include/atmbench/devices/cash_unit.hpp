// A cash unit (cassette / bin) of the cash module: its configuration, its status, and what the device *reports*
// about it (XFS4IoT Storage.GetStorage `cash.configuration` and `cash.status`). The notes physically inside are
// not here: they live in the module's NoteLedger under the unit id, so a reported count can differ from the truth.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace atmbench::devices {

enum class UnitType { cashOut, cashIn, recycling, reject, retract };
enum class UnitStatus { ok, missing, inoperative, manipulated };

std::string_view to_string(UnitType t);
std::string_view to_string(UnitStatus s);
std::optional<UnitType> unit_type_from(std::string_view name);

struct UnitCounters {
    int initial = 0;    // reported count at the last SetStorage / EndExchange
    int dispensed = 0;  // picked out of the unit
    int presented = 0;  // of those, presented to the customer
    int retracted = 0;  // retracted into the unit
    int rejected = 0;   // rejected into the unit
    int deposited = 0;  // stored into the unit by CashInEnd
};

struct CashUnit {
    // Configuration (what the bank loaded).
    std::string id;          // "unit1" …
    UnitType type = UnitType::cashOut;
    std::string currency;    // "CNY"; empty for reject/retract units that take any note
    std::int64_t value = 0;  // denomination in minor units; 0 for reject/retract units
    int capacity = 0;

    // State and what the device reports.
    UnitStatus status = UnitStatus::ok;
    std::string reported_currency;   // what the unit claims (differs from `currency` under cassetteMismatch)
    std::int64_t reported_value = 0;
    int reported_count = 0;          // the device's count (differs from the truth under countMismatch)
    bool reported_empty = false;     // the picker found it empty (cassetteEmpty)
    bool reported_full = false;      // the unit says it is full (storageFull)
    UnitCounters counters;

    bool dispenses() const { return type == UnitType::cashOut || type == UnitType::recycling; }
    bool accepts_deposits() const { return type == UnitType::cashIn || type == UnitType::recycling; }
};

// XFS4IoT replenishmentStatus from the reported count: ok | full | high | low | empty.
std::string_view replenishment_status(const CashUnit& u);

}  // namespace atmbench::devices
