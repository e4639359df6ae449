#include "atmbench/certify/suite.hpp"

#include "atmbench/certify/wire_audit.hpp"

#include <boost/json.hpp>

namespace atmbench::certify {

namespace json = boost::json;

bool Check::expect(bool ok, const std::string& finding) {
    ++expectations_;
    if (!ok) {
        ++unmet_;
        r_.findings.push_back(finding);
    }
    return ok;
}

void Check::evidence(const Exchange& ex) {
    // The exchange's own messages, from the record: the command as sent and every answer to it.
    for (const auto& m : ex_record(ex)) r_.evidence.push_back(evidence_of(m));
}

std::vector<WireMessage> Check::ex_record(const Exchange& ex) const {
    std::vector<WireMessage> out;
    if (!wire_) return out;
    for (const auto& m : wire_->record(ex.first_seq)) {
        auto msg = parse_message(m.text);
        if (!msg) continue;
        const json::value* h = msg->if_contains("header");
        const json::value* id = h && h->is_object() ? h->as_object().if_contains("requestId") : nullptr;
        if (m.connection == connection_ && id && id->is_int64() && id->as_int64() == ex.request_id) out.push_back(m);
        if (out.size() > 40) break;
    }
    return out;
}

void Check::evidence(const json::object& message) {
    r_.evidence.push_back(json::object{{"dir", "received"}, {"text", json::serialize(message)}});
}

void Check::skip(const std::string& why) {
    skipped_ = true;
    r_.findings.push_back(why);
}

bool Check::act(const std::string& action, json::object args, const std::string& prompt, std::chrono::milliseconds bound) {
    OperatorAction a{service_, action, std::move(args), prompt};
    OperatorAnswer ans = op_.perform(a, bound);
    r_.operator_log.push_back("asked: " + (prompt.empty() ? action : prompt) + " → " +
                              (ans.done() ? "done" : ans.status == OperatorAnswer::Status::TimedOut ? "timed out" : "not done") +
                              (ans.note.empty() ? "" : " (" + ans.note + ")"));
    if (!ans.done()) skip("the operator could not " + action + ": " + ans.note);
    return ans.done();
}

bool Check::inject(json::object fault, const std::string& prompt, std::chrono::milliseconds bound) {
    OperatorFault f{service_, std::move(fault), prompt};
    std::string spec = json::serialize(f.spec);
    OperatorAnswer ans = op_.inject(f, bound);
    r_.operator_log.push_back("fault " + spec + " → " + (ans.done() ? "injected" : "not injected") +
                              (ans.note.empty() ? "" : " (" + ans.note + ")"));
    if (!ans.done()) skip("the fault " + spec + " could not be caused: " + ans.note);
    return ans.done();
}

void SuiteContext::check(const std::string& suite, const std::string& id, const std::string& title,
                         const std::string& spec, const std::function<void(Check&)>& body) {
    CheckResult r;
    r.id = id;
    r.suite = suite;
    r.title = title;
    r.spec = spec;
    auto t0 = std::chrono::steady_clock::now();
    Check c(r, op_, info_.name);
    c.bind(&session_.wire(), session_.connection());
    try {
        body(c);
        if (c.failed()) r.outcome = Outcome::Fail;
        else if (c.skipped()) r.outcome = Outcome::Skip;
        else if (c.expectations() == 0) {
            r.outcome = Outcome::Error;
            r.findings.push_back("the check stated no expectation: it proved nothing");
        } else {
            r.outcome = Outcome::Pass;
        }
    } catch (const CertifyError& e) {
        r.outcome = Outcome::Error;
        r.findings.push_back(std::string("the bench could not run this check: ") + e.what());
    } catch (const std::exception& e) {
        // Checks read answers through checked accessors; anything else escaping is the bench's own failure, and a
        // false FAIL is as bad as a false PASS: ERROR.
        r.outcome = Outcome::Error;
        r.findings.push_back(std::string("the check stopped unexpectedly: ") + e.what());
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    out_.push_back(std::move(r));
}

}  // namespace atmbench::certify
