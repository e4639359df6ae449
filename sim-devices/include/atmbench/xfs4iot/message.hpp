// The XFS4IoT 2024-03 message envelope (docs/references.md [XFS4IoT] §2):
//   {"header":{"type","name","requestId","version","timeout","status","completionCode","errorDescription"},
//    "payload":{...}|null}
// Parsing a client's command never throws: it yields the command or the acknowledge status that rejects it.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace atmbench::xfs4iot {

enum class CompletionCode {
    Success,
    CommandErrorCode,
    Canceled,
    DeviceNotReady,
    HardwareError,
    InternalError,
    InvalidCommand,
    InvalidRequestID,
    TimeOut,
    UnsupportedCommand,
    InvalidData,
    UserError,
    UnsupportedData,
    FraudAttempt,
    SequenceError,
    AuthorisationRequired,
    NoCommandNonce,
    InvalidToken,
    InvalidTokenNonce,
    InvalidTokenHMAC,
    InvalidTokenFormat,
    InvalidTokenKeyNoValue,
    NotEnoughSpace,
};

std::string_view to_string(CompletionCode c);  // the lowerCamel spelling on the wire: "timeOut", "canceled", …

// Acknowledge statuses that reject a command (§2: after one of these no further message follows).
enum class AckRejection { InvalidMessage, InvalidRequestID, TooManyRequests };
std::string_view to_string(AckRejection r);

struct CommandMessage {
    std::string name;        // "CardReader.ReadRawData"
    std::int64_t request_id = 0;
    std::string version;     // as sent; may be empty
    std::int64_t timeout_ms = 0;  // 0 = none
    boost::json::value payload;   // null or an object
};

struct Rejected {
    AckRejection status;
    std::string name;                      // when it could be read
    std::optional<std::int64_t> request_id;
    std::string why;                       // for the trace: what was wrong
};

// Parses one WebSocket text message from a client.
std::variant<CommandMessage, Rejected> parse_command(std::string_view text);

// Serialisers for what a service sends.
std::string acknowledge(const std::string& name, std::int64_t request_id, std::optional<AckRejection> status = {});
std::string event(const std::string& name, std::int64_t request_id, const boost::json::value& payload,
                  const std::string& version = "2.0");
std::string completion(const std::string& name, std::int64_t request_id, CompletionCode code,
                       const boost::json::value& payload, const std::string& error_description = "",
                       const std::string& version = "2.0");
std::string unsolicited(const std::string& name, const boost::json::value& payload, const std::string& version = "2.0");

}  // namespace atmbench::xfs4iot
