// The HTML report: one self-contained file (inline CSS and script, no network). The run's verdict with its
// totals and the injected defects, the failures at a glance, the clause × scenario conformance matrix, and per
// scenario its verdicts with evidence, steps, a sequence diagram of customer, devices, terminal and host, and
// the filterable timeline. The page and each scenario's section, the style sheet and the script are templates
// (reports/templates/, filled through templates.hpp); this file makes the values, html_events.cpp the helpers.
#include "atmbench/reports/html.hpp"
#include "atmbench/harness/rules.hpp"
#include "atmbench/harness/saved_view.hpp"

#include "html_support.hpp"
#include "templates.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace atmbench::reports {

namespace {

namespace json = boost::json;
using namespace atmbench::harness;
using html::esc;

const char* section_name(const std::string& s) {
    static const std::map<std::string, const char*> names{
        {"A", "Invariants (judged in every scenario)"},
        {"B", "Initialisation and start-up"},
        {"C", "Host exchange and transaction checks"},
        {"D", "Reversals"},
        {"E", "Deposits"},
        {"F", "Timeouts"},
        {"G", "Records, receipts and customer data"},
        {"H", "Operations, devices and keys"},
    };
    auto it = names.find(s);
    return it == names.end() ? "" : it->second;
}

// CSS class suffix of an outcome: pass | fail | no | na.
const char* oc(Outcome o) {
    switch (o) {
        case Outcome::Pass: return "pass";
        case Outcome::Fail: return "fail";
        case Outcome::NotObservable: return "no";
        case Outcome::NotApplicable: return "na";
    }
    return "na";
}

const char* glyph(Outcome o) {
    switch (o) {
        case Outcome::Pass: return "✓";
        case Outcome::Fail: return "✗";
        case Outcome::NotObservable: return "?";
        case Outcome::NotApplicable: return "–";
    }
    return "";
}

int severity(Outcome o) {  // for "worst of" and for sorting failures first
    switch (o) {
        case Outcome::Fail: return 3;
        case Outcome::NotObservable: return 2;
        case Outcome::Pass: return 1;
        case Outcome::NotApplicable: return 0;
    }
    return 0;
}

std::string anchor(std::size_t k) { return "s-" + std::to_string(k); }

bool lists(const ScenarioResult& r, const std::string& rule) {
    return std::find(r.scenario.rules.begin(), r.scenario.rules.end(), rule) != r.scenario.rules.end();
}

std::string event_brief(const ScenarioResult& r, std::size_t i) {
    if (i >= r.trace.size()) return "";
    const TraceEvent& e = r.trace[i];
    double ms = static_cast<double>(e.t_ns - r.trace.front().t_ns) / 1e6;
    return "+" + html::ms_text(ms) + " ms " + e.source + " " + e.kind + (e.name.empty() ? "" : " " + e.name);
}

std::string evidence_links(const ScenarioResult& r, std::size_t k, const Verdict& v) {
    std::string out;
    std::size_t shown = 0;
    for (std::size_t i : v.evidence) {
        if (shown++ == 24) {
            out += "<span class=\"sub\">… " + std::to_string(v.evidence.size() - 24) + " more</span>";
            break;
        }
        std::string brief = event_brief(r, i);
        std::string name;
        if (i < r.trace.size()) {
            const TraceEvent& e = r.trace[i];
            name = e.source == "xfs" ? e.name : e.source + " " + (e.source == "host" || e.name.empty() ? e.kind + " " : "") + e.name;
        }
        out += "<a href=\"#" + anchor(k) + "\" class=\"evl\" data-k=\"" + std::to_string(k) + "\" data-i=\"" + std::to_string(i) + "\" title=\"" +
               esc(brief) + "\">#" + std::to_string(i) + " <small>" + esc(html::cut(name, 34)) + "</small></a>";
    }
    return out;
}

std::string measurements_text(const json::object& m) {
    std::string out;
    for (const auto& kv : m) {
        if (!out.empty()) out += "<br>";
        std::string v = kv.value().is_string() ? std::string(kv.value().as_string()) : json::serialize(kv.value());
        out += esc(std::string(kv.key())) + " = " + esc(html::cut(v, 120));
    }
    return out;
}

// ------------------------------------------------------------------------------------------------ the summary

struct Coverage {
    std::vector<const Verdict*> by_scenario;  // per result, the rule's verdict there (nullptr: not judged)
    int judged = 0, fails = 0, not_observable = 0, listed = 0;
};

std::string verdict_word(const Totals& t, std::size_t n) {
    // A broken rule decides the run; errors, or scenarios a cancel left not run, leave it incomplete.
    if (t.failed) return "fail";
    return n == 0 || t.errors || t.not_run ? "error" : "pass";
}

// The summary's values for report.html: the verdict, the totals, the run's settings, the findings.
void summary(templates::Values& page, const std::vector<ScenarioResult>& results, const SuiteInfo& info, const Totals& t,
             int rules_covered, int rules_failing, int rules_total) {
    const std::size_t n = results.size();
    const std::string v = verdict_word(t, n);
    std::string msg, sub;
    if (v == "pass") {
        msg = "All " + std::to_string(n) + " scenarios passed";
        sub = "No rule of the catalogue was broken in any scenario.";
    } else if (v == "fail") {
        msg = std::to_string(t.failed) + " of " + std::to_string(n) + " scenarios failed";
        sub = rules_failing ? "The terminal broke " + std::to_string(rules_failing) + " rule" + (rules_failing == 1 ? "" : "s") + " of the catalogue"
                            : std::string("The terminal failed the scenarios' own expectations");
        if (t.errors) sub += "; " + std::to_string(t.errors) + " scenario" + (t.errors == 1 ? "" : "s") + " could not be run";
        if (t.not_run) sub += "; the run was cancelled, " + std::to_string(t.not_run) + " not run";
        sub += " — see the findings below.";
    } else if (n == 0) {
        msg = "No scenario was run";
    } else if (t.not_run) {
        msg = "The run was cancelled: " + std::to_string(t.not_run) + " of " + std::to_string(n) + " scenarios not run";
        sub = "No rule was broken in the scenarios that finished, but the run is incomplete.";
    } else {
        msg = std::to_string(t.errors) + " of " + std::to_string(n) + " scenarios could not be run";
        sub = "No rule was broken, but the run is incomplete — see the findings below.";
    }
    std::ostringstream defects_box, defects_list, bar, findings;
    if (!info.defects.empty()) {
        defects_box << "<div class=\"defects\"><b class=\"t\">⚠ Defect injection active:</b>";
        for (const auto& d : info.defects) defects_box << " <code>" << esc(d) << "</code>";
        defects_box << "<div>The terminal was deliberately run with the defect" << (info.defects.size() == 1 ? "" : "s")
                    << " above. Failing scenarios are the expected outcome: they show that the bench detects the defect.</div>";
        if (t.failed == 0 && t.errors == 0 && n > 0)
            defects_box << "<div class=\"warn\">No scenario detected the injected defect" << (info.defects.size() == 1 ? "" : "s") << ".</div>";
        defects_box << "</div>";
    }
    if (info.defects.empty()) defects_list << "none";
    for (const auto& d : info.defects) defects_list << "<code>" << esc(d) << "</code> ";
    if (n) {
        auto pct = [&](int x) { return std::to_string(100.0 * x / static_cast<double>(n)); };
        bar << "<div class=\"bar\"><i style=\"width:" << pct(t.passed) << "%;background:var(--pass)\"></i><i style=\"width:" << pct(t.failed)
            << "%;background:var(--fail)\"></i><i style=\"width:" << pct(t.errors) << "%;background:var(--err)\"></i></div>";
    }

    // Findings: every broken rule and every scenario that could not run.
    bool any = false;
    for (std::size_t k = 0; k < results.size(); ++k) {
        const auto& r = results[k];
        if (r.status == Status::Error) {
            any = true;
            findings << "<li class=\"e\"><span class=\"pill st-error\">error</span> <a href=\"#" << anchor(k) << "\"><b>" << esc(r.scenario.id)
                     << "</b></a> — <span class=\"m\">" << esc(html::cut(r.error, 400)) << "</span></li>";
        }
        for (const Verdict* f : r.failures()) {
            any = true;
            findings << "<li><span class=\"pill st-failed\">fail</span> <span class=\"r\">" << esc(f->rule) << "</span> <span class=\"sub\">["
                     << esc(f->clause) << "]</span> in <a href=\"#" << anchor(k) << "\"><b>" << esc(r.scenario.id) << "</b></a> — <span class=\"m\">"
                     << esc(f->message) << "</span></li>";
        }
    }
    auto zero = [](int x) { return std::string(x == 0 ? " zero" : ""); };
    page.insert({{"verdict_message", esc(msg)},
                 {"verdict_detail", esc(sub)},
                 {"defects_box", defects_box.str()},
                 {"kpi_bar", bar.str()},
                 {"scenarios_plural", n == 1 ? "" : "s"},
                 {"passed_zero", zero(t.passed)},
                 {"failed_zero", zero(t.failed)},
                 {"errors_zero", zero(t.errors)},
                 {"rules_covered", std::to_string(rules_covered)},
                 {"rules_total", std::to_string(rules_total)},
                 {"rules_broken", std::to_string(rules_failing)},
                 {"rules_broken_zero", zero(rules_failing)},
                 {"started_shown", esc(info.started.empty() ? "—" : info.started)},
                 {"duration", esc(html::duration_text(info.seconds))},
                 {"jobs", std::to_string(info.jobs)},
                 {"jobs_plural", info.jobs == 1 ? "" : "s"},
                 {"seed", std::to_string(info.seed)},
                 {"defects_list", defects_list.str()},
                 {"findings", any ? "<h3>Findings</h3><ul class=\"findings\">" + findings.str() + "</ul>" : ""}});
}

// ------------------------------------------------------------------------------------------------ the matrix

// The matrix's column heads (one per scenario) and its rows; the table around them is in report.html.
struct MatrixParts {
    std::string columns, rows;
};

MatrixParts matrix(const std::vector<ScenarioResult>& results, const std::vector<Coverage>& cov) {
    const auto& cat = rule_catalogue();
    std::ostringstream o;
    for (std::size_t k = 0; k < results.size(); ++k)
        o << "<th class=\"sc st-" << to_string(results[k].status) << "\" title=\"" << esc(results[k].scenario.id + " — " + results[k].scenario.title + " (" + to_string(results[k].status) + ")")
          << "\"><a href=\"#" << anchor(k) << "\">" << esc(html::cut(results[k].scenario.id, 60)) << "</a><i></i></th>";
    MatrixParts parts{o.str(), ""};
    o.str("");
    const std::size_t cols = results.size() + 2;
    auto cell = [&](std::size_t k, const Verdict* v, bool listed, const std::string& rule) {
        if (!v || v->outcome == Outcome::NotApplicable) {
            o << "<td class=\"c\"" << (listed ? " title=\"listed, no verdict\"" : "") << ">" << (listed ? "<a class=\"o-na L\" href=\"#" + anchor(k) + "\">–</a>" : "")
              << "</td>";
            return;
        }
        o << "<td class=\"c\"><a class=\"o-" << oc(v->outcome) << (listed ? " L" : "") << "\" href=\"#" << anchor(k) << "\" title=\""
          << esc(rule + " in " + results[k].scenario.id + ": " + to_string(v->outcome) + (v->message.empty() ? "" : " — " + v->message)) << "\">"
          << glyph(v->outcome) << "</a></td>";
    };
    auto summary_cell = [&](const Coverage& c) {
        o << "<td class=\"cov\">";
        if (c.fails) o << "<span class=\"pill o-fail\">fail · " << c.fails << " of " << c.judged << "</span>";
        else if (c.judged) o << "<span class=\"pill o-pass\">pass · " << c.judged << "</span>";
        else if (c.not_observable) o << "<span class=\"pill o-no\">not observable · " << c.not_observable << "</span>";
        else o << "<span class=\"pill o-nc\">not covered</span>";
        if (c.judged && c.not_observable) o << " <span class=\"sub\" title=\"not observable\">+" << c.not_observable << "?</span>";
        o << "</td>";
    };
    std::string section;
    for (std::size_t ri = 0; ri < cat.size(); ++ri) {
        const RuleInfo& rule = cat[ri];
        const Coverage& c = cov[ri];
        if (rule.section != section) {
            section = rule.section;
            o << "<tr class=\"sec\"><th colspan=\"" << cols << "\">" << esc(section) << " · " << esc(section_name(section)) << "</th></tr>";
        }
        bool covered = c.judged || c.not_observable;
        o << "<tr class=\"" << (covered ? "" : "nc") << (c.fails ? " rf" : "") << "\"><td class=\"rule\" title=\"" << esc(rule.title) << "\"><b>"
          << esc(rule.id) << "</b> <span class=\"cl\">" << esc(rule.clause) << "</span><span class=\"tt\">" << esc(rule.title) << "</span></td>";
        summary_cell(c);
        for (std::size_t k = 0; k < results.size(); ++k) cell(k, c.by_scenario[k], lists(results[k], rule.id), rule.id);
        o << "</tr>";
    }
    // Verdicts outside the catalogue: the scenarios' own expectations (EXPECT-n), summarised per scenario.
    std::vector<const Verdict*> worst(results.size(), nullptr);
    std::map<std::string, std::vector<const Verdict*>> others;
    for (std::size_t k = 0; k < results.size(); ++k)
        for (const auto& v : results[k].verdicts) {
            if (find_rule(v.rule)) continue;
            if (v.rule.rfind("EXPECT", 0) == 0) {
                if (!worst[k] || severity(v.outcome) > severity(worst[k]->outcome)) worst[k] = &v;
            } else {
                auto& row = others[v.rule];
                row.resize(results.size(), nullptr);
                if (!row[k] || severity(v.outcome) > severity(row[k]->outcome)) row[k] = &v;
            }
        }
    auto extra_row = [&](const std::string& id, const std::string& title, const std::vector<const Verdict*>& cells) {
        Coverage c;
        for (const Verdict* v : cells) {
            if (!v) continue;
            if (v->outcome == Outcome::Pass || v->outcome == Outcome::Fail) ++c.judged;
            if (v->outcome == Outcome::Fail) ++c.fails;
            if (v->outcome == Outcome::NotObservable) ++c.not_observable;
        }
        o << "<tr class=\"" << (c.fails ? "rf" : "") << "\"><td class=\"rule\"><b>" << esc(id) << "</b><span class=\"tt\">" << esc(title)
          << "</span></td>";
        summary_cell(c);
        for (std::size_t k = 0; k < results.size(); ++k) cell(k, cells[k], false, id);
        o << "</tr>";
    };
    if (std::any_of(worst.begin(), worst.end(), [](const Verdict* v) { return v; }) || !others.empty()) {
        o << "<tr class=\"sec\"><th colspan=\"" << cols << "\">Scenario expectations (beyond the catalogue)</th></tr>";
        if (std::any_of(worst.begin(), worst.end(), [](const Verdict* v) { return v; }))
            extra_row("EXPECT-*", "The scenario's own expect: checks (worst outcome per scenario)", worst);
        for (const auto& [id, cells] : others) extra_row(id, cells.empty() || !cells.front() ? id : cells.front()->title, cells);
    }
    parts.rows = o.str();
    return parts;
}

// ------------------------------------------------------------------------------------------------ a scenario

// One scenario's section: scenario.html around its identity, verdicts (failures first), steps and the data the
// script draws the diagram and timeline from.
std::string scenario_section(const ScenarioResult& r, std::size_t k) {
    const std::string st = to_string(r.status);
    std::string q = r.scenario.id + " " + r.scenario.title;
    for (const auto& id : r.scenario.rules) q += " " + id;
    for (const auto& t : r.scenario.tags) q += " " + t;
    std::transform(q.begin(), q.end(), q.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::ostringstream failed_rules, parameters, proves, tags, verdicts, steps;
    for (const Verdict* v : r.failures()) failed_rules << "<code>" << esc(v->rule) << "</code>";

    // Identity and the rules it proves.
    std::map<std::string, const Verdict*> by_rule;
    for (const auto& v : r.verdicts) by_rule.emplace(v.rule, &v);
    if (!r.scenario.parameters.empty()) {
        parameters << "<dt>Parameters</dt><dd>";
        for (const auto& [key, value] : r.scenario.parameters) parameters << "<code>" << esc(key) << "=" << esc(value) << "</code> ";
        parameters << "</dd>";
    }
    if (r.scenario.rules.empty()) proves << "<span class=\"sub\">no rule listed (always-on rules only)</span>";
    for (const auto& id : r.scenario.rules) {
        auto it = by_rule.find(id);
        const char* cls = it == by_rule.end() ? "na" : oc(it->second->outcome);
        const RuleInfo* info = find_rule(id);
        proves << "<span class=\"chip o-" << cls << "\" title=\"" << esc((info ? info->title : std::string("not in the catalogue")) + " — " +
                                                                         (it == by_rule.end() ? "no verdict" : to_string(it->second->outcome)))
               << "\">" << esc(id) << " " << (it == by_rule.end() ? "–" : glyph(it->second->outcome)) << "</span>";
    }
    if (!r.scenario.tags.empty()) {
        tags << "<dt>Tags</dt><dd>";
        for (const auto& t : r.scenario.tags) tags << "<code>" << esc(t) << "</code> ";
        tags << "</dd>";
    }

    // Verdicts, failures first.
    std::vector<const Verdict*> vs;
    for (const auto& v : r.verdicts) vs.push_back(&v);
    std::stable_sort(vs.begin(), vs.end(), [](const Verdict* a, const Verdict* b) { return severity(a->outcome) > severity(b->outcome); });
    if (vs.empty()) verdicts << "<div class=\"empty\">No verdict: the rules were not evaluated.</div>";
    else {
        verdicts << "<table class=\"t vt\"><thead><tr><th>Outcome</th><th>Rule</th><th>Finding</th><th>Measurements</th><th>Evidence (trace events)</th></tr></thead><tbody>";
        for (const Verdict* v : vs) {
            verdicts << "<tr class=\"vo-" << oc(v->outcome) << "\"><td><span class=\"pill o-" << oc(v->outcome) << "\">" << to_string(v->outcome)
                     << "</span></td><td class=\"rid\">" << esc(v->rule) << (lists(r, v->rule) ? " <span title=\"listed by the scenario\">★</span>" : "")
                     << "<small>" << esc(v->clause) << "</small></td><td>" << esc(v->message) << "<div class=\"vtitle\">" << esc(v->title)
                     << "</div></td><td class=\"meas\">" << measurements_text(v->measurements) << "</td><td class=\"evs\">" << evidence_links(r, k, *v)
                     << "</td></tr>";
        }
        verdicts << "</tbody></table>";
    }

    // Steps.
    if (r.steps.empty()) steps << "<div class=\"empty\">No step was run.</div>";
    else {
        steps << "<table class=\"t\"><thead><tr><th>Line</th><th>Step</th><th>Result</th><th style=\"text-align:right\">Time</th></tr></thead><tbody>";
        for (const auto& s : r.steps) {
            std::string rc = s.result == "ok" ? "ok" : s.result.rfind("skipped", 0) == 0 ? "skipped" : "error";
            steps << "<tr><td class=\"num\">" << s.line << "</td><td><code>" << esc(s.text) << "</code></td><td class=\"res-" << rc << "\">" << esc(s.result)
                  << "</td><td class=\"num\">" << esc(html::ms_text(s.ms)) << " ms</td></tr>";
        }
        steps << "</tbody></table>";
    }

    return templates::fill(
        "scenario.html",
        {{"status", st},
         {"k", std::to_string(k)},
         {"query", esc(q)},
         {"open", r.status == Status::Passed ? "" : " open"},
         {"id", esc(r.scenario.id)},
         {"title", esc(r.scenario.title)},
         {"failed_rules", failed_rules.str()},
         {"duration", esc(html::duration_text(r.seconds))},
         {"file", esc(r.scenario.file.string())},
         {"parameters", parameters.str()},
         {"proves", proves.str()},
         {"tags", tags.str()},
         {"bench_ms", esc(html::ms_text(r.bench_ms))},
         {"seed", std::to_string(r.seed)},
         {"trace_events", std::to_string(r.trace.size())},
         {"trace_file", r.trace_file.empty() ? "" : "<dt>Trace</dt><dd><code>" + esc(r.trace_file) + "</code></dd>"},
         {"error", r.error.empty() ? "" : "<div class=\"errbox\"><b>The bench could not run this scenario:</b>\n" + esc(r.error) + "</div>"},
         {"verdict_count", std::to_string(vs.size())},
         {"verdicts", verdicts.str()},
         {"step_count", std::to_string(r.steps.size())},
         {"steps", steps.str()},
         {"terminal_output", r.terminal_output.empty() ? "" : "<h4>Terminal output (tail)</h4><pre class=\"out\">" + esc(r.terminal_output) + "</pre>"},
         // Diagram and timeline, drawn by the script from this.
         {"data", html::script_json(html::scenario_data(r))}});
}

}  // namespace

void write_html(const std::filesystem::path& dir, const std::vector<ScenarioResult>& judged, const SuiteInfo& info) {
    // What a report shows is the saved view: every PAN masked by meaning (harness/saved_view.hpp, issue 13).
    const std::vector<ScenarioResult> results = saved_view(judged);
    std::filesystem::create_directories(dir);
    const Totals t = totals(results);
    const auto& cat = rule_catalogue();

    std::vector<Coverage> cov(cat.size());
    int rules_covered = 0, rules_failing = 0;
    for (std::size_t ri = 0; ri < cat.size(); ++ri) {
        Coverage& c = cov[ri];
        c.by_scenario.assign(results.size(), nullptr);
        for (std::size_t k = 0; k < results.size(); ++k) {
            for (const auto& v : results[k].verdicts)
                if (v.rule == cat[ri].id && (!c.by_scenario[k] || severity(v.outcome) > severity(c.by_scenario[k]->outcome))) c.by_scenario[k] = &v;
            const Verdict* v = c.by_scenario[k];
            if (lists(results[k], cat[ri].id)) ++c.listed;
            if (!v) continue;
            if (v->outcome == Outcome::Pass || v->outcome == Outcome::Fail) ++c.judged;
            if (v->outcome == Outcome::Fail) ++c.fails;
            if (v->outcome == Outcome::NotObservable) ++c.not_observable;
        }
        if (c.judged) ++rules_covered;
        if (c.fails) ++rules_failing;
    }

    MatrixParts mx = matrix(results, cov);
    std::string scenarios;
    for (std::size_t k = 0; k < results.size(); ++k) scenarios += scenario_section(results[k], k);
    const std::string v = verdict_word(t, results.size());
    templates::Values values{{"terminal", esc(info.terminal)},
                             {"defects_note", info.defects.empty() ? "" : " · defects injected"},
                             {"verdict", v},
                             {"verdict_word", v == "pass" ? "PASS" : v == "fail" ? "FAIL" : t.not_run ? "CANCELLED" : "ERROR"},
                             {"summary_line", esc(summary_line(t))},
                             {"matrix_columns", std::move(mx.columns)},
                             {"matrix_rows", std::move(mx.rows)},
                             {"scenarios_total", std::to_string(results.size())},
                             {"scenarios_failed", std::to_string(t.failed)},
                             {"scenarios_errors", std::to_string(t.errors)},
                             {"scenarios_passed", std::to_string(t.passed)},
                             {"scenarios", std::move(scenarios)},
                             {"started", esc(info.started)},
                             {"style", std::string(templates::text("report.css"))},
                             {"script", std::string(templates::text("report.js"))}};
    summary(values, results, info, t, rules_covered, rules_failing, static_cast<int>(cat.size()));
    const std::string page = templates::fill("report.html", values);

    std::ofstream out(dir / "index.html", std::ios::binary);
    out << page;
}

}  // namespace atmbench::reports
