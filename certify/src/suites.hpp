// The suites, one function per device class (suite_*.cpp), and what they share.
#pragma once

#include "atmbench/certify/suite.hpp"

#include <map>
#include <optional>

namespace atmbench::certify::suites_detail {

void common_suite(SuiteContext& ctx);
void card_reader_suite(SuiteContext& ctx);
void cash_dispenser_suite(SuiteContext& ctx);
void cash_acceptor_suite(SuiteContext& ctx);
void pin_pad_suite(SuiteContext& ctx);
void printer_suite(SuiteContext& ctx);
void text_terminal_suite(SuiteContext& ctx);
void lights_suite(SuiteContext& ctx);
void auxiliaries_suite(SuiteContext& ctx);

// A command of the service that stays running until the customer acts (a card, keys): Cancel, header timeouts
// and duplicate requestIds are tried on it. nullopt when the service has none the bench knows.
struct WaitingCommand {
    std::string name;
    boost::json::object payload;
};
std::optional<WaitingCommand> waiting_command(const ServiceInfo& info);

// Checked readers of a service's JSON answer: nullptr / "" / nullopt when absent or of another type.
const boost::json::object* object_at(const boost::json::object& o, std::initializer_list<const char*> path);
std::string text_at(const boost::json::object& o, std::initializer_list<const char*> path);
std::optional<std::int64_t> int_at(const boost::json::object& o, std::initializer_list<const char*> path);

// A cash storage unit as Storage.GetStorage (2.1 completion, 2024-03 §3.1) reports it: the counters the cash suites
// compare before and after a dispense, retract or cash-in. Counts objects ({typeCNY100: {fit: 3}}, {unrecognized: 1},
// {fit, unfit, …}) are summed over every item type and class.
struct CashUnitCounts {
    std::string id;
    std::string status;                 // ok|inoperative|missing|notConfigured|manipulated
    bool cash_out = false, cash_in = false, retract = false, reject = false;  // cash.configuration.types
    std::string currency;               // cash.configuration.currency
    double value = 0;                   // cash.configuration.value (major units, 0 when mixed)
    std::optional<std::int64_t> count;  // cash.status.count
    std::int64_t presented = 0, distributed = 0, rejected_out = 0;        // cash.status.out
    std::int64_t deposited = 0, retracted = 0, rejected_in = 0;           // cash.status.in
};
using CashStorage = std::map<std::string, CashUnitCounts>;
// Sum of the integers inside a counts value; nullopt when it holds something else.
std::optional<std::int64_t> counts_total(const boost::json::value& v);
// The cash units of a GetStorage payload (units without a cash block are left out).
CashStorage cash_units(const boost::json::object& payload);
// Storage.GetStorage as a check's evidence: the cash units, or nullopt (and a finding) when it did not succeed.
std::optional<CashStorage> read_cash_storage(ServiceSession& s, Check& c, const std::string& when);
// Sum of a counter over the units `pick` selects.
std::int64_t total_of(const CashStorage& st, std::int64_t CashUnitCounts::*field,
                      const std::function<bool(const CashUnitCounts&)>& pick = {});
// Sum of cash.status.count over the units `pick` selects; nullopt when one of them does not report it.
std::optional<std::int64_t> count_of(const CashStorage& st, const std::function<bool(const CashUnitCounts&)>& pick = {});
// Puts a cash device back to idle after a check that failed or left notes in it: CashManagement.Reset when declared.
void cash_reset(SuiteContext& ctx);

}  // namespace atmbench::certify::suites_detail
