#include "atmbench/harness/session.hpp"

#include "scenario_run.hpp"

#include "atmbench/harness/cancel.hpp"

#include <boost/json.hpp>

#include <thread>

namespace atmbench::harness {

namespace json = boost::json;

struct Session::Owned {
    Scenario scenario;
    RunOptions options;
};

Session::Session(Scenario scenario, RunOptions options)
    : owned_(std::make_unique<Owned>(Owned{std::move(scenario), std::move(options)})) {
    owned_->scenario.steps.clear();
    try {
        check_against_profile(owned_->scenario, owned_->options.profile);  // as `atmbench run` does, before anything runs
        run_ = std::make_unique<ScenarioRun>(owned_->scenario, owned_->options);
    } catch (const std::exception& e) {
        throw SessionError(e.what());
    }
}

Session::~Session() = default;  // ~ScenarioRun tears down and removes the work folder

void Session::start(bool with_terminal) {
    if (started_) throw SessionError("the session was already started");
    started_ = true;
    try {
        run_->begin(with_terminal);
    } catch (const std::exception& e) {
        error_ = e.what();
        hard_error_ = true;
        throw SessionError(error_);
    }
}

StepRecord Session::step(const Step& s) {
    if (!started_) throw SessionError("start the session before its steps");
    if (finished_) throw SessionError("the session is finished");
    if (!error_.empty()) throw SessionError("the session already stopped on a bench error: " + error_);
    try {
        check_step(owned_->scenario, s);  // a mistyped step from code is refused before it is carried out
        Scenario one_step;  // only the step, checked against the profile as a scenario's would be
        one_step.file = owned_->scenario.file;
        one_step.steps = {s};
        check_against_profile(one_step, owned_->options.profile);
    } catch (const host::FixtureError& e) {
        throw SessionError(e.what());
    }
    bool go_on = false;
    try {
        go_on = run_->perform(s);
    } catch (const std::exception& e) {
        error_ = s.kind + ": " + e.what();
        hard_error_ = true;
        throw SessionError(error_);
    }
    if (!go_on) {
        // Judged like `atmbench run` judges a scenario that stopped at this step: a broken rule still FAILs.
        error_ = run_->step_error();
        throw SessionError(error_);
    }
    return StepRecord{s.text(), s.line, "ok", 0};
}

void Session::stop_on(const std::string& why) {
    if (!started_ || finished_ || !error_.empty()) return;
    error_ = why;
    run_->stop_on(why);
}

std::vector<TraceEvent> Session::trace() const { return run_->trace().snapshot(); }

namespace {

bool contains_subset(const json::value& data, const json::object& subset) {
    if (subset.empty()) return true;
    if (!data.is_object()) return false;
    for (const auto& kv : subset) {
        const json::value* v = data.as_object().if_contains(kv.key());
        if (!v) return false;
        if (kv.value().is_object() ? !contains_subset(*v, kv.value().as_object()) : *v != kv.value()) return false;
    }
    return true;
}

}  // namespace

std::optional<TraceEvent> Session::wait_event(const std::string& source, const std::string& kind, const std::string& name,
                                              const json::object& subset, std::int64_t since_ns,
                                              std::chrono::milliseconds bound) const {
    auto wanted = [&](const TraceEvent& e) {
        return e.t_ns >= since_ns && (source.empty() || e.source == source) && (kind.empty() || e.kind == kind) &&
               (name.empty() || e.name == name) && contains_subset(e.data, subset);
    };
    // Every event of the run counts (position 0), filtered by time; woken by each append, no polling.
    Trace& trace = run_->trace();
    if (!trace.wait_for(wanted, 0, std::chrono::steady_clock::now() + bound)) return std::nullopt;
    // The first one in the time-ordered view trace() returns, with its index there.
    for (auto& e : trace.snapshot())
        if (wanted(e)) return e;
    return std::nullopt;
}

std::size_t Session::trace_length() const { return run_->trace().appended(); }

std::size_t Session::wait_trace_growth(std::size_t seen, std::chrono::milliseconds bound) const {
    Trace& trace = run_->trace();
    trace.wait_for([](const TraceEvent&) { return true; }, seen, std::chrono::steady_clock::now() + bound);
    return trace.appended();
}

json::value Session::physical_truth() {
    if (!run_->devices()) throw SessionError("the devices are not running");
    return run_->devices()->physical_truth();
}

json::value Session::ledger() {
    if (!run_->host()) throw SessionError("the host is not running");
    return run_->host()->ledger_json();
}

std::string Session::host_address() const { return run_->host() ? run_->host()->address() : ""; }
std::string Session::publisher_uri() const { return run_->devices() ? run_->devices()->publisher_uri() : ""; }
std::string Session::work_folder() const { return run_->work_folder().string(); }
std::string Session::config_file() const { return run_->config_file().string(); }

ScenarioResult Session::finish() {
    if (finished_) throw SessionError("the session was already finished");
    finished_ = true;
    if (!started_) return run_->error_result("the session was never started");
    if (cancel_requested()) return run_->not_run_result();  // its waits were cut short: no verdict (cancel.hpp)
    if (hard_error_) return run_->error_result(error_);
    return run_->finish();
}

}  // namespace atmbench::harness
