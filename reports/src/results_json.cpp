// The JSON results file (results_json.hpp); read back by results_file.cpp.
#include "atmbench/reports/results_json.hpp"
#include "atmbench/harness/rules.hpp"
#include "atmbench/harness/saved_view.hpp"

#include <boost/json.hpp>

#include <fstream>

namespace atmbench::reports {

namespace json = boost::json;
using namespace atmbench::harness;

json::object results_json(const std::vector<ScenarioResult>& judged, const SuiteInfo& info, bool with_trace) {
    // What a report shows is the saved view: every PAN masked by meaning (harness/saved_view.hpp, issue 13).
    const std::vector<ScenarioResult> results = saved_view(judged);
    json::array scenarios;
    for (const auto& r : results) {
        json::array verdicts;
        for (const auto& v : r.verdicts) {
            json::array ev;
            for (auto i : v.evidence) ev.push_back(static_cast<std::int64_t>(i));
            verdicts.push_back(json::object{{"rule", v.rule}, {"clause", v.clause}, {"title", v.title},
                                            {"outcome", to_string(v.outcome)}, {"message", v.message},
                                            {"evidence", ev}, {"measurements", v.measurements}});
        }
        json::array steps;
        for (const auto& s : r.steps)
            steps.push_back(json::object{{"step", s.text}, {"line", s.line}, {"result", s.result}, {"ms", s.ms}});
        json::object o{{"id", r.scenario.id},
                       {"title", r.scenario.title},
                       {"file", r.scenario.file.string()},
                       {"rules", json::value_from(r.scenario.rules)},
                       {"tags", json::value_from(r.scenario.tags)},
                       {"parameters", json::value_from(r.scenario.parameters)},
                       {"status", to_string(r.status)},
                       {"error", r.error},
                       {"seconds", r.seconds},
                       {"bench_ms", r.bench_ms},
                       {"phases", r.phases},
                       {"seed", r.seed},
                       {"trace_file", r.trace_file},
                       {"verdicts", verdicts},
                       {"steps", steps}};
        if (!r.terminal_output.empty()) o["terminal_output"] = r.terminal_output;
        if (with_trace) {
            json::array trace;
            for (const auto& e : r.trace) trace.push_back(to_json(e));
            o["trace"] = trace;
        }
        scenarios.push_back(o);
    }
    json::array catalogue;
    for (const auto& rule : rule_catalogue())
        catalogue.push_back(json::object{{"id", rule.id}, {"section", rule.section}, {"clause", rule.clause}, {"title", rule.title}});
    Totals t = totals(results);
    return {{"terminal", info.terminal},
            {"defects", json::value_from(info.defects)},
            {"seed", info.seed},
            {"jobs", info.jobs},
            {"started", info.started},
            {"seconds", info.seconds},
            {"totals", json::object{{"passed", t.passed}, {"failed", t.failed}, {"errors", t.errors}, {"not_run", t.not_run}}},
            {"rules", catalogue},
            {"scenarios", scenarios}};
}

void write_json(const std::filesystem::path& file, const std::vector<ScenarioResult>& results, const SuiteInfo& info) {
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << json::serialize(results_json(results, info)) << "\n";
}

}  // namespace atmbench::reports
