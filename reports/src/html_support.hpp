// Internals of the HTML report (html_report.cpp; implemented in html_events.cpp): escaping, one-line summaries of
// trace events, the rows of the sequence diagram.
#pragma once

#include "atmbench/harness/verdict.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace atmbench::reports::html {

using harness::ScenarioResult;
using harness::TraceEvent;

// Text for HTML content and attribute values (also drops control characters other than newline and tab).
std::string esc(std::string_view s);
// JSON for a <script type="application/json"> element: '<', '>' and '&' become \u003c …, so no "</script>" or
// "<!--" can ever appear in it.
std::string script_json(const boost::json::value& v);
// At most `max` bytes, cut on a UTF-8 boundary, "…" appended when cut.
std::string cut(std::string_view s, std::size_t max);
// "12.3 ms", "1.24 s", "2 min 5 s".
std::string duration_text(double seconds);
// Milliseconds with one decimal: "1234.5".
std::string ms_text(double ms);

// One line about an event for the timeline ("0210 · F39=00 · approved", "completion success · …").
std::string event_summary(const TraceEvent& e);

// Everything the script needs to draw a scenario's diagram and timeline:
//   lanes: [[name, kind]…]   kind: cust | dev | term | host
//   ev:    [[ms, source, kind, name, summary, detail]…] in trace order (index = position)
//   rows:  diagram rows, each {t: a|b|n, …} (arrow, band across all lanes, note on one lane)
//   evi:   {"index": [[rule, outcome]…]} the verdicts citing each event
boost::json::object scenario_data(const ScenarioResult& r);

}  // namespace atmbench::reports::html
