#include "atmbench/certify/certificate_files.hpp"

#include <boost/json.hpp>

#include <sstream>

namespace atmbench::certify {

namespace json = boost::json;

namespace {

std::string escape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        switch (ch) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default:
                // XML 1.0 forbids most control characters even escaped.
                if (static_cast<unsigned char>(ch) < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') out += "?";
                else out += ch;
        }
    }
    return out;
}

void pretty(std::ostream& os, const json::value& v, std::string indent = "") {
    switch (v.kind()) {
        case json::kind::object: {
            const auto& o = v.get_object();
            if (o.empty()) { os << "{}"; return; }
            os << "{\n";
            std::string in = indent + "  ";
            std::size_t i = 0;
            for (const auto& [k, x] : o) {
                os << in << json::serialize(json::value(k)) << ": ";
                pretty(os, x, in);
                if (++i < o.size()) os << ",";
                os << "\n";
            }
            os << indent << "}";
            return;
        }
        case json::kind::array: {
            const auto& a = v.get_array();
            if (a.empty()) { os << "[]"; return; }
            os << "[\n";
            std::string in = indent + "  ";
            for (std::size_t i = 0; i < a.size(); ++i) {
                os << in;
                pretty(os, a[i], in);
                if (i + 1 < a.size()) os << ",";
                os << "\n";
            }
            os << indent << "]";
            return;
        }
        default: os << json::serialize(v);
    }
}

const char* css_class(Outcome o) {
    switch (o) {
        case Outcome::Pass: return "pass";
        case Outcome::Fail: return "fail";
        case Outcome::Error: return "error";
        case Outcome::Skip: return "skip";
    }
    return "error";
}

}  // namespace

std::string certificate_json(const Certificate& c) {
    std::ostringstream os;
    pretty(os, to_json(c));
    os << "\n";
    return os.str();
}

std::string certificate_html(const Certificate& c) {
    std::ostringstream h;
    Outcome overall = c.outcome();
    h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>XFS4IoT certificate — "
      << escape(c.vendor_name.empty() ? c.publisher : c.vendor_name) << "</title><style>"
      << "body{font-family:system-ui,'Noto Sans','Noto Sans CJK SC',sans-serif;margin:2em;max-width:80em}"
         "table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}"
         ".pass{color:#176b2c}.fail{color:#b00020;font-weight:bold}.error{color:#8a4b00;font-weight:bold}.skip{color:#666}"
         ".verdict{font-size:1.6em;padding:.4em .8em;display:inline-block;border:2px solid}"
         "pre{white-space:pre-wrap;word-break:break-all;font-size:.85em;background:#f6f6f6;padding:.4em;margin:.2em 0}"
         "details summary{cursor:pointer}</style></head><body>\n";
    h << "<h1>XFS4IoT 2024-03 driver certification</h1>\n<p class=\"verdict " << css_class(overall) << "\">"
      << (overall == Outcome::Pass ? "CERTIFIED" : overall == Outcome::Fail ? "NOT CONFORMANT" : "NOT RUN TO THE END (bench ERROR)")
      << "</p>\n<table><tr><th>Publisher</th><td>" << escape(c.publisher) << "</td></tr><tr><th>Started (UTC)</th><td>"
      << escape(c.started_utc) << "</td></tr><tr><th>Duration</th><td>" << c.seconds << " s</td></tr>";
    for (const auto& [k, v] : c.environment)
        h << "<tr><th>" << escape(std::string(k)) << "</th><td>"
          << escape(v.is_string() ? std::string(v.as_string()) : json::serialize(v)) << "</td></tr>";
    h << "</table>\n";
    for (const auto& e : c.errors) h << "<p class=\"error\">ERROR: " << escape(e) << "</p>\n";
    h << "<h2>Services</h2><table><tr><th>Service</th><th>Interfaces</th><th>Verdict</th><th>Checks</th></tr>";
    for (const auto& s : c.services) {
        std::size_t n[4] = {0, 0, 0, 0};
        for (const auto& r : s.checks) ++n[static_cast<int>(r.outcome)];
        std::string ifs;
        for (const auto& i : s.interfaces) ifs += (ifs.empty() ? "" : ", ") + i;
        h << "<tr><td><a href=\"#" << escape(s.name) << "\">" << escape(s.name) << "</a></td><td>" << escape(ifs)
          << "</td><td class=\"" << css_class(s.outcome()) << "\">" << to_string(s.outcome()) << "</td><td>" << n[0]
          << " pass, " << n[1] << " fail, " << n[2] << " error, " << n[3] << " skip</td></tr>";
    }
    h << "</table>\n";
    for (const auto& s : c.services) {
        h << "<h2 id=\"" << escape(s.name) << "\">" << escape(s.name) << " <small>" << escape(s.uri) << "</small></h2>\n";
        h << "<table><tr><th>Check</th><th>Verdict</th><th>Spec</th><th>Findings and evidence</th></tr>";
        for (const auto& r : s.checks) {
            h << "<tr><td><b>" << escape(r.id) << "</b><br>" << escape(r.title) << "</td><td class=\"" << css_class(r.outcome)
              << "\">" << to_string(r.outcome) << "</td><td>" << escape(r.spec) << "</td><td>";
            for (const auto& f : r.findings) h << "<div>" << escape(f) << "</div>";
            for (const auto& l : r.operator_log) h << "<div><i>operator: " << escape(l) << "</i></div>";
            if (!r.measurements.empty()) h << "<div>measured: <code>" << escape(json::serialize(r.measurements)) << "</code></div>";
            if (!r.evidence.empty()) {
                h << "<details><summary>" << r.evidence.size() << " message(s)</summary>";
                for (const auto& e : r.evidence) {
                    if (!e.is_object()) continue;
                    const auto& o = e.as_object();
                    std::string dir = o.contains("dir") && o.at("dir").is_string() ? std::string(o.at("dir").as_string()) : "";
                    std::string text = o.contains("text") && o.at("text").is_string() ? std::string(o.at("text").as_string()) : "";
                    h << "<pre>" << (dir == "sent" ? "→ " : "← ") << escape(text) << "</pre>";
                }
                h << "</details>";
            }
            h << "</td></tr>";
        }
        h << "</table>\n<details><summary>Declared versions</summary><pre>" << escape(json::serialize(s.versions))
          << "</pre></details>\n<details><summary>Capabilities</summary><pre>" << escape(json::serialize(s.capabilities))
          << "</pre></details>\n<details><summary>Status at the start</summary><pre>" << escape(json::serialize(s.status))
          << "</pre></details>\n";
    }
    h << "</body></html>\n";
    return h.str();
}

std::string certificate_junit(const Certificate& c) {
    std::ostringstream x;
    std::size_t tests = 0, failures = 0, errors = c.errors.size(), skipped = 0;
    for (const auto& s : c.services)
        for (const auto& r : s.checks) {
            ++tests;
            failures += r.outcome == Outcome::Fail;
            errors += r.outcome == Outcome::Error;
            skipped += r.outcome == Outcome::Skip;
        }
    x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"atmbench certify\" tests=\"" << tests + c.errors.size()
      << "\" failures=\"" << failures << "\" errors=\"" << errors << "\" skipped=\"" << skipped << "\" time=\"" << c.seconds << "\">\n";
    if (!c.errors.empty()) {
        x << "  <testsuite name=\"certify\" tests=\"" << c.errors.size() << "\" errors=\"" << c.errors.size() << "\">\n";
        for (const auto& e : c.errors)
            x << "    <testcase classname=\"certify\" name=\"run\"><error message=\"" << escape(e) << "\"/></testcase>\n";
        x << "  </testsuite>\n";
    }
    for (const auto& s : c.services) {
        double t = 0;
        std::size_t f = 0, e = 0, k = 0;
        for (const auto& r : s.checks) {
            t += r.seconds;
            f += r.outcome == Outcome::Fail;
            e += r.outcome == Outcome::Error;
            k += r.outcome == Outcome::Skip;
        }
        x << "  <testsuite name=\"" << escape(s.name) << "\" tests=\"" << s.checks.size() << "\" failures=\"" << f
          << "\" errors=\"" << e << "\" skipped=\"" << k << "\" time=\"" << t << "\" timestamp=\"" << escape(c.started_utc) << "\">\n";
        for (const auto& r : s.checks) {
            std::string detail;
            for (const auto& line : r.findings) detail += line + "\n";
            x << "    <testcase classname=\"" << escape(s.name + "." + r.suite) << "\" name=\"" << escape(r.id + " — " + r.title)
              << "\" time=\"" << r.seconds << "\">";
            if (r.outcome == Outcome::Fail)
                x << "<failure message=\"" << escape(r.findings.empty() ? r.id : r.findings.front()) << "\">" << escape(r.spec + "\n" + detail) << "</failure>";
            else if (r.outcome == Outcome::Error)
                x << "<error message=\"" << escape(r.findings.empty() ? r.id : r.findings.front()) << "\">" << escape(detail) << "</error>";
            else if (r.outcome == Outcome::Skip)
                x << "<skipped message=\"" << escape(r.findings.empty() ? "" : r.findings.front()) << "\"/>";
            x << "<system-out>" << escape(r.spec) << "</system-out></testcase>\n";
        }
        x << "  </testsuite>\n";
    }
    x << "</testsuites>\n";
    return x.str();
}

}  // namespace atmbench::certify
