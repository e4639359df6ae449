// Verdicts, scenario results, rule evaluation over a recorded trace, and the report writers (the same JUnit, JSON
// and HTML `atmbench run` writes).
#include "bindings.hpp"
#include "json_bridge.hpp"

#include "atmbench/harness/facts.hpp"
#include "atmbench/harness/rules.hpp"
#include "atmbench/reports/html.hpp"
#include "atmbench/reports/junit.hpp"
#include "atmbench/reports/results_json.hpp"

#include <boost/json.hpp>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <optional>

namespace atmbench::python {

namespace py = pybind11;
namespace json = boost::json;
using namespace atmbench::harness;
using namespace atmbench::reports;

namespace {

Outcome outcome_from(const std::string& s) {
    if (auto o = outcome_from_string(s)) return *o;
    throw py::value_error("outcome: expected 'pass', 'fail', 'not observable' or 'not applicable', not '" + s + "'");
}

std::vector<TraceEvent> events_from(const py::handle& events) {
    std::vector<TraceEvent> out;
    std::size_t i = 0;
    for (const auto& e : events) {
        try {
            out.push_back(trace_event_from_json(from_python(e, "trace event"), "trace event " + std::to_string(i++)));
        } catch (const std::invalid_argument& err) {
            throw py::value_error(err.what());
        }
    }
    return out;
}

}  // namespace

void bind_results(py::module_& m) {
    py::class_<Verdict>(m, "Verdict", "A rule's outcome with the trace events that justify it")
        .def(py::init([](std::string rule, std::string clause, std::string title, const std::string& outcome,
                         std::string message, std::vector<std::size_t> evidence, const py::object& measurements) {
                 return Verdict{std::move(rule), std::move(clause), std::move(title), outcome_from(outcome),
                                std::move(message), std::move(evidence), object_from_python(measurements, "measurements")};
             }),
             py::arg("rule"), py::arg("clause"), py::arg("title"), py::arg("outcome"), py::arg("message") = "",
             py::arg("evidence") = std::vector<std::size_t>{}, py::arg("measurements") = py::none())
        .def_readonly("rule", &Verdict::rule)
        .def_readonly("clause", &Verdict::clause)
        .def_readonly("title", &Verdict::title)
        .def_property_readonly("outcome", [](const Verdict& v) { return std::string(to_string(v.outcome)); })
        .def_readonly("message", &Verdict::message)
        .def_readonly("evidence", &Verdict::evidence)
        .def_property_readonly("measurements", [](const Verdict& v) { return to_python(v.measurements); })
        .def("__repr__", [](const Verdict& v) { return "<atmbench.Verdict " + v.rule + " " + to_string(v.outcome) + ">"; });

    py::class_<ScenarioResult>(m, "Result", "One scenario's status (passed | failed | error), verdicts, steps and trace")
        .def_readonly("scenario", &ScenarioResult::scenario)
        .def_property_readonly("status", [](const ScenarioResult& r) { return std::string(to_string(r.status)); })
        .def_readonly("error", &ScenarioResult::error)
        .def_readonly("verdicts", &ScenarioResult::verdicts)
        .def_property_readonly("failures", [](const ScenarioResult& r) {
            std::vector<Verdict> out;
            for (const Verdict* v : r.failures()) out.push_back(*v);
            return out;
        })
        .def_property_readonly("steps", [](const ScenarioResult& r) {
            py::list out;
            for (const auto& s : r.steps) {
                py::dict d;
                d["step"] = s.text;
                d["line"] = s.line;
                d["result"] = s.result;
                d["ms"] = s.ms;
                out.append(d);
            }
            return out;
        })
        .def_property_readonly("trace", [](const ScenarioResult& r) { return events_to_python(r.trace); },
                               "Every event as a dict: index, t_ns, source, kind, name, data")
        .def_readonly("trace_file", &ScenarioResult::trace_file)
        .def_readonly("terminal_output", &ScenarioResult::terminal_output)
        .def_readonly("seed", &ScenarioResult::seed)
        .def_readonly("seconds", &ScenarioResult::seconds)
        .def_readonly("bench_ms", &ScenarioResult::bench_ms)
        .def_property_readonly("phases", [](const ScenarioResult& r) { return to_python(r.phases); })
        // A custom rule's verdict (Python rules over the trace) joins the result; a FAIL fails a passed scenario.
        // An ERROR stays an ERROR: a scenario the bench could not run proves nothing either way.
        .def("add_verdict", [](ScenarioResult& r, const Verdict& v) {
            r.verdicts.push_back(v);
            if (v.outcome == Outcome::Fail && r.status == Status::Passed) r.status = Status::Failed;
        }, py::arg("verdict"))
        .def("to_dict", [](const ScenarioResult& r) {
            json::object o = results_json({r}, SuiteInfo{}).at("scenarios").as_array().at(0).as_object();
            return to_python(o);
        })
        .def("__repr__", [](const ScenarioResult& r) { return "<atmbench.Result " + r.scenario.id + " " + to_string(r.status) + ">"; });

    m.def("evaluate", [](const Scenario& scenario, const TerminalProfile& profile, const py::object& events) {
        std::vector<TraceEvent> trace = py::isinstance<py::str>(events) ? read_trace_file(py::cast<std::string>(events))
                                                                        : events_from(events);
        // The runner judges the snapshot: ordered by time with indices; a saved trace is in that order already.
        std::stable_sort(trace.begin(), trace.end(), [](const TraceEvent& a, const TraceEvent& b) { return a.t_ns < b.t_ns; });
        for (std::size_t i = 0; i < trace.size(); ++i) trace[i].index = i;
        Facts facts = build_facts(scenario, profile, std::move(trace));
        return evaluate(scenario, facts);
    }, py::arg("scenario"), py::arg("profile"), py::arg("trace"),
       "The rules engine over a recorded trace (a list of event dicts, or a .trace.jsonl path)");

    m.def("write_reports", [](const std::vector<ScenarioResult>& results, const std::optional<std::filesystem::path>& junit,
                              const std::optional<std::filesystem::path>& json_file, const std::optional<std::filesystem::path>& html,
                              const std::string& terminal, const std::vector<std::string>& defects, std::uint64_t seed, int jobs,
                              double seconds, const std::string& started) {
        SuiteInfo info{terminal, defects, seed, jobs, seconds, started};
        if (junit) write_junit(*junit, results, info);
        if (json_file) write_json(*json_file, results, info);
        if (html) write_html(*html, results, info);
    }, py::arg("results"), py::arg("junit") = py::none(), py::arg("json") = py::none(), py::arg("html") = py::none(),
       py::arg("terminal") = "", py::arg("defects") = std::vector<std::string>{}, py::arg("seed") = 1, py::arg("jobs") = 1,
       py::arg("seconds") = 0.0, py::arg("started") = "");

    m.def("read_results", &read_results_file, py::arg("path"),
          "Results back from a results.json (with their traces when the trace files are there), e.g. to merge "
          "several runs into one report; ValueError names the file, scenario and field that is wrong");

    m.def("summary_line", [](const std::vector<ScenarioResult>& results) { return summary_line(totals(results)); });
}

}  // namespace atmbench::python
