// The pieces of the `atmbench._core` module, one file each: scenarios and profiles, verdicts and reports, sessions.
#pragma once

#include "atmbench/harness/runner.hpp"

#include <pybind11/pybind11.h>

namespace atmbench::python {

void bind_scenarios(pybind11::module_& m);  // scenario_bindings.cpp
void bind_results(pybind11::module_& m);    // result_bindings.cpp
void bind_sessions(pybind11::module_& m);   // session_bindings.cpp

// RunOptions from the keyword arguments every runner entry point takes.
harness::RunOptions run_options(const harness::TerminalProfile& profile, const std::vector<std::string>& defects,
                                std::uint64_t seed, const pybind11::object& trace_dir, const pybind11::object& work_root,
                                bool keep_work);

}  // namespace atmbench::python
