// A scenario run driven one step at a time: what the Python module and the pytest plugin use. The same machinery
// as `atmbench run` (ScenarioRun), so a scenario gives the same verdicts from either.
#pragma once

#include "atmbench/harness/runner.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace atmbench::harness {

class ScenarioRun;

// The bench could not do what was asked (a bench ERROR, never a terminal FAIL): the terminal never came into
// service, a step could not be carried out within its bound, a bad argument.
class SessionError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Session {
public:
    // Nothing runs until start(). `scenario` supplies the devices, faults, host rules, terminal overrides and the
    // rules the session claims to prove; its steps are ignored (steps come through step()).
    Session(Scenario scenario, RunOptions options);
    ~Session();  // stops whatever still runs
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Host, devices and armed faults up, then (with_terminal) the terminal from the profile until it reports in
    // service (or out of service when the scenario expects that). Without it, a terminal started elsewhere can be
    // pointed at host_address() and publisher_uri() (config_file() is the profile's rendered configuration).
    // Throws SessionError.
    void start(bool with_terminal = true);
    bool started() const { return started_; }
    bool finished() const { return finished_; }

    // One scenario step (scenario.hpp step_kinds(): insert_card, withdraw, fault, host_rule, wait, …). An optional
    // step that times out is skipped; any other failure throws SessionError and the session's result is ERROR.
    StepRecord step(const Step& s);

    // A step the caller carried out itself (a wait in a Python test) could not be done: the session stops there
    // and its result is ERROR unless a rule FAILs — the same as a step of its own that ran out of time.
    void stop_on(const std::string& why);

    // Every event so far, ordered by time.
    std::vector<TraceEvent> trace() const;
    // The first event at or after `since_ns` whose source, kind and name match (empty matches anything) and whose
    // data contains every member of `subset`; nullopt when none comes within `bound`.
    std::optional<TraceEvent> wait_event(const std::string& source, const std::string& kind, const std::string& name,
                                         const boost::json::object& subset, std::int64_t since_ns,
                                         std::chrono::milliseconds bound) const;

    // How many events the trace has had appended; and a wait (no polling, at most `bound`) until it has more than
    // `seen`, returning the new count — for a caller's own condition over the trace (Python's Bench.wait_until).
    std::size_t trace_length() const;
    std::size_t wait_trace_growth(std::size_t seen, std::chrono::milliseconds bound) const;

    boost::json::value physical_truth();  // what the simulated devices really hold
    boost::json::value ledger();          // the simulated host's accounts and postings
    std::string host_address() const;
    std::string publisher_uri() const;
    std::string work_folder() const;
    std::string config_file() const;  // "" when the profile has no configuration template

    // Stops the terminal, host and devices and judges the trace: the same verdicts `atmbench run` gives.
    ScenarioResult finish();

private:
    struct Owned;
    std::unique_ptr<Owned> owned_;  // scenario and options, at stable addresses for the run
    std::unique_ptr<ScenarioRun> run_;
    std::string error_;
    bool hard_error_ = false;  // an exception, not a step that ran out of time: ERROR without judging
    bool started_ = false;
    bool finished_ = false;
};

}  // namespace atmbench::harness
