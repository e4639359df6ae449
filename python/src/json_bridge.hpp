// Boost.JSON values to Python objects and back, through the json module: trace events, truth, ledgers and step
// arguments are JSON already, so one exact conversion serves every binding.
#pragma once

#include "atmbench/harness/trace.hpp"

#include <boost/json/value.hpp>
#include <pybind11/pybind11.h>

#include <vector>

namespace atmbench::python {

pybind11::object to_python(const boost::json::value& v);
// Throws pybind11::value_error naming `what` when the object is not JSON-serialisable.
boost::json::value from_python(const pybind11::handle& o, const char* what);
boost::json::object object_from_python(const pybind11::handle& o, const char* what);
// Trace events as dicts: index (the place in the timeline), t_ns, source, kind, name, data.
pybind11::object event_to_python(const harness::TraceEvent& e);
pybind11::list events_to_python(const std::vector<harness::TraceEvent>& events);

}  // namespace atmbench::python
