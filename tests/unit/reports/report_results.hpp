// Results for the report tests: one passed scenario, one whose terminal broke a rule (with measurements and
// evidence into its trace) and one the bench could not run — with hostile text (markup, quotes, control
// characters, a "</script>") wherever a scenario file or a terminal could put it.
#pragma once

#include "atmbench/harness/verdict.hpp"

#include <boost/json.hpp>

#include <string>
#include <vector>

namespace atmbench::reports::test {

using namespace atmbench::harness;

inline const std::string kHostile = "<script>alert(\"x\")</script> & 'q' \x01]]></failure>";

inline TraceEvent event(std::int64_t ms, std::string source, std::string kind, std::string name, std::size_t index) {
    return TraceEvent{1'000'000'000 + ms * 1'000'000, std::move(source), std::move(kind), std::move(name), boost::json::object{}, index};
}

inline std::vector<ScenarioResult> report_results() {
    ScenarioResult passed;
    passed.scenario.id = "card-luhn";
    passed.scenario.title = "A card failing its check digit never reaches the host";
    passed.scenario.file = "scenarios/conformance/card-luhn.yaml";
    passed.scenario.rules = {"CARD-LUHN"};
    passed.status = Status::Passed;
    passed.seed = 1;
    passed.verdicts.push_back(Verdict{"CARD-LUHN", "7.2.1", "Luhn check", Outcome::Pass, "no request sent", {}, {}});

    ScenarioResult failed;
    failed.scenario.id = "reverse-when-not-taken";
    failed.scenario.title = "Title " + kHostile;
    failed.scenario.file = "scenarios/conformance/reverse-when-not-taken.yaml";
    failed.scenario.rules = {"REV-REQUIRED"};
    failed.scenario.tags = {"reversal"};
    failed.status = Status::Failed;
    failed.seed = 7;
    failed.trace = {event(0, "bench", "step", "insertCard", 0), event(1200, "host", "in", "0200", 1),
                    event(31000, "xfs", "completion", "CashDispenser.Present", 2)};
    failed.trace_file = "traces/reverse-when-not-taken.jsonl";
    failed.verdicts.push_back(Verdict{"REV-REQUIRED", "7.3.6.7", "A reversal follows cash not taken", Outcome::Fail,
                                      "no 0420 within 30 s of the retract " + kHostile, {1, 2},
                                      boost::json::object{{"waited_ms", 31000}, {"note", kHostile}}});
    failed.steps.push_back(StepRecord{"insert card " + kHostile, 12, "ok", 3.5});

    ScenarioResult error;
    error.scenario.id = "terminal-never-starts";
    error.scenario.title = "The bench cannot start the terminal";
    error.scenario.file = "scenarios/conformance/terminal-never-starts.yaml";
    error.status = Status::Error;
    error.error = "terminal did not come into service within 10 s " + kHostile;
    error.terminal_output = "panic: " + kHostile;
    return {passed, failed, error};
}

}  // namespace atmbench::reports::test
