#include "atmbench/harness/saved_view.hpp"

#include "atmbench/common/pan_scan.hpp"

#include <boost/json.hpp>

namespace atmbench::harness {

boost::json::object saved_view(const TraceEvent& e) {
    boost::json::value v = to_json(e);
    mask_pans(v);
    return std::move(v.as_object());
}

ScenarioResult saved_view(ScenarioResult r) {
    for (TraceEvent& e : r.trace) {
        e.name = mask_pans(e.name);
        mask_pans(e.data);
    }
    for (Verdict& v : r.verdicts) {
        v.message = mask_pans(v.message);
        boost::json::value m = std::move(v.measurements);
        mask_pans(m);
        v.measurements = std::move(m.as_object());
    }
    for (StepRecord& s : r.steps) {
        s.text = mask_pans(s.text);
        s.result = mask_pans(s.result);
    }
    r.error = mask_pans(r.error);
    r.terminal_output = mask_pans(r.terminal_output);
    return r;
}

std::vector<ScenarioResult> saved_view(const std::vector<ScenarioResult>& results) {
    std::vector<ScenarioResult> out;
    out.reserve(results.size());
    for (const ScenarioResult& r : results) out.push_back(saved_view(r));
    return out;
}

}  // namespace atmbench::harness
