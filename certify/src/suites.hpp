// The suites, one function per device class (suite_*.cpp), and what they share.
#pragma once

#include "atmbench/certify/suite.hpp"

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

}  // namespace atmbench::certify::suites_detail
