#include "atmbench/devices/cash_unit.hpp"

namespace atmbench::devices {

std::string_view to_string(UnitType t) {
    switch (t) {
        case UnitType::cashOut: return "cashOut";
        case UnitType::cashIn: return "cashIn";
        case UnitType::recycling: return "recycling";
        case UnitType::reject: return "reject";
        case UnitType::retract: return "retract";
    }
    return "cashOut";
}

std::string_view to_string(UnitStatus s) {
    switch (s) {
        case UnitStatus::ok: return "ok";
        case UnitStatus::missing: return "missing";
        case UnitStatus::inoperative: return "inoperative";
        case UnitStatus::manipulated: return "manipulated";
    }
    return "inoperative";
}

std::optional<UnitType> unit_type_from(std::string_view name) {
    for (auto t : {UnitType::cashOut, UnitType::cashIn, UnitType::recycling, UnitType::reject, UnitType::retract})
        if (to_string(t) == name) return t;
    return std::nullopt;
}

std::string_view replenishment_status(const CashUnit& u) {
    if (u.reported_full || (u.capacity > 0 && u.reported_count >= u.capacity)) return "full";
    if (u.dispenses() && (u.reported_empty || u.reported_count == 0)) return "empty";
    if (u.capacity > 0 && u.reported_count * 10 >= u.capacity * 9) return "high";
    if (u.dispenses() && u.reported_count * 10 <= u.capacity) return "low";
    return "ok";
}

}  // namespace atmbench::devices
