// One connection to one XFS4IoT service, as the suites use it: send a command, collect its acknowledge, its
// solicited events and its completion (docs/references.md [XFS4IoT] §2: command → acknowledge → 0..n events →
// exactly one completion, all with the command's requestId), and wait for unsolicited events. Every wait has a
// bound; what arrived is kept as the evidence of the check that asked.
#pragma once

#include "atmbench/certify/wire.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace atmbench::certify {

struct Exchange {
    std::string name;
    std::int64_t request_id = 0;
    std::size_t first_seq = 0;  // the command's position in the wire record
    std::optional<boost::json::object> ack;
    std::vector<boost::json::object> events;
    std::optional<boost::json::object> completion;

    bool accepted() const;              // an acknowledge without a status
    std::string ack_status() const;     // "" when none or accepted
    std::string code() const;           // completionCode, "" without a completion
    std::string error_code() const;     // payload.errorCode, "" when none
    std::string version() const;        // the completion's header.version
    const boost::json::object& payload() const;  // the completion's payload object (empty when null / none)
    bool has_event(const std::string& name) const;
    std::vector<const boost::json::object*> events_named(const std::string& name) const;
    // "CardReader.ReadRawData #12: ack ok, events [...], completion success" — one line for a check's detail.
    std::string summary() const;
};

struct CallOptions {
    std::chrono::milliseconds bound{10000};    // how long the bench waits for the completion
    std::int64_t header_timeout_ms = 0;        // header.timeout (0 = none)
    std::string version = {};                  // header.version; "" = the command's 2024-03 version
};

class ServiceSession {
public:
    ServiceSession(XfsWire& wire, int connection, std::string service);

    const std::string& service() const { return service_; }
    int connection() const { return connection_; }
    XfsWire& wire() { return wire_; }

    // Sends and waits for the completion (or `bound`).
    Exchange call(const std::string& name, const boost::json::value& payload = nullptr, CallOptions options = {});
    // Sends and waits only for the acknowledge; finish() collects the rest.
    Exchange start(const std::string& name, const boost::json::value& payload = nullptr, CallOptions options = {});
    // Waits for `ex`'s completion (events on the way), at most `bound`.
    void finish(Exchange& ex, std::chrono::milliseconds bound);
    // Waits until `ex` has had the solicited event `name` (or completed), at most `bound`.
    bool wait_event(Exchange& ex, const std::string& name, std::chrono::milliseconds bound);
    // A hand-made message (a deliberately broken envelope); its requestId is marked deliberate so the wire audit
    // does not hold the service to the rules of a well-formed command for it.
    void send_raw(const std::string& text, std::optional<std::int64_t> deliberate_request_id = {});
    // The next message at or after record position `from` on this connection matching type/name/requestId
    // (requestId 0 = any), within `bound`.
    std::optional<boost::json::object> wait_message(std::size_t from, const std::string& type, const std::string& name,
                                                    std::int64_t request_id, std::chrono::milliseconds bound);
    // The unsolicited event `name` at or after record position `from`.
    std::optional<boost::json::object> wait_unsolicited(std::size_t from, const std::string& name,
                                                        std::chrono::milliseconds bound);
    std::size_t mark() const { return wire_.size(); }
    std::int64_t next_request_id() { return next_id_++; }
    const std::set<std::int64_t>& deliberate_ids() const { return deliberate_; }

private:
    void collect(Exchange& ex, std::size_t from, const std::function<bool(const Exchange&)>& done,
                 std::chrono::milliseconds bound);

    XfsWire& wire_;
    int connection_;
    std::string service_;
    std::int64_t next_id_ = 1;
    std::set<std::int64_t> deliberate_;
};

// A parsed message's header field as text ("" when absent or not a string).
std::string header_text(const boost::json::object& message, const char* field);
// The message parsed, or nullopt when it is not a JSON object with a header object.
std::optional<boost::json::object> parse_message(const std::string& text);

}  // namespace atmbench::certify
