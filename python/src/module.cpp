// `atmbench._core`: the C++ core of atmbench for Python (the harness library itself, not a subprocess wrapper).
// The friendlier API and the pytest plugin are pure Python around it (python/atmbench/).
#include "bindings.hpp"

#include "atmbench/harness/cancel.hpp"
#include "atmbench/harness/session.hpp"
#include "atmbench/host/yaml_source.hpp"
#include "atmbench/share_folder.hpp"

#include <pybind11/stl/filesystem.h>

namespace py = pybind11;
namespace share_folder = atmbench::share_folder;

namespace {

// This module is "the program" of the share folder search: a checkout above it (build/python/atmbench in a clone),
// else PREFIX/share/atmbench with PREFIX relative to it (cmake/install.cmake). Its programs: the build tree's
// harness/ folder, else PREFIX/bin. Only relative paths are compiled in (python/CMakeLists.txt).
void locate_this_module() {
    static const int anchor = 0;
    share_folder::Program p = share_folder::program_at(&anchor, ATMBENCH_PREFIX_FROM_PACKAGE);
    p.bin_candidates = {(p.dir / ATMBENCH_BUILD_BIN_FROM_PACKAGE).lexically_normal(), p.prefix / "bin"};
    share_folder::set_program(std::move(p));
}

}  // namespace

PYBIND11_MODULE(_core, m) {
    m.doc() = "atmbench core: scenarios, sessions against a terminal under test, rules and reports";
    locate_this_module();
    // A bench ERROR (could not run) and a bad input file are exceptions; a terminal FAIL is a verdict, never one.
    py::register_exception<atmbench::harness::SessionError>(m, "BenchError", PyExc_RuntimeError);
    py::register_exception<atmbench::host::FixtureError>(m, "InputError", PyExc_ValueError);
    // No fixtures, scenarios or programs where they were looked for: the message lists every place.
    py::register_exception<share_folder::NotFound>(m, "NotFound", PyExc_FileNotFoundError);
    m.def("fixtures_dir", &share_folder::fixtures, "The fixtures folder found (--fixtures, $ATMBENCH_FIXTURES, a checkout, "
                                                   "PREFIX/share/atmbench); NotFound lists every place looked");
    m.def("scenarios_dir", &share_folder::scenarios, "The shipped scenarios folder, found like fixtures_dir()");
    m.def("bin_dir", &share_folder::bin_dir, "The folder of the atmbench programs ({bin_dir} of terminal profiles)");
    // Clean cancel (docs/security.md "Cancelling a run"): Python's signal.set_wakeup_fd writes SIGINT/SIGTERM here,
    // so the core's waits end and its terminals stop even while a call holds no GIL and Python cannot run.
    m.def("cancel_wakeup_fd", &atmbench::harness::cancel_wakeup_fd,
          "The write end of the core's cancel pipe, for signal.set_wakeup_fd (made on first call)");
    m.def("cancel_requested", &atmbench::harness::cancel_requested, "True once a SIGINT/SIGTERM cancelled the run");
    atmbench::python::bind_scenarios(m);
    atmbench::python::bind_results(m);
    atmbench::python::bind_sessions(m);
}
