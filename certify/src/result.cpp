#include "atmbench/certify/result.hpp"

#include <boost/json.hpp>

namespace atmbench::certify {

namespace json = boost::json;

const char* to_string(Outcome o) {
    switch (o) {
        case Outcome::Pass: return "PASS";
        case Outcome::Fail: return "FAIL";
        case Outcome::Error: return "ERROR";
        case Outcome::Skip: return "SKIP";
    }
    return "ERROR";
}

namespace {

int severity(Outcome o) {
    switch (o) {
        case Outcome::Error: return 3;
        case Outcome::Fail: return 2;
        default: return 0;
    }
}

Outcome worst(Outcome a, Outcome b) {
    if (severity(b) > severity(a)) return b;
    return a;
}

}  // namespace

Outcome ServiceReport::outcome() const {
    Outcome o = Outcome::Pass;
    for (const auto& c : checks) o = worst(o, c.outcome);
    return o;
}

Outcome Certificate::outcome() const {
    if (!errors.empty()) return Outcome::Error;
    if (services.empty()) return Outcome::Error;  // nothing certified is not a certificate
    Outcome o = Outcome::Pass;
    for (const auto& s : services) o = worst(o, s.outcome());
    return o;
}

int Certificate::exit_code() const {
    switch (outcome()) {
        case Outcome::Pass: return 0;
        case Outcome::Fail: return 1;
        default: return 2;
    }
}

json::object to_json(const CheckResult& r) {
    json::array findings;
    for (const auto& f : r.findings) findings.push_back(json::value(f));
    json::array log;
    for (const auto& l : r.operator_log) log.push_back(json::value(l));
    return {{"id", r.id},           {"suite", r.suite},         {"title", r.title},
            {"spec", r.spec},       {"outcome", to_string(r.outcome)}, {"findings", std::move(findings)},
            {"measurements", r.measurements}, {"operator", std::move(log)},
            {"seconds", r.seconds}, {"evidence", r.evidence}};
}

json::object to_json(const Certificate& c) {
    json::array services;
    for (const auto& s : c.services) {
        json::array checks;
        std::size_t pass = 0, fail = 0, error = 0, skip = 0;
        for (const auto& r : s.checks) {
            checks.push_back(to_json(r));
            (r.outcome == Outcome::Pass ? pass : r.outcome == Outcome::Fail ? fail : r.outcome == Outcome::Error ? error : skip)++;
        }
        json::array interfaces;
        for (const auto& i : s.interfaces) interfaces.push_back(json::value(i));
        services.push_back(json::object{{"name", s.name},
                                        {"uri", s.uri},
                                        {"outcome", to_string(s.outcome())},
                                        {"interfaces", std::move(interfaces)},
                                        {"counts", json::object{{"pass", pass}, {"fail", fail}, {"error", error}, {"skip", skip}}},
                                        {"versions", s.versions},
                                        {"capabilities", s.capabilities},
                                        {"status", s.status},
                                        {"checks", std::move(checks)}});
    }
    json::array errors;
    for (const auto& e : c.errors) errors.push_back(json::value(e));
    return {{"certificate", "atmbench XFS4IoT 2024-03 driver certification"},
            {"outcome", to_string(c.outcome())},
            {"certified", c.outcome() == Outcome::Pass},
            {"publisher", c.publisher},
            {"vendorName", c.vendor_name},
            {"started", c.started_utc},
            {"seconds", c.seconds},
            {"environment", c.environment},
            {"errors", std::move(errors)},
            {"services", std::move(services)}};
}

}  // namespace atmbench::certify
