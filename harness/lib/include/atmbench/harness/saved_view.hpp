// What the bench writes out — trace files, the JSON, JUnit and HTML reports — is a view of what it recorded, with
// every card number masked by meaning (pan_scan.hpp: any Luhn-valid run of 13-19 digits, in any string, whatever
// the field is called). 7.3.6.9 b and PCI DSS 3.4: no full PAN in a log. The rules judge the record itself, before
// this view is made: RCPT-MASK and INV-NO-SECRETS must see what the terminal really printed and wrote.
// Track data, PIN blocks and keys never reach the record at all (the host's and the devices' redaction).
#pragma once

#include "atmbench/harness/trace.hpp"
#include "atmbench/harness/verdict.hpp"

#include <vector>

namespace atmbench::harness {

// One trace event as a trace file line holds it.
boost::json::object saved_view(const TraceEvent& e);
// A result as the reports show it: its trace, verdicts (messages, measurements), steps, error and terminal output.
ScenarioResult saved_view(ScenarioResult r);
std::vector<ScenarioResult> saved_view(const std::vector<ScenarioResult>& results);

}  // namespace atmbench::harness
