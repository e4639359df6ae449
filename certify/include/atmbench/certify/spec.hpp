// What XFS4IoT 2024-03 says about each message, as far as the certifier judges it (docs/references.md [XFS4IoT]
// §0 "Per-message versions", §2 envelope, §3 message inventory). The certifier keeps its own table rather than
// reading the simulated devices' one: a mistake in either then shows up as a failed check, not as agreement.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atmbench::certify::spec {

// The 2024-03 version of a command and of its completion ("CardReader.ReadRawData": 2.0 and 3.0). nullopt for a
// command the table does not know (a vendor extension, an interface the bench has no suite for).
struct CommandVersions {
    std::string command;
    std::string completion;
};
std::optional<CommandVersions> command_versions(std::string_view name);

// The 2024-03 version of an event (solicited or unsolicited): "3.0" for Common.StatusChangedEvent; nullopt when
// unknown.
std::optional<std::string> event_version(std::string_view name);

// §2: the completion codes of the 2024-03 header, lowerCamel.
const std::vector<std::string>& completion_codes();
bool is_completion_code(std::string_view code);

// §2: the statuses an acknowledge may carry when it rejects a command (absent/null = accepted).
bool is_rejecting_ack_status(std::string_view status);

// §2: the header fields each message type may carry (2024-03 rejects unknown header fields).
bool header_field_allowed(std::string_view type, std::string_view field);

// "3.0" → 3; 0 when it does not start with a number.
int major_of(std::string_view version);

}  // namespace atmbench::certify::spec
