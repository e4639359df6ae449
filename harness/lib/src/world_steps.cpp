// The steps that change the customer's world rather than act in it: device faults armed mid-scenario, host
// response rules, the host going away and coming back, the operator's admin commands, a terminal restart, the
// customer doing nothing. The step table (step_table.cpp) names each handler.
#include "scenario_run.hpp"
#include "step_args.hpp"

#include "atmbench/host/yaml_source.hpp"

#include <boost/json.hpp>

namespace atmbench::harness {

namespace json = boost::json;
using std::chrono::milliseconds;

void ScenarioRun::fault(const Step& s) {
    json::object spec = s.args;
    std::string device = text_arg(s.args, "device");
    spec.erase("device");
    spec.erase("optional");
    try {
        devices_->inject_fault(device, spec);
    } catch (const std::exception& e) {
        throw BenchError("fault on " + device + ": " + e.what());
    }
    trace_->add("fault", device, text_arg(s.args, "name"), spec);
}

void ScenarioRun::host_rule(const Step& s) {
    json::object rule = s.args;
    rule.erase("optional");
    // Through the host's own rule parser, so a step's rule means what the same rule in host.rules means.
    std::string where = scenario_.file.string() + ":" + std::to_string(s.line);
    host::RuleFile rf = host::parse_rules(host::load_yaml_text("{rules: [" + json::serialize(rule) + "]}", where), where);
    for (auto& r : rf.rules) host_->add_rule(std::move(r));
    trace_->add("fault", "host", "rule", rule);
}

void ScenarioRun::clear_host_rules(const Step&) {
    host_->clear_rules();
    trace_->add("fault", "host", "clear-rules", json::object{});
}

void ScenarioRun::stop_host(const Step&) {
    take_host_down();
    host_stopped_ = true;
    trace_->add("fault", "host", "stopped", json::object{});
}

void ScenarioRun::restart_host(const Step&) {
    // The host comes back on the same address with the same accounts and ledger-free state: what was posted
    // before stays in the trace; the terminal must reconnect by itself.
    std::string address = host_address_;
    if (!host_stopped_) take_host_down();
    host_.reset();
    start_host(address);  // binds beside the held port (SO_REUSEADDR), then the hold goes
    held_host_port_.reset();
    host_stopped_ = false;
    trace_->add("fault", "host", "restarted", json::object{{"address", address}});
}

void ScenarioRun::sleep_ms(const Step& s) {
    const json::value* v = s.args.if_contains("value");
    // A wait on the trace that nothing matches: it lasts its time, unless the run is cancelled (cancel.hpp).
    trace_->wait_for([](const TraceEvent&) { return false; }, trace_->appended(),
                     std::chrono::steady_clock::now() + milliseconds(v && v->is_int64() ? v->as_int64() : 0));
}

void ScenarioRun::admin(const Step& s) { admin(text_arg(s.args, "command")); }

void ScenarioRun::restart_terminal(const Step&) {
    bench_terminal();
    stop_terminal();
    start_terminal();
}

}  // namespace atmbench::harness
