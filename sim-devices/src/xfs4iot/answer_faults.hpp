// The answer faults armed on one service (xfs_server.hpp AnswerFault) and the one place that applies them: every
// message the endpoint sends passes here first — an accepted acknowledge, a command's solicited events and
// completion, an unsolicited event. Knows nothing of sockets; runs on the server's I/O thread like the endpoint.
//
// Messages are recognised by their header prefix: envelope.hpp writes the header first, "type" first, then "name",
// then "requestId" (docs/references.md [XFS4IoT] §2). A spoiled message is re-serialised in that same order.
#pragma once

#include "atmbench/xfs4iot/xfs_server.hpp"
#include "versions.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace atmbench::xfs4iot::detail {

class AnswerFaults {
public:
    using Send = std::function<void(const std::string& text)>;

    // `events`: what the service declares it may send (Service::events()), for eventAfterCompletion's fallback.
    explicit AnswerFaults(std::vector<std::string> events) : events_(std::move(events)) {}

    void arm(AnswerFault fault) { armed_.push_back({std::move(fault), 0}); }
    void clear() {
        armed_.clear();
        last_events_.clear();
    }
    bool empty() const { return armed_.empty(); }
    // Nothing armed and no command's event remembered: a message need not pass through solicited().
    bool idle() const { return armed_.empty() && last_events_.empty(); }

    // The acknowledge that accepts `command` (status null), rewritten in place when ackStatusOnSuccess fires.
    void acknowledge(const std::string& command, std::string& text);
    // One message of a command on `connection` (a solicited event or its completion), passed to `send` as it is,
    // spoiled, not at all (missingEvent) or followed by one more event (eventAfterCompletion). `chosen`: the event
    // versions of that connection (a fallback event carries its version there).
    void solicited(std::uint64_t connection, const std::string& text, const ChosenVersions* chosen, const Send& send);
    // An unsolicited event about to go to every connection: false when missingEvent drops it (for all of them).
    bool unsolicited(const std::string& event);
    // The connection is gone: its commands' remembered events go too.
    void disconnected(std::uint64_t connection);

private:
    struct Armed {
        AnswerFault fault;
        int seen = 0;
    };
    // Counts this message for every armed fault that spoils messages of kind `spoils` at `at` and `applies` to it
    // (a predicate on the kind's name), up to the first that fires now; returns that one's kind (a one-shot fault is
    // disarmed), or "" when none fires.
    template <class Applies>
    std::string take(AnswerFaultSpoils spoils, std::string_view at, Applies&& applies);
    // A solicited event for eventAfterCompletion when the command sent none: "" when the service declares none.
    std::string fallback_event(std::string_view command) const;

    std::vector<std::string> events_;
    std::vector<Armed> armed_;
    // The last solicited event each command sent, by (connection, requestId), while any fault is armed: what
    // eventAfterCompletion repeats. Dropped at the command's completion.
    std::map<std::pair<std::uint64_t, std::int64_t>, std::string> last_events_;
};

}  // namespace atmbench::xfs4iot::detail
