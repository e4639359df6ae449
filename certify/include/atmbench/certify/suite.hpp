// How a suite is written: checks, each with an id, the spec section it comes from and a body that drives the
// service and states what it expects. A check whose body states no expectation is an ERROR (it proved nothing),
// one that throws CertifyError is an ERROR (the bench could not run it), one whose expectation did not hold is a
// FAIL. Suites are registered per interface (suites.cpp): adding a device class touches one place.
#pragma once

#include "atmbench/certify/operator.hpp"
#include "atmbench/certify/result.hpp"
#include "atmbench/certify/service_session.hpp"

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace atmbench::certify {

class Check {
public:
    explicit Check(CheckResult& result, Operator& op, std::string service) : r_(result), op_(op), service_(std::move(service)) {}

    // An expectation: `ok` false records `finding` (what was wrong, with the values seen). Returns `ok`.
    bool expect(bool ok, const std::string& finding);
    // The exchange's messages become evidence of this check.
    void evidence(const Exchange& ex);
    void evidence(const boost::json::object& message);
    void measure(const std::string& key, boost::json::value v) { r_.measurements[key] = std::move(v); }
    // The check does not apply (no such capability, no operator): SKIP with why. Ends nothing by itself.
    void skip(const std::string& why);
    bool skipped() const { return skipped_; }
    // An expectation that did not hold is a FAIL even when the check later could not go on (a skip after a
    // failure must not hide it).
    bool failed() const { return unmet_ > 0; }

    // Asks the operator; records question and answer. false (and the check SKIPs) when it could not be done.
    bool act(const std::string& action, boost::json::object args, const std::string& prompt,
             std::chrono::milliseconds bound = std::chrono::seconds(60));
    bool inject(boost::json::object fault, const std::string& prompt, std::chrono::milliseconds bound = std::chrono::seconds(60));

    int expectations() const { return expectations_; }
    // Where the exchanges' messages are read from for evidence (set by SuiteContext::check).
    void bind(const XfsWire* wire, int connection) {
        wire_ = wire;
        connection_ = connection;
    }

private:
    std::vector<WireMessage> ex_record(const Exchange& ex) const;

    CheckResult& r_;
    const XfsWire* wire_ = nullptr;
    int connection_ = 0;
    Operator& op_;
    std::string service_;
    int expectations_ = 0;
    bool skipped_ = false;
    int unmet_ = 0;
};

struct ServiceInfo {
    std::string name;
    std::string uri;
    std::set<std::string> interfaces;        // declared in Common.Capabilities interfaces[].name
    std::set<std::string> commands;          // declared commands (full names)
    std::set<std::string> events;            // declared events
    boost::json::object capabilities;        // the Capabilities payload
    boost::json::object status;              // the first Common.Status payload
    bool has_command(const std::string& c) const { return commands.count(c) > 0; }
};

class SuiteContext {
public:
    SuiteContext(ServiceSession& session, Operator& op, const ServiceInfo& info, std::vector<CheckResult>& out,
                 std::function<ServiceSession()> open_second)
        : session_(session), op_(op), info_(info), out_(out), open_second_(std::move(open_second)) {}

    ServiceSession& session() { return session_; }
    Operator& op() { return op_; }
    const ServiceInfo& info() const { return info_; }
    // A second connection to the same service (broadcast and per-connection rules); closed by the caller.
    ServiceSession second_connection() { return open_second_(); }

    void check(const std::string& suite, const std::string& id, const std::string& title, const std::string& spec,
               const std::function<void(Check&)>& body);

private:
    ServiceSession& session_;
    Operator& op_;
    const ServiceInfo& info_;
    std::vector<CheckResult>& out_;
    std::function<ServiceSession()> open_second_;
};

struct SuiteDef {
    std::string name;                          // "CardReader"
    std::string interface_name;                // runs when the service declares it
    std::function<void(SuiteContext&)> run;
};

// Every suite, Common first. Defined in suites.cpp.
const std::vector<SuiteDef>& suites();

}  // namespace atmbench::certify
