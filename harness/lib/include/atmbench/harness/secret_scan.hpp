// 7.3.6.9 b / INV-NO-SECRETS: the secret values the simulated devices handled (track data, PIN blocks, key values;
// redacted from the trace) searched for in what the terminal itself writes — its journal, its output, its screens
// and its printer — whatever the field is called. The findings, not the values, go into the trace.
#pragma once

#include "atmbench/devices/device_set.hpp"
#include "atmbench/harness/trace.hpp"

#include <string>
#include <vector>

namespace atmbench::harness {

struct SecretFinding {
    std::size_t event = 0;  // position in the events given
    std::string where;      // "journal record withdrawal", "terminal stdout", "xfs Printer.PrintForm"
    std::string carrier;    // what carried the secret on the wire: "PinPad.GetPinBlock pinBlock"
    std::string form;       // as on the wire | hex
};

// The spellings a terminal would write a secret in: as it came over the wire (base64 for binary data), and the
// bytes in hex, upper and lower case (how PIN blocks and keys are usually logged).
struct SecretForm {
    std::string text, name;
};
std::vector<SecretForm> secret_forms(const std::string& value);

// Values shorter than 8 characters are not searched (too likely to occur by chance).
std::vector<SecretFinding> find_secrets(const std::vector<TraceEvent>& events, const std::vector<devices::RedactedSecret>& secrets);

}  // namespace atmbench::harness
