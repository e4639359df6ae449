// The terminal's XFS4IoT client: discovery through the service publisher, one WebSocket per service, commands
// with a bounded wait for their completion, and a queue of unsolicited events. Any XFS4IoT application does the
// same (docs/references.md [XFS4IoT] §1–2): it learns which service implements which interface from
// ServicePublisher.GetServices and Common.Capabilities, never from a fixed list of names. Beast stays in the .cpp.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace atmbench::terminal {

// The devices could not be reached or spoke something that is not XFS4IoT.
class XfsError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct XfsEvent {
    std::string service;  // the service it came from, e.g. "CardReader1"
    std::string name;     // e.g. "CashManagement.ItemsTakenEvent"
    boost::json::value payload;
};

// The end of one command. `code` is the completion code ("success", "canceled", "timeOut", "commandErrorCode",
// …), "rejected:STATUS" when the acknowledge refused it, or "noAnswer" when the bound passed without a
// completion (the command is then cancelled). `events` holds the solicited events, in order.
struct XfsReply {
    std::string code;
    std::string error_code;  // payload.errorCode of a commandErrorCode completion
    std::string description;
    boost::json::value payload;
    std::vector<XfsEvent> events;

    bool ok() const { return code == "success"; }
    bool has_event(const std::string& name) const;
    const XfsEvent* event(const std::string& name) const;
};

class XfsClient {
public:
    XfsClient();
    ~XfsClient();
    XfsClient(const XfsClient&) = delete;
    XfsClient& operator=(const XfsClient&) = delete;

    // Connects to the publisher, lists the services, connects to each and reads its interfaces. Throws XfsError.
    void discover(const std::string& publisher_uri, std::chrono::milliseconds timeout);
    // The service implementing an interface ("CardReader", "CashDispenser", "Keyboard", …), or nullopt.
    std::optional<std::string> service_for(const std::string& interface_name) const;

    // Sends a command and waits at most `wait` for its completion. The interface is the command's prefix
    // ("CardReader.Move" → CardReader) unless `via` names one (for Common.* commands). `header_timeout`, when
    // positive, goes in the header so the service itself ends the command with timeOut (reference §1.2).
    XfsReply call(const std::string& command, const boost::json::value& payload, std::chrono::milliseconds wait,
                  const std::string& via = "", std::chrono::milliseconds header_timeout = std::chrono::milliseconds(0));

    // Starts a command without waiting; `finish` then waits for it. Lets the terminal watch other things (its
    // admin port, a heartbeat deadline) while a long command such as ReadRawData waits for the customer.
    int start(const std::string& command, const boost::json::value& payload, const std::string& via = "",
              std::chrono::milliseconds header_timeout = std::chrono::milliseconds(0));
    // nullopt when `wait` passed first; the command is still running then. An `interruptible` wait also ends
    // (nullopt) when interrupt_wait() is called, now or since the last interruptible wait.
    std::optional<XfsReply> finish(int request_id, std::chrono::milliseconds wait, bool interruptible = false);
    // Ends the current (or the next) interruptible finish() at once: the admin port's requests (shutdown, pause)
    // are acted on when they come, not when the idle wait's slice runs out. Any thread.
    void interrupt_wait();
    void cancel(int request_id);
    // Whether the started command `request_id` has had the solicited event `name` so far, before it completes
    // (a ReadRawData's MediaInsertedEvent: the card is in and its read has begun).
    bool has_event(int request_id, const std::string& name) const;

    // The next unsolicited event, waiting at most `wait`.
    std::optional<XfsEvent> next_event(std::chrono::milliseconds wait);
    // Throws away queued unsolicited events (what happened before a session started is not that session's).
    std::vector<XfsEvent> drain_events();

    void close();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace atmbench::terminal
