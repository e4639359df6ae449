// Terminal profiles, scenarios (loaded from files or text, with the same errors `atmbench validate` gives) and the
// rule catalogue.
#include "bindings.hpp"
#include "json_bridge.hpp"

#include "atmbench/harness/rules.hpp"
#include "atmbench/harness/scenario.hpp"
#include "atmbench/harness/steps.hpp"
#include "atmbench/harness/terminal_profile.hpp"

#include <boost/json.hpp>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

namespace atmbench::python {

namespace py = pybind11;
namespace json = boost::json;
using harness::Scenario;
using harness::TerminalProfile;

void bind_scenarios(py::module_& m) {
    py::class_<TerminalProfile>(m, "Profile", "A terminal profile (fixtures/terminals/README.md)")
        .def_static("load", &TerminalProfile::load, py::arg("path"), "Loads a profile file; InputError names file, line and key")
        .def_static("find", [](const std::string& name_or_path) { return TerminalProfile::load(TerminalProfile::find(name_or_path)); },
                    py::arg("name_or_path"), "A profile file, or the name of one in the fixtures' terminals/ (\"reference\")")
        .def_readonly("name", &TerminalProfile::name)
        .def_property_readonly("source", [](const TerminalProfile& p) { return p.source.string(); })
        .def_readonly("screens", &TerminalProfile::screens)
        .def_property_readonly("journal_declared", [](const TerminalProfile& p) { return !p.journal_path.empty(); })
        .def_property_readonly("timeouts_ms", [](const TerminalProfile& p) {
            std::map<std::string, long long> out;
            for (const auto& [k, v] : p.timeouts) out[k] = v.count();
            return out;
        })
        .def("__repr__", [](const TerminalProfile& p) { return "<atmbench.Profile " + p.name + " from " + p.source.string() + ">"; });

    py::class_<Scenario>(m, "Scenario", "One scenario instance (a parameterised file gives one per combination)")
        .def_readonly("id", &Scenario::id)
        .def_readonly("title", &Scenario::title)
        .def_property_readonly("file", [](const Scenario& s) { return s.file.string(); })
        .def_readonly("rules", &Scenario::rules)
        .def_readonly("tags", &Scenario::tags)
        .def_readonly("parameters", &Scenario::parameters)
        .def_readonly("expect_in_service", &Scenario::expect_in_service)
        .def_property_readonly("timeout_ms", [](const Scenario& s) { return s.timeout.count(); })
        .def_property_readonly("steps", [](const Scenario& s) {
            py::list out;
            for (const auto& st : s.steps) {
                py::dict d;
                d["kind"] = st.kind;
                d["args"] = to_python(st.args);
                d["line"] = st.line;
                out.append(d);
            }
            return out;
        })
        .def("__repr__", [](const Scenario& s) { return "<atmbench.Scenario " + s.id + ">"; });

    m.def("load_scenarios", &harness::load_scenarios, py::arg("path"),
          "Every scenario instance of a file, or of every *.yaml under a folder (sorted by path)");
    m.def("load_scenario_text", &harness::load_scenario_text, py::arg("text"), py::arg("file") = "<text>.yaml",
          "Scenario instances from YAML text; `file` names it in errors and anchors relative paths");
    m.def("step_kinds", [] {
        std::map<std::string, std::string> out;
        for (const auto& [k, help] : harness::step_kinds()) out[k] = help;
        return out;
    }, "Every step name with its signature and documentation");
    m.def("step_table", [] { return to_python(harness::step_table_json()); },
          "The step table (steps.hpp): per step its name, doc, signature, args (name, type, python hint, required, doc, "
          "allowed values, range), value_as, bounded, one_of; the Bench's step methods are made from it");
    m.def("rule_catalogue", [] {
        py::list out;
        for (const auto& r : harness::rule_catalogue()) {
            py::dict d;
            d["id"] = r.id;
            d["section"] = r.section;
            d["clause"] = r.clause;
            d["title"] = r.title;
            d["always_on"] = r.always_on;
            out.append(d);
        }
        return out;
    }, "The rules of docs/conformance.md A–H: id, section, clause, title, always_on");
}

}  // namespace atmbench::python
