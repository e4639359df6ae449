// JUnit XML: one test case per scenario; a failure names the broken rules with their clauses and the evidence;
// an error says what the bench could not do; a scenario a cancel left NOT RUN is <skipped> with why; properties
// carry the trace path, the seed and the rule ids.
#include "atmbench/reports/junit.hpp"
#include "atmbench/harness/saved_view.hpp"

#include "markup_text.hpp"

#include <fstream>
#include <sstream>

namespace atmbench::reports {

using namespace atmbench::harness;

namespace {

std::string xml(const std::string& s) { return markup_text(s, Apostrophe::Keep); }

std::string evidence_text(const ScenarioResult& r, const Verdict& v) {
    std::ostringstream o;
    for (std::size_t i : v.evidence) {
        if (i >= r.trace.size()) continue;
        const TraceEvent& e = r.trace[i];
        o << "    #" << i << " +" << (e.t_ns - (r.trace.empty() ? 0 : r.trace.front().t_ns)) / 1000000 << " ms " << e.source << " "
          << e.kind << " " << e.name << "\n";
    }
    return o.str();
}

}  // namespace

void write_junit(const std::filesystem::path& file, const std::vector<ScenarioResult>& judged, const SuiteInfo& info) {
    // What a report shows is the saved view: every PAN masked by meaning (harness/saved_view.hpp, issue 13).
    const std::vector<ScenarioResult> results = saved_view(judged);
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
    Totals t = totals(results);
    std::ofstream out(file);
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites name=\"atmbench\" tests=\"" << results.size() << "\" failures=\"" << t.failed << "\" errors=\"" << t.errors
        << "\" skipped=\"" << t.not_run << "\" time=\"" << info.seconds << "\">\n";
    out << "  <testsuite name=\"conformance: " << xml(info.terminal) << "\" tests=\"" << results.size() << "\" failures=\"" << t.failed
        << "\" errors=\"" << t.errors << "\" skipped=\"" << t.not_run << "\" time=\"" << info.seconds << "\" timestamp=\"" << xml(info.started) << "\">\n";
    out << "    <properties>\n      <property name=\"terminal\" value=\"" << xml(info.terminal) << "\"/>\n      <property name=\"seed\" value=\""
        << info.seed << "\"/>\n";
    for (const auto& d : info.defects) out << "      <property name=\"defect\" value=\"" << xml(d) << "\"/>\n";
    out << "    </properties>\n";
    for (const auto& r : results) {
        out << "    <testcase classname=\"" << xml(r.scenario.file.parent_path().filename().string()) << "\" name=\"" << xml(r.scenario.id)
            << "\" file=\"" << xml(r.scenario.file.string()) << "\" time=\"" << r.seconds << "\">\n";
        out << "      <properties>\n        <property name=\"title\" value=\"" << xml(r.scenario.title) << "\"/>\n"
            << "        <property name=\"trace\" value=\"" << xml(r.trace_file) << "\"/>\n"
            << "        <property name=\"seed\" value=\"" << r.seed << "\"/>\n";
        for (const auto& id : r.scenario.rules) out << "        <property name=\"rule\" value=\"" << xml(id) << "\"/>\n";
        out << "      </properties>\n";
        if (r.status == Status::Failed) {
            std::string ids, body;
            for (const Verdict* v : r.failures()) {
                ids += (ids.empty() ? "" : ", ") + v->rule + " (" + v->clause + ")";
                body += v->rule + " [" + v->clause + "] " + v->title + "\n  " + v->message + "\n" + evidence_text(r, *v);
            }
            out << "      <failure type=\"rule\" message=\"" << xml(ids) << "\">" << xml(body) << "</failure>\n";
        } else if (r.status == Status::Error) {
            out << "      <error type=\"bench\" message=\"" << xml(r.error) << "\">" << xml(r.terminal_output) << "</error>\n";
        } else if (r.status == Status::NotRun) {
            out << "      <skipped type=\"not-run\" message=\"" << xml(r.error) << "\"/>\n";
        }
        std::ostringstream sys;
        for (const auto& s : r.steps) sys << "line " << s.line << ": " << s.text << " -> " << s.result << " (" << s.ms << " ms)\n";
        out << "      <system-out>" << xml(sys.str()) << "</system-out>\n    </testcase>\n";
    }
    out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace atmbench::reports
