// The wait step: until the trace shows a screen, a journal record, a host message, an XFS4IoT message or a
// terminal mode, within the step's bound (a bench ERROR otherwise). The step table (step_table.cpp) lists what
// it takes; the loader has checked that exactly one of them is given.
#include "scenario_run.hpp"
#include "step_args.hpp"
#include "trace_match.hpp"

#include <boost/json.hpp>

namespace atmbench::harness {

namespace json = boost::json;
using std::chrono::milliseconds;

void ScenarioRun::wait(const Step& s) {
    const json::object& a = s.args;
    const milliseconds bound = bound_of(s);
    std::int64_t since = monotonic_ns();
    if (a.contains("screen")) {
        wait_screen(text_arg(a, "screen"), bound, 1);
    } else if (a.contains("idle")) {
        wait_screen("idle", bound);
    } else if (a.contains("journal")) {
        std::string type = text_arg(a, "journal");
        json::object match = a.contains("match") && a.at("match").is_object() ? a.at("match").as_object() : json::object{};
        // Any record of the scenario counts, also one written before this step (position 0).
        wait_event([&](const TraceEvent& e) {
            if (e.source != "journal" || e.name != type || !e.data.is_object()) return false;
            for (const auto& kv : match) {
                const json::value* v = e.data.as_object().if_contains(kv.key());
                if (!v || *v != kv.value()) return false;
            }
            return true;
        }, 0, bound, "journal record " + type);
    } else if (a.contains("host") || a.contains("event") || a.contains("xfs")) {
        // The same matcher as power_cut's `when` (trace_match.hpp). Host messages count from the start of the
        // scenario, XFS4IoT messages from this step on.
        std::optional<TraceMatcher> m;
        try {
            m = trace_matcher(a);
        } catch (const std::invalid_argument& e) {
            throw BenchError(std::string("wait: ") + e.what());
        }
        static const json::object no_data;
        wait_event([&](const TraceEvent& e) {
            return (m->source == "host" || e.t_ns >= since) &&
                   m->matches(e.source, e.kind, e.name, e.data.is_object() ? e.data.as_object() : no_data);
        }, 0, bound, m->describe());
    } else if (a.contains("mode")) {
        std::string mode = text_arg(a, "mode");
        if (!bench_terminal().wait_line({{"mode", mode}}, bound)) throw StepTimeout("terminal mode " + mode + " not reported");
    } else {
        throw BenchError("wait needs one of " + step_signature(*find_step_spec("wait")));
    }
}

}  // namespace atmbench::harness
