// The adapter that gives host records their meaning (facts.hpp HostMessage: kind, STAN, approved, …). One per host
// protocol; today ISO 8583 through a profile's dialect (host_facts_iso8583.cpp). NDC would add its own reader
// producing the same facts, and no rule would change.
#pragma once

#include "atmbench/harness/facts.hpp"
#include "atmbench/harness/trace.hpp"
#include "atmbench/iso8583/dialect.hpp"

#include <vector>

namespace atmbench::harness {

// The dialect of the run: the profile the bench event config/host names (the runner records it when it starts
// the host), else the shipped cup-atm. Throws (a bench error) when that profile has no dialect.
const iso8583::Dialect& dialect_of_run(const std::vector<TraceEvent>& events);

// Fills the meaning of a host record from its MTI and decoded fields.
void read_meaning(HostMessage& m, const iso8583::Dialect& dialect);

}  // namespace atmbench::harness
