// What of an XFS4IoT message may appear in a trace. Track data, chip data, PIN blocks and key values are replaced
// by "<redacted>" (7.3.6.9 b: no PIN, PIN block, full track data or keys in any log); everything else is kept.
#pragma once

#include <boost/json/value.hpp>

namespace atmbench::devices {

void redact_wire_message(boost::json::value& message);

}  // namespace atmbench::devices
