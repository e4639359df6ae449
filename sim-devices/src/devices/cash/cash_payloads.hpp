// JSON shapes of the cash module's XFS4IoT messages (docs/references.md [XFS4IoT] §3.1, 2024-03). The model counts money
// in minor units (100 CNY = 10000); XFS4IoT carries amounts as decimal values per currency ({"CNY": 300.00}),
// so every amount crosses here.
#pragma once

#include "atmbench/devices/cash_unit.hpp"
#include "devices/cash/cash_types.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::devices {

// ISO 4217 minor-unit digits: 2, except the few currencies without minor units (JPY, KRW, …).
int currency_exponent(std::string_view currency);
// 30000 minor CNY → 300 (an integer JSON number when whole, else a double: 150.5).
boost::json::value decimal_amount(std::int64_t minor, std::string_view currency);
// A decimal JSON number in major units → minor units; nullopt for a non-number, a negative value or more
// fraction digits than the currency has.
std::optional<std::int64_t> minor_amount(const boost::json::value& v, std::string_view currency);

// The cash item name of a note kind, e.g. "typeCNY100" (100.00 CNY), "typeCNY0.5".
std::string note_type(std::string_view currency, std::int64_t value_minor);

// What Denominate and Dispense ask for: {denomination: {currencies: {CNY: 300}, counts: {unit1: 3}}} (2021-1
// spelled the counts `values`; both are read).
struct DenominationRequest {
    std::string currency;     // "" when only counts are given
    std::int64_t amount = 0;  // minor units
    Mix counts;
};
// nullopt with `error` set for a malformed request (→ invalidData).
std::optional<DenominationRequest> parse_denomination(const boost::json::value& payload, std::string& error);

// {currencies: {CNY: 300}, counts: {unit1: 3}}.
boost::json::object denomination_json(const Mix& mix, std::int64_t amount, const std::string& currency);
// {typeCNY100: {fit, unfit, suspect, counterfeit, inked}, …} for notes that are not refused.
boost::json::object items_json(const std::vector<NoteCount>& notes);
// {unitN: {count: n}}: how many notes a command moved into or out of each unit.
boost::json::object moved_json(const Mix& moved);
// One Storage.GetStorage entry: {id, capacity, status, cash: {capabilities, configuration, status}}; index is the
// 1-based position of the unit in the storage list.
boost::json::object unit_json(const CashUnit& u, int index);

}  // namespace atmbench::devices
