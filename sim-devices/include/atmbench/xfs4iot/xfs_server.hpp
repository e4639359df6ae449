// The XFS4IoT WebSocket server: the service publisher at ws://HOST:PORT/xfs4iot/v1.0 (ServicePublisher.GetServices,
// ServiceDetailEvent; it does not list itself) and one endpoint per service at …/xfs4iot/v1.0/<Name>/.
// With a certificate and key it speaks TLS only, and every URI it hands out is wss:// (docs/references.md [XFS4IoT] §1
// "TLS": the device is the TLS server; the spec's examples are all wss://).
// All protocol work and every Service callback run on one I/O thread, so device models need no locks; other
// threads reach them through run()/call(). Asio/Beast/OpenSSL stay in the .cpp files.
#pragma once

#include "atmbench/common/bounded_record.hpp"
#include "atmbench/xfs4iot/service.hpp"

#include <boost/json/array.hpp>

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace atmbench::xfs4iot {

struct ServerOptions {
    std::string listen = "127.0.0.1:0";
    std::string vendor_name = "atmbench";
    int max_requests_per_connection = 64;  // beyond this: tooManyRequests
    // PEM files; both set = wss:// only, both empty = ws://. start() reads them and throws std::runtime_error naming
    // the file that is missing, unreadable, not PEM, encrypted, or when the key does not match the certificate.
    std::string tls_certificate = {};
    std::string tls_key = {};
    // Keep-alive: a connection silent this long gets a WebSocket ping; one silent for `drop_after` (no pong
    // either) is closed and its commands cancelled, as on any disconnect. Long-lived idle connections that answer
    // pings stay (an application waiting for unsolicited events may say nothing for hours).
    std::chrono::milliseconds keepalive_ping_after = std::chrono::seconds(60);
    std::chrono::milliseconds keepalive_drop_after = std::chrono::seconds(300);
    // What the wire record keeps for wire() (the wire listener sees every message).
    common::RecordLimits wire_limits = {};
};

// A device that answers badly (issue: "malformed device answers") or deviates from XFS4IoT 2024-03 in exactly one
// observable way (the deviation switches a certification suite must each catch by a named check). Every kind is in
// answer_fault_kinds(); the one place that applies them is the service endpoint (src/xfs4iot/answer_faults.cpp).
//   invalidJson            the completion of `at` is cut in half (no JSON)
//   missingFields          … lacks completionCode and requestId
//   unknownCompletionCode  … carries "successful", outside the 2024-03 enumeration
//   wrongRequestId         … carries the requestId + 1000
//   wrongCompletionVersion … carries a version its message does not have in 2024-03: "3.0" becomes "2.0", any other
//                          "1.0" (docs/references.md [XFS4IoT] §0: every message its own version)
//   wrongCompletionCode    … carries another valid code: success becomes hardwareError, any other success (its
//                          payload.errorCode dropped)
//   eventAfterCompletion   … is followed by one more solicited event with its requestId: the command's last solicited
//                          event again, or, when it sent none, the first event the service declares (Service::events())
//                          in the command's interface, else its first event outside Common, with a null payload; a
//                          service declaring no such event cannot show it, so its completions do not count (the
//                          fault check refuses it on such a device: the lights) (§2: command → acknowledge → 0..n
//                          events → exactly one completion, nothing after)
//   countsOff              … of Storage.GetStorage (the only `at`) reports its first storage unit's count one too
//                          many (cash.status.count, or card.status.count on a card reader); only completions with
//                          such a count are counted
//   ackStatusOnSuccess     the acknowledge of an accepted `at` carries "status":"ok" (the 2021-1 habit) instead of
//                          null (§2: no status = accepted)
//   missingEvent           the event named in `at` (an event name, not a command) is not sent: solicited, on the
//                          connection of the command sending it, or unsolicited, to every connection
// `occurrence` counts the messages the kind spoils (completions of `at`, accepted acknowledges of `at`, events
// named `at`); "" = any command (any event).
struct AnswerFault {
    std::string kind;
    std::string at;       // the command whose message is spoiled (missingEvent: the event); "" = any
    int occurrence = 1;   // the n-th such message from now
    bool persistent = false;
};

// What an answer fault's `at` names: a command of the service, an event of the service (missingEvent), or only
// Storage.GetStorage (countsOff). What it spoils: the acknowledge or the completion of that command, or the event.
enum class AnswerFaultPoint { Command, Event, GetStorage };
enum class AnswerFaultSpoils { Acknowledge, Completion, Event };
struct AnswerFaultKind {
    std::string name;
    AnswerFaultPoint at;
    AnswerFaultSpoils spoils;
};
// Every answer fault kind, in the order error messages list them: the one list of names.
const std::vector<AnswerFaultKind>& answer_fault_kinds();
const AnswerFaultKind* find_answer_fault_kind(std::string_view name);

// The kinds above; throws std::invalid_argument listing them for anything else.
void check_answer_fault_kind(const std::string& kind);

// One line of what crossed the wire, for the trace (both directions, monotonic ns).
struct WireRecord {
    std::int64_t time_ns;
    std::string service;  // "ServicePublisher" or the service name
    std::uint64_t connection;
    bool inbound;
    std::string text;
    std::size_t seq = 0;  // 1-based position in the record (wire(since) starts at since + 1)
};

// The wire record's counters: messages ever recorded, kept now (and their bytes), dropped for the bound.
struct WireCounters {
    std::uint64_t recorded = 0;
    std::size_t kept = 0;
    std::uint64_t dropped = 0;
    std::size_t bytes = 0;
    common::RecordLimits limits;
};

class XfsServer {
public:
    explicit XfsServer(ServerOptions options);
    ~XfsServer();

    void add_service(std::shared_ptr<Service> service);  // before start()
    void start();  // binds and runs the I/O thread; throws std::runtime_error
    void stop();

    std::string address() const;       // "127.0.0.1:PORT"
    std::string publisher_uri() const; // "ws://127.0.0.1:PORT/xfs4iot/v1.0" (wss:// with TLS)
    std::string service_uri(const std::string& name) const;

    // Runs `fn` on the I/O thread and waits for it. When the I/O thread has not taken it up within `bound`, the
    // request is abandoned (it never runs: `fn` may refer to the caller's frame) and std::runtime_error is thrown;
    // once it has been taken up, it is waited for to its end. Exceptions from `fn` are rethrown here.
    void call(const std::function<void()>& fn, std::chrono::milliseconds bound = std::chrono::seconds(5));
    void post(std::function<void()> fn);

    // Arms a malformed-answer fault on a service (thread-safe). Throws std::invalid_argument for an unknown service.
    void arm_answer_fault(const std::string& service, AnswerFault fault);
    void clear_answer_faults(const std::string& service);

    // The kept messages in both directions after sequence number `since`, at most `limit` (`more`: kept ones follow).
    std::vector<WireRecord> wire(std::size_t since = 0, std::size_t limit = SIZE_MAX, bool* more = nullptr) const;
    WireCounters wire_counters() const;
    void set_wire_listener(std::function<void(const WireRecord&)> listener);
    // Records what a service's own device said on its line (a printer's ESC/POS, a validator's CCNET: hardware in
    // the loop) in the same record, connection 0, in order with the XFS4IoT messages it explains. `inbound`: from
    // the device. `text`: a JSON object, {"deviceLine": {...}}. Thread-safe.
    void record_device_line(const std::string& service, bool inbound, const std::string& text);

    struct Impl;  // in server_core.hpp, shared with the connection code

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace atmbench::xfs4iot
