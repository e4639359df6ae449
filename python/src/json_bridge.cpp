#include "json_bridge.hpp"

#include <boost/json.hpp>

namespace atmbench::python {

namespace py = pybind11;
namespace json = boost::json;

py::object to_python(const json::value& v) {
    static py::object loads = py::module_::import("json").attr("loads");
    return loads(json::serialize(v));
}

json::value from_python(const py::handle& o, const char* what) {
    static py::object dumps = py::module_::import("json").attr("dumps");
    std::string text;
    try {
        text = py::cast<std::string>(dumps(o));
    } catch (const py::error_already_set& e) {
        throw py::value_error(std::string(what) + ": expected JSON-like data (dict, list, str, number, bool, None): " + e.what());
    }
    return json::parse(text);
}

json::object object_from_python(const py::handle& o, const char* what) {
    if (o.is_none()) return {};
    json::value v = from_python(o, what);
    if (!v.is_object()) throw py::value_error(std::string(what) + ": expected a dict");
    return v.as_object();
}

namespace {

json::object event_json(const harness::TraceEvent& e) {
    json::object o = harness::to_json(e);
    o["index"] = static_cast<std::int64_t>(e.index);
    return o;
}

}  // namespace

py::object event_to_python(const harness::TraceEvent& e) { return to_python(event_json(e)); }

py::list events_to_python(const std::vector<harness::TraceEvent>& events) {
    json::array a;
    for (const auto& e : events) a.push_back(event_json(e));
    return to_python(a);  // one conversion for the whole trace
}

}  // namespace atmbench::python
