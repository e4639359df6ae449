// What of an XFS4IoT message may appear in a trace. Track data, chip data, PIN blocks and key values are replaced
// by "<redacted>" (7.3.6.9 b: no PIN, PIN block, full track data or keys in any log); everything else is kept.
#pragma once

#include "atmbench/devices/device_set.hpp"

#include <boost/json/value.hpp>

#include <vector>

namespace atmbench::devices {

// Redacts in place; each value taken out is appended to `seen` when given.
void redact_wire_message(boost::json::value& message, std::vector<RedactedSecret>* seen = nullptr);

}  // namespace atmbench::devices
