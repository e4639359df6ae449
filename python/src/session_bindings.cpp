// Sessions (a scenario driven step by step from Python), and whole scenarios or suites run exactly as `atmbench
// run` runs them. Every call that waits releases the GIL, so pytest-xdist workers and Python threads keep going.
#include "bindings.hpp"
#include "json_bridge.hpp"

#include "atmbench/harness/session.hpp"
#include "atmbench/share_folder.hpp"

#include <boost/json.hpp>
#include <pybind11/functional.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

namespace atmbench::python {

namespace py = pybind11;
namespace json = boost::json;
using namespace atmbench::harness;
using std::chrono::milliseconds;

RunOptions run_options(const TerminalProfile& profile, const std::vector<std::string>& defects, std::uint64_t seed,
                       const py::object& trace_dir, const py::object& work_root, bool keep_work) {
    RunOptions o;
    o.profile = profile;
    o.defects = defects;
    o.seed = seed;
    o.bin_dir = share_folder::bin_dir();
    if (!trace_dir.is_none()) {
        o.trace_dir = std::filesystem::absolute(py::cast<std::filesystem::path>(trace_dir));
        std::filesystem::create_directories(*o.trace_dir);
    }
    if (!work_root.is_none()) o.work_root = py::cast<std::filesystem::path>(work_root);
    o.keep_work = keep_work;
    return o;
}


void bind_sessions(py::module_& m) {
    py::class_<Session>(m, "Session", "A scenario driven one step at a time against a real terminal process")
        .def(py::init([](const Scenario& scenario, const TerminalProfile& profile, const std::vector<std::string>& defects,
                         std::uint64_t seed, const py::object& trace_dir, const py::object& work_root, bool keep_work) {
                 return std::make_unique<Session>(scenario, run_options(profile, defects, seed, trace_dir, work_root, keep_work));
             }),
             py::arg("scenario"), py::arg("profile"), py::arg("defects") = std::vector<std::string>{}, py::arg("seed") = 1,
             py::arg("trace_dir") = py::none(), py::arg("work_root") = py::none(), py::arg("keep_work") = false)
        .def("start", &Session::start, py::arg("terminal") = true, py::call_guard<py::gil_scoped_release>(),
             "Host, devices and armed faults up, then (terminal=True) the terminal until in service; BenchError otherwise")
        .def_property_readonly("started", &Session::started)
        .def_property_readonly("finished", &Session::finished)
        .def("step", [](Session& s, const std::string& kind, const py::object& args, int line) {
            Step st{kind, object_from_python(args, kind.c_str()), line};
            py::gil_scoped_release release;
            s.step(st);
        }, py::arg("kind"), py::arg("args") = py::none(), py::arg("line") = 0,
           "One scenario step (atmbench.step_kinds()); BenchError when it cannot be carried out")
        .def("trace", [](const Session& s) {
            std::vector<TraceEvent> t;
            {
                py::gil_scoped_release release;
                t = s.trace();
            }
            return events_to_python(t);
        })
        .def("wait_event", [](const Session& s, const std::string& source, const std::string& kind, const std::string& name,
                              const py::object& data, std::int64_t since_ns, double timeout) {
            json::object subset = object_from_python(data, "data");
            std::optional<TraceEvent> e;
            {
                py::gil_scoped_release release;
                e = s.wait_event(source, kind, name, subset, since_ns, milliseconds(static_cast<long long>(timeout * 1000)));
            }
            return e ? event_to_python(*e) : py::none();
        }, py::arg("source") = "", py::arg("kind") = "", py::arg("name") = "", py::arg("data") = py::none(),
           py::arg("since_ns") = 0, py::arg("timeout") = 5.0,
           "The first matching event at or after since_ns, or None when none comes within timeout seconds")
        .def_property_readonly("trace_length", &Session::trace_length,
                               "How many events the trace has had appended (a `seen` for wait_trace_growth)")
        .def("wait_trace_growth", [](const Session& s, std::size_t seen, double timeout) {
            py::gil_scoped_release release;
            return s.wait_trace_growth(seen, milliseconds(static_cast<long long>(timeout * 1000)));
        }, py::arg("seen"), py::arg("timeout"),
           "Blocks until the trace has more than `seen` events or `timeout` seconds passed; the new count")
        .def("stop_on", &Session::stop_on, py::arg("why"),
             "A step the test carried out itself could not be done: the result is ERROR unless a rule fails")
        .def("physical_truth", [](Session& s) { return to_python(s.physical_truth()); })
        .def("ledger", [](Session& s) { return to_python(s.ledger()); })
        .def_property_readonly("host_address", &Session::host_address)
        .def_property_readonly("publisher_uri", &Session::publisher_uri)
        .def_property_readonly("work_folder", &Session::work_folder)
        .def_property_readonly("config_file", &Session::config_file)
        .def("finish", &Session::finish, py::call_guard<py::gil_scoped_release>(),
             "Stops terminal, host and devices and judges the trace (the verdicts `atmbench run` gives)");

    m.def("monotonic_ns", &monotonic_ns, "CLOCK_MONOTONIC in ns: the clock every trace event is stamped with");

    m.def("run_scenario", [](const Scenario& scenario, const TerminalProfile& profile, const std::vector<std::string>& defects,
                             std::uint64_t seed, const py::object& trace_dir, const py::object& work_root) {
        RunOptions o = run_options(profile, defects, seed, trace_dir, work_root, false);
        py::gil_scoped_release release;
        return run_scenario(scenario, o);
    }, py::arg("scenario"), py::arg("profile"), py::arg("defects") = std::vector<std::string>{}, py::arg("seed") = 1,
       py::arg("trace_dir") = py::none(), py::arg("work_root") = py::none());

    m.def("run_suite", [](const std::vector<Scenario>& scenarios, const TerminalProfile& profile, int jobs,
                          const std::vector<std::string>& defects, std::uint64_t seed, const py::object& trace_dir) {
        RunOptions o = run_options(profile, defects, seed, trace_dir, py::none(), false);
        py::gil_scoped_release release;
        return run_suite(scenarios, o, jobs, nullptr);
    }, py::arg("scenarios"), py::arg("profile"), py::arg("jobs") = 1, py::arg("defects") = std::vector<std::string>{},
       py::arg("seed") = 1, py::arg("trace_dir") = py::none());

    m.def("not_run", [](const Scenario& scenario, std::uint64_t seed) {
        RunOptions o;
        o.seed = seed;
        return not_started(scenario, o);
    }, py::arg("scenario"), py::arg("seed") = 1, "The NOT RUN result of a scenario a cancelled run never started");
}

}  // namespace atmbench::python
