// Verdicts and results. A rule's verdict carries the trace events that justify it (OpenHTF-style measurements
// beside the outcome); a scenario is PASSED, FAILED (a rule the terminal broke) or ERROR (the bench could not run
// it: bad input, the terminal never came into service, a step that could not be carried out) or NOT RUN (the run
// was cancelled before it finished: no verdict at all, cancel.hpp).
#pragma once

#include "atmbench/harness/scenario.hpp"
#include "atmbench/harness/trace.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace atmbench::harness {

enum class Outcome { Pass, Fail, NotObservable, NotApplicable };
const char* to_string(Outcome o);
// The inverse of to_string; nullopt for any other text.
std::optional<Outcome> outcome_from_string(const std::string& s);

struct Verdict {
    std::string rule;    // docs/conformance.md id, or EXPECT-n for a scenario expectation
    std::string clause;  // of the standard
    std::string title;
    Outcome outcome = Outcome::NotApplicable;
    std::string message;                 // why, in one or two sentences
    std::vector<std::size_t> evidence;   // trace event indices
    boost::json::object measurements;    // numbers the verdict rests on
};

enum class Status { Passed, Failed, Error, NotRun };
const char* to_string(Status s);
std::optional<Status> status_from_string(const std::string& s);

struct StepRecord {
    std::string text;
    int line = 0;
    std::string result;  // ok | skipped | error: …
    double ms = 0;
};

struct ScenarioResult {
    Scenario scenario;
    Status status = Status::Error;
    std::string error;  // for Error: what could not be done; for NotRun: why (the run was cancelled)
    std::vector<Verdict> verdicts;
    std::vector<StepRecord> steps;
    std::vector<TraceEvent> trace;
    std::string trace_file;
    std::string terminal_output;  // tail, when the terminal crashed, hung or the scenario errored
    std::uint64_t seed = 0;
    double seconds = 0;
    double bench_ms = 0;  // the bench's own time: setup, teardown, trace collection, rules
    // Where the time went, ms: set_up (host, devices, configuration), terminal (start to last step: the
    // terminal's start-up and the scenario's own waits), stop_terminal (the terminal's shutdown after SIGTERM),
    // tear_down (the rest of the teardown: final truth, ledger, stopping host and devices), judge (facts + rules).
    boost::json::object phases;
    // (value, what carried it) of every secret the devices redacted (PIN blocks, keys, track data): held in memory
    // only, for the scan of the saved outputs (saved_output_scan.hpp); no report writes it.
    std::vector<std::pair<std::string, std::string>> secrets_handled;

    std::vector<const Verdict*> failures() const;
};

}  // namespace atmbench::harness
