// What every device service (the adapters between XFS4IoT messages and a device model) shares: the one mapping
// of a model Outcome onto an XFS4IoT completion (docs/references.md [XFS4IoT] §2: completionCode in the header,
// payload.errorCode with commandErrorCode), strict readers of command payload fields, and base64, the way
// XFS4IoT carries binary data (§3.1: track data, ATRs, APDUs, key values, PIN blocks, PrintRaw data).
#pragma once

#include "atmbench/common/base64.hpp"
#include "atmbench/common/bytes.hpp"
#include "atmbench/xfs4iot/command.hpp"
#include "devices/outcome.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace atmbench::devices {

xfs4iot::CompletionCode to_completion_code(Completion c);

// Completes `cmd` from a model outcome; `payload` is sent only with success.
void finish(xfs4iot::Command& cmd, const Outcome& o, boost::json::value payload = nullptr);

// ---- Payload readers. A payload field of the wrong type: the command ends with invalidData (§2); the services
// catch BadPayload around execute. An absent or null field gives the default.
struct BadPayload : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The command's payload object, or an empty object when the payload is null or not an object.
const boost::json::object& payload_fields(const xfs4iot::Command& c);
std::string read_text(const boost::json::object& o, const char* key, std::string dflt = "");
int read_integer(const boost::json::object& o, const char* key, int dflt, int min, int max);
bool read_boolean(const boost::json::object& o, const char* key, bool dflt);
// The bytes of base64 text from field `key`; anything but canonical base64 throws BadPayload ("KEY must be base64").
std::string read_base64(std::string_view text, const char* key);
Bytes read_base64_bytes(std::string_view text, const char* key);

// base64 lives in atmbench_common; the services and the harness still name it devices::base64_*.
using atmbench::base64_decode;
using atmbench::base64_encode;

}  // namespace atmbench::devices
