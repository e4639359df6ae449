// What a certification found: one CheckResult per check and service, with the spec section it comes from, the
// evidence (the messages it judged) and its measurements; the certificate around them (OpenHTF's separation: a
// check the service failed is FAIL, a check the bench could not run is ERROR, a check that does not apply is SKIP).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace atmbench::certify {

enum class Outcome { Pass, Fail, Error, Skip };
const char* to_string(Outcome o);  // "PASS", "FAIL", "ERROR", "SKIP"

struct CheckResult {
    std::string id;         // "COMMON-CANCEL", "CDM-COUNTS-ADD-UP"
    std::string suite;      // "Common", "CashDispenser"
    std::string title;
    std::string spec;       // the section it comes from: "XFS4IoT 2024-03 §2 Common.Cancel"
    Outcome outcome = Outcome::Error;
    std::vector<std::string> findings;  // why it failed / was skipped / errored, one line each
    boost::json::array evidence;        // messages: {seq, t_us, dir, text}
    boost::json::object measurements;   // e.g. {"notesDispensed": 3, "unit1Before": 300, "unit1After": 297}
    std::vector<std::string> operator_log;  // what the operator was asked and answered
    double seconds = 0;
};

struct ServiceReport {
    std::string name;
    std::string uri;
    std::vector<std::string> interfaces;
    boost::json::object capabilities;  // Common.Capabilities payload as answered
    boost::json::object status;        // Common.Status payload as answered at the start
    boost::json::array versions;       // [{interface, message, versions:[…]}] as declared
    std::vector<CheckResult> checks;
    Outcome outcome() const;           // the worst of its checks (ERROR > FAIL > PASS; SKIP counts as PASS)
};

struct Certificate {
    std::string publisher;
    std::string vendor_name;
    std::string started_utc;    // ISO 8601
    double seconds = 0;
    boost::json::object environment;  // transport, operator, bench version, host, classes asked for
    std::vector<ServiceReport> services;
    std::vector<std::string> errors;  // what stopped the bench from running at all (discovery failed, …)
    Outcome outcome() const;
    // 0 certified, 1 non-conformant, 2 could not run — like `atmbench run`.
    int exit_code() const;
};

boost::json::object to_json(const CheckResult& r);
boost::json::object to_json(const Certificate& c);

}  // namespace atmbench::certify
