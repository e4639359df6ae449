// One ordered timeline of a scenario (monotonic clock): XFS4IoT messages in both directions per service, host
// messages (raw and decoded, secrets redacted by the host's recorder), terminal process output and exit, journal
// records as the terminal writes them, customer actions, faults, bench steps, and the final physical truth and
// ledger. Each event is appended to the trace file as it is recorded, so a crash loses nothing.
#pragma once

#include <boost/json/value.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::harness {

struct TraceEvent {
    std::int64_t t_ns = 0;  // CLOCK_MONOTONIC, the clock host and devices stamp with
    std::string source;     // xfs | host | terminal | journal | customer | fault | bench | truth | ledger | device-line
    std::string kind;       // xfs: command/acknowledge/event/completion/unsolicited; host: in/out; …
    std::string name;       // message name, MTI, step kind, …
    boost::json::value data;
    std::size_t index = 0;  // position in the timeline, set by snapshot()
};

std::int64_t monotonic_ns();

class OnCancel;  // cancel.hpp

class Trace {
public:
    explicit Trace(std::optional<std::filesystem::path> file = std::nullopt);
    ~Trace();
    Trace(const Trace&) = delete;
    Trace& operator=(const Trace&) = delete;

    void add(TraceEvent e);  // thread-safe; wakes every wait_for
    void add(std::string source, std::string kind, std::string name, boost::json::value data);
    // Every event so far, ordered by time (stable for equal times), with index set.
    std::vector<TraceEvent> snapshot() const;

    // How many events were appended so far: the `since` of a wait that must see everything from now on.
    std::size_t appended() const;
    // Blocks until `match` accepts an event appended at position `since` or later (append order, each offered
    // once, under the trace's lock: `match` must not call back into the trace), until `give_up` (checked at the
    // start and at every wake; may be empty) says to stop, or until `deadline`. Returns the matching event's
    // append position, or nullopt. No polling: add() and wake() end the wait the moment something changes. A
    // cancelled run (cancel.hpp) ends every wait: the cancel wakes each trace, and a wait gives up like `give_up`.
    std::optional<std::size_t> wait_for(const std::function<bool(const TraceEvent&)>& match, std::size_t since,
                                        std::chrono::steady_clock::time_point deadline,
                                        const std::function<bool()>& give_up = {}) const;
    // Something a wait's `give_up` looks at changed outside the trace (the terminal exited): re-check it now.
    void wake() const;
    const std::optional<std::filesystem::path>& file() const { return path_; }

private:
    mutable std::mutex mutex_;
    mutable std::condition_variable appended_cv_;
    std::vector<TraceEvent> events_;  // append order (recorders stamp their own times, so not always time order)
    std::optional<std::filesystem::path> path_;
    std::FILE* out_ = nullptr;
    std::unique_ptr<OnCancel> on_cancel_;  // last: unregistered before the rest goes
};

boost::json::object to_json(const TraceEvent& e);
// The inverse of to_json; throws std::invalid_argument naming `where` and the field that is wrong.
TraceEvent trace_event_from_json(const boost::json::value& v, const std::string& where);
// A trace file as the runner writes it (JSON lines), in file order; errors name FILE:LINE.
std::vector<TraceEvent> read_trace_file(const std::filesystem::path& file);

}  // namespace atmbench::harness
