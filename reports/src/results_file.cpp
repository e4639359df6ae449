// Reading a JSON results file (report_json.cpp's format) back into results: what lets reports from separate runs
// — one per pytest-xdist worker — be merged into one JUnit/JSON/HTML report.
#include "atmbench/reports/results_json.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace atmbench::reports {

using namespace atmbench::harness;

namespace json = boost::json;

namespace {

// A results file's scenario object, read field by field; errors name FILE, the scenario and the field.
class ScenarioReader {
public:
    ScenarioReader(const json::value& v, std::string where) : where_(std::move(where)) {
        if (!v.is_object()) throw bad("", "expected a scenario object");
        o_ = &v.as_object();
    }
    std::invalid_argument bad(const std::string& field, const std::string& what) const {
        return std::invalid_argument(where_ + (field.empty() ? "" : ": " + field) + ": " + what);
    }
    const json::value* get(const char* field) const { return o_->if_contains(field); }
    std::string text(const char* field, bool required = false) const {
        const json::value* v = get(field);
        if (!v) {
            if (required) throw bad(field, "missing");
            return "";
        }
        if (!v->is_string()) throw bad(field, "expected a string");
        return std::string(v->as_string());
    }
    double number(const char* field) const {
        const json::value* v = get(field);
        if (!v) return 0;
        if (!v->is_number()) throw bad(field, "expected a number");
        return v->to_number<double>();
    }
    std::vector<std::string> texts(const char* field) const {
        std::vector<std::string> out;
        const json::value* v = get(field);
        if (!v) return out;
        if (!v->is_array()) throw bad(field, "expected a list of strings");
        for (const auto& s : v->as_array()) {
            if (!s.is_string()) throw bad(field, "expected a list of strings");
            out.emplace_back(s.as_string());
        }
        return out;
    }
    const json::array& list(const char* field) const {
        static const json::array empty;
        const json::value* v = get(field);
        if (!v) return empty;
        if (!v->is_array()) throw bad(field, "expected a list");
        return v->as_array();
    }
    const json::object& object(const json::value& v, const std::string& field) const {
        if (!v.is_object()) throw bad(field, "expected an object");
        return v.as_object();
    }

private:
    std::string where_;
    const json::object* o_ = nullptr;
};

Verdict verdict_from(const ScenarioReader& s, const json::value& v, std::size_t i) {
    const std::string field = "verdicts[" + std::to_string(i) + "]";
    const json::object& o = s.object(v, field);
    auto str = [&](const char* k) {
        const json::value* x = o.if_contains(k);
        if (x && !x->is_string()) throw s.bad(field + "." + k, "expected a string");
        return x ? std::string(x->as_string()) : std::string();
    };
    Verdict out;
    out.rule = str("rule");
    out.clause = str("clause");
    out.title = str("title");
    out.message = str("message");
    auto outcome = outcome_from_string(str("outcome"));
    if (!outcome) throw s.bad(field + ".outcome", "expected pass, fail, not observable or not applicable");
    out.outcome = *outcome;
    if (const json::value* ev = o.if_contains("evidence")) {
        if (!ev->is_array()) throw s.bad(field + ".evidence", "expected a list of trace indices");
        for (const auto& n : ev->as_array()) {
            if (!n.is_int64() && !n.is_uint64()) throw s.bad(field + ".evidence", "expected a list of trace indices");
            out.evidence.push_back(n.to_number<std::size_t>());
        }
    }
    if (const json::value* m = o.if_contains("measurements")) out.measurements = s.object(*m, field + ".measurements");
    return out;
}

StepRecord step_from(const ScenarioReader& s, const json::value& v, std::size_t i) {
    const std::string field = "steps[" + std::to_string(i) + "]";
    const json::object& o = s.object(v, field);
    StepRecord out;
    if (const json::value* t = o.if_contains("step"); t && t->is_string()) out.text = t->as_string();
    if (const json::value* l = o.if_contains("line"); l && l->is_int64()) out.line = static_cast<int>(l->as_int64());
    if (const json::value* r = o.if_contains("result"); r && r->is_string()) out.result = r->as_string();
    if (const json::value* ms = o.if_contains("ms"); ms && ms->is_number()) out.ms = ms->to_number<double>();
    return out;
}

ScenarioResult result_from(const json::value& v, const std::string& where) {
    ScenarioReader s(v, where);
    ScenarioResult r;
    r.scenario.id = s.text("id", true);
    ScenarioReader named(v, where + ": scenario " + r.scenario.id);
    r.scenario.title = named.text("title");
    r.scenario.file = named.text("file");
    r.scenario.rules = named.texts("rules");
    r.scenario.tags = named.texts("tags");
    if (const json::value* p = named.get("parameters"))
        for (const auto& kv : named.object(*p, "parameters")) {
            if (!kv.value().is_string()) throw named.bad("parameters." + std::string(kv.key()), "expected a string");
            r.scenario.parameters[std::string(kv.key())] = std::string(kv.value().as_string());
        }
    auto status = status_from_string(named.text("status", true));
    if (!status) throw named.bad("status", "expected passed, failed, error or not-run");
    r.status = *status;
    r.error = named.text("error");
    r.terminal_output = named.text("terminal_output");
    r.trace_file = named.text("trace_file");
    r.seconds = named.number("seconds");
    r.bench_ms = named.number("bench_ms");
    r.seed = static_cast<std::uint64_t>(named.number("seed"));
    if (const json::value* p = named.get("phases")) r.phases = named.object(*p, "phases");
    const json::array& verdicts = named.list("verdicts");
    for (std::size_t i = 0; i < verdicts.size(); ++i) r.verdicts.push_back(verdict_from(named, verdicts[i], i));
    const json::array& steps = named.list("steps");
    for (std::size_t i = 0; i < steps.size(); ++i) r.steps.push_back(step_from(named, steps[i], i));
    // The evidence indices are into the time-ordered snapshot the runner judged; the file is in recording order.
    if (!r.trace_file.empty() && std::filesystem::exists(r.trace_file)) {
        r.trace = read_trace_file(r.trace_file);
        std::stable_sort(r.trace.begin(), r.trace.end(), [](const TraceEvent& a, const TraceEvent& b) { return a.t_ns < b.t_ns; });
        for (std::size_t i = 0; i < r.trace.size(); ++i) r.trace[i].index = i;
    }
    return r;
}

}  // namespace

std::vector<ScenarioResult> read_results_file(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw std::invalid_argument(file.string() + ": cannot read the results file");
    std::stringstream text;
    text << in.rdbuf();
    boost::json::error_code ec;
    json::value doc = json::parse(text.str(), ec);
    if (ec) throw std::invalid_argument(file.string() + ": not JSON (" + ec.message() + ")");
    const json::value* scenarios = doc.is_object() ? doc.as_object().if_contains("scenarios") : nullptr;
    if (!scenarios || !scenarios->is_array()) throw std::invalid_argument(file.string() + ": scenarios: expected a list (an atmbench results file)");
    std::vector<ScenarioResult> out;
    std::size_t i = 0;
    for (const auto& s : scenarios->as_array())
        out.push_back(result_from(s, file.string() + ": scenarios[" + std::to_string(i++) + "]"));
    return out;
}

}  // namespace atmbench::reports
