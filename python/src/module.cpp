// `atmbench._core`: the C++ core of atmbench for Python (the harness library itself, not a subprocess wrapper).
// The friendlier API and the pytest plugin are pure Python around it (python/atmbench/).
#include "bindings.hpp"

#include "atmbench/harness/session.hpp"
#include "atmbench/host/yaml_source.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
    m.doc() = "atmbench core: scenarios, sessions against a terminal under test, rules and reports";
    m.attr("SOURCE_DIR") = ATMBENCH_SOURCE_DIR;
    m.attr("BIN_DIR") = ATMBENCH_BIN_DIR;
    // A bench ERROR (could not run) and a bad input file are exceptions; a terminal FAIL is a verdict, never one.
    py::register_exception<atmbench::harness::SessionError>(m, "BenchError", PyExc_RuntimeError);
    py::register_exception<atmbench::host::FixtureError>(m, "InputError", PyExc_ValueError);
    atmbench::python::bind_scenarios(m);
    atmbench::python::bind_results(m);
    atmbench::python::bind_sessions(m);
}
