// Shared pieces of the rule implementations: verdict constructors and the trace questions many rules ask.
#pragma once

#include "atmbench/common/json_path.hpp"

#include "atmbench/harness/facts.hpp"
#include "atmbench/harness/verdict.hpp"

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace atmbench::harness::rules {

Verdict pass(std::string message = "", std::vector<std::size_t> evidence = {});
Verdict fail(std::string message, std::vector<std::size_t> evidence = {});
Verdict not_applicable(std::string message = "");
Verdict not_observable(std::string message);

std::string str(const boost::json::value* v);
// An integer however JSON holds it (int64, uint64, a double truncated); `dflt` when absent or not a number. Throws
// (→ NOT_OBSERVABLE, see evaluate()) for a number int64 cannot hold (uint64 above its top, a double beyond ±2^63,
// infinite or NaN): converting those is undefined behaviour (C++ [conv.fpint]), and the trace holds what the
// terminal under test and its devices wrote, any number at all.
std::int64_t as_int(const boost::json::value* v, std::int64_t dflt = 0);
// Minor units (x100, half up) of a decimal amount in major units as XFS4IoT carries it (300, 150.5). Throws
// (→ NOT_OBSERVABLE) naming `what` when it is not a number or its minor units do not fit int64.
std::int64_t minor_units(const boost::json::value& major, const std::string& what);
// a + b and a * b of amounts and counts read from the trace; throw (→ NOT_OBSERVABLE) naming `what` on overflow
// (signed overflow is undefined behaviour, C++ [expr.pre]/4), never a wrapped total that could pass a rule.
std::int64_t checked_sum(std::int64_t a, std::int64_t b, const std::string& what);
std::int64_t checked_product(std::int64_t a, std::int64_t b, const std::string& what);
inline const boost::json::value* at(const boost::json::value& v, std::initializer_list<std::string_view> path) {
    return json_at(v, path);
}

// Minor units of a Dispense command's denomination.currencies (major units in the message).
std::int64_t dispense_amount(const XfsMessage& dispense);
// Unit ids in a Dispense command's denomination.counts.
std::vector<std::string> dispense_units(const XfsMessage& dispense);
// Amount (minor units) of a host message, 0 when absent; throws (→ NOT_OBSERVABLE) when it is not a number.
std::int64_t amount_of(const HostMessage& m);
// An integer the rule cannot do without: throws (→ NOT_OBSERVABLE, see evaluate()) naming `what` when absent or
// not a whole number, where as_int would quietly give a default.
std::int64_t require_int(const boost::json::value* v, const std::string& what);

// XFS commands (application → device) named `name` issued in [from, to).
std::vector<const XfsMessage*> commands_between(const Facts& f, const std::string& name, std::int64_t from, std::int64_t to);
bool completed_ok(const Facts& f, const XfsMessage& cmd);
// Time of the next transaction request (withdrawal, deposit, inquiry, transfer) after t, or the end of the trace.
std::int64_t next_request_after(const Facts& f, std::int64_t t);
std::int64_t trace_end(const Facts& f);
// Faults of this name (any device when device is empty) with their times.
std::vector<const TraceEvent*> faults_named(const Facts& f, const std::string& name, const std::string& device = "");
// A reply that is not usable: undecodable, mismatched key field (rule "mutate"), bad MAC, or malformed.
// A reply whose key field the host changed on purpose (rule "mutate": "STAN 000002 -> 000003", "PAN changed …").
bool mutated(const HostMessage& reply);
bool reply_unusable(const Facts& f, const HostMessage& request, const HostMessage* reply);
// The PANs of the cards in the card catalogue, by card id.
const std::map<std::string, std::string>& catalogue_pans();
std::string masked(const std::string& pan);  // first 6 + last 4 around asterisks, the host record's form
bool luhn_ok(const std::string& pan);
std::string xfs_key_of(const std::string& profile_key);  // "F2" → "fdk02"
std::int64_t ms(std::int64_t ns);

}  // namespace atmbench::harness::rules
