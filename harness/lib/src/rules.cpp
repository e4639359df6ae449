#include "atmbench/harness/rules.hpp"

#include "rules_impl.hpp"
#include "rules_support.hpp"

#include <algorithm>

namespace atmbench::harness {

namespace json = boost::json;
using namespace rules;

const std::vector<RuleInfo>& rule_catalogue() {
    // Ids, clauses and titles as in docs/conformance.md.
    static const std::vector<RuleInfo> all{
        {"INV-MONEY", "A", "invariant", "Money is conserved: cash to the customer equals the net host posting unless journaled as an exception", true, inv_money},
        {"INV-CARD", "A", "invariant", "Every inserted card ends returned-and-taken or retained with a journal record", true, inv_card},
        {"INV-ONE-DISPENSE", "A", "invariant", "One approved withdrawal leads to at most one dispense of at most the approved amount", true, inv_one_dispense},
        {"INV-REVERSAL-LINK", "A", "invariant", "Every reversal refers to an original the host saw, for at most its amount, with a stable identity", true, inv_reversal_link},
        {"INV-NO-SECRETS", "A", "7.3.6.9 b", "No clear PIN, PIN block, full track data or key in journal, receipts, screens or logs", true, inv_no_secrets},
        {"INV-MATCH", "A", "7.3.5 e/f", "Every host reply the terminal acted on matches its request", true, inv_match},
        {"INIT-CASSETTE-MISMATCH", "B", "7.3.2 e", "No dispense from a unit whose physical parameters differ from the cassette table", false, init_cassette_mismatch},
        {"INIT-RESIDUAL-CARD", "B", "7.3.2 f", "A card found in the reader at start-up is retained, never ejected", false, init_residual_card},
        {"INIT-INTEGRITY", "B", "7.3.2 a", "Missing or corrupt key configuration keeps the terminal out of service, alive", false, init_integrity},
        {"INIT-RESIDUAL-NOTES", "B", "7.3.6.3 b", "Notes found in the transport at start-up and after a cash transaction are retracted, not presented", false, init_residual_notes},
        {"HOST-FIELD-CHECK", "C", "7.3.5 e", "A reply differing from its request in a key field is a failed transaction", false, host_field_check},
        {"HOST-UNMATCHED", "C", "7.3.5 f", "An unmatched or unrecognised reply is treated as unsuccessful", false, host_unmatched},
        {"HOST-FORMAT", "C", "7.3.5 a/d", "Every message the terminal sends parses under the host's message format", false, host_format},
        {"RESULT-UNCERTAIN", "C", "7.3.6.4 b/d", "On reply timeout or unclear result the customer is told the result is uncertain", false, result_uncertain},
        {"CARD-LUHN", "C", "7.3.6.2 a", "A PAN failing its check digit is refused locally", false, card_luhn},
        {"FUNC-AVAILABLE", "C", "7.3.6.1", "A function the hardware, host or network cannot support is not offered", false, func_available},
        {"CASH-PRECHECK", "C", "7.3.6.3 a", "A withdrawal the cassettes cannot pay is refused before authorisation", false, cash_precheck},
        {"REV-REQUIRED", "D", "7.3.6.7 a, 7.3.7 b", "An approved withdrawal whose cash never became accessible is reversed in full until acknowledged", false, rev_required},
        {"REV-RECORD", "D", "7.3.6.7 b", "Each reversal is journaled with type, STAN, time, masked PAN, amount, reason, attempts, result", false, rev_record},
        {"NOREV-CONNECT", "D", "7.3.6.7 c 1", "No reversal when the connection to the host could not be made", false, norev_connect},
        {"NOREV-SEND", "D", "7.3.6.7 c 2", "No reversal when the request could not be sent", false, norev_send},
        {"NOREV-HOST-RETAIN", "D", "7.3.6.7 c 3", "No reversal when the host's reply demands that the cash be retained", false, norev_host_retain},
        {"NOREV-NOT-TAKEN", "D", "7.3.6.7 c 4", "No reversal when presented cash was not taken and was retracted", false, norev_not_taken},
        {"NOREV-TOUCHED", "D", "7.3.6.7 c 5", "No reversal when the customer may have touched the notes", false, norev_touched},
        {"NOREV-SETTLED", "D", "7.3.6.7 c 6", "No reversal once a failed withdrawal entered settlement", false, norev_settled},
        {"DEP-COUNT-CONFIRM", "E", "7.3.7 a", "Inserted notes are counted and shown for confirmation before the host is asked", false, dep_count_confirm},
        {"DEP-RETURN", "E", "7.3.7 a", "Cancel, shortage or an explicit decline returns the notes", false, dep_return},
        {"DEP-RETAIN-TIMEOUT", "E", "7.3.7 c 1", "Reply timeout: the notes are retained, never returned", false, dep_retain_timeout},
        {"DEP-RETAIN-BADREPLY", "E", "7.3.7 c 2", "Unusable or mismatched reply: the notes are retained", false, dep_retain_badreply},
        {"DEP-RETAIN-UNKNOWN-RC", "E", "7.3.7 c 3", "Unknown response code: the notes are retained", false, dep_retain_unknown_rc},
        {"DEP-FAULT-BEFORE-CONFIRM", "E", "7.3.7 d 1", "A device fault before confirmation ends the deposit before the host is asked", false, dep_fault_before_confirm},
        {"DEP-FAULT-AFTER-CREDIT", "E", "7.3.7 d 2", "A fault after a successful credit: complete with receipt, or return and reverse", false, dep_fault_after_credit},
        {"DEP-FAULT-CREDIT-FAILED", "E", "7.3.7 d 3", "A failed credit after confirmation: cash retained, card returned", false, dep_fault_credit_failed},
        {"TMO-CARD-READ", "F", "7.3.6.6 b", "A card read that does not complete is ended within its bound", false, tmo_card_read},
        {"TMO-KEY", "F", "7.3.6.6 b", "A screen waiting for a key is left within its bound", false, tmo_key},
        {"TMO-HOST", "F", "7.3.6.6 b", "The wait for a host reply is bounded", false, tmo_host},
        {"TMO-DEPOSIT-INSERT", "F", "7.3.6.6 b", "The wait for notes to be inserted is bounded", false, tmo_deposit_insert},
        {"TMO-REFUSED-NOT-TAKEN", "F", "7.3.6.6 b", "Refused notes not taken are retracted within the bound", false, tmo_refused_not_taken},
        {"TMO-CASH-NOT-TAKEN", "F", "7.3.6.6 b", "Cash not taken is retracted within the bound", false, tmo_cash_not_taken},
        {"TMO-CARD-NOT-TAKEN", "F", "7.3.6.6 b", "A card not taken is captured within the bound", false, tmo_card_not_taken},
        {"TMO-HEARTBEAT", "F", "7.3.6.6 b", "An idle terminal sends its status heartbeat at the configured interval", false, tmo_heartbeat},
        {"TMO-SCREEN", "F", "7.3.6.6 b", "A confirmation screen left unanswered is left within the bound", false, tmo_screen},
        {"REC-SERIALS", "G", "7.3.6.3 c", "Note serial numbers reported after a dispense or deposit are journaled", false, rec_serials},
        {"REC-JOURNAL", "G", "7.3.6.3 d", "Each transaction is journaled with amount, masked account and host exchange", false, rec_journal},
        {"RCPT-MASK", "G", "7.3.6.8 b", "Receipts hide the four digits before the PAN's check digit", false, rcpt_mask},
        {"RCPT-EXCEPTION", "G", "7.3.6.8 a", "Exceptions that changed cash or the account are printed prominently", false, rcpt_exception},
        {"REC-EXCEPTION-KEPT", "G", "7.3.6.9 a", "Exception records survive a restart", false, rec_exception_kept},
        {"DATA-CLEARED", "G", "7.3.6.9 c", "Nothing of one customer's session is carried into the next", false, data_cleared},
        {"OPS-NO-ADMIN-IN-TXN", "H", "7.3.1 d", "Shutdown, restart and pause are refused during a customer session", false, ops_no_admin_in_txn},
        {"DEV-CASSETTE-EVENT", "H", "7.3.6.6 a", "A cassette removed or changed at run time leaves the unit table; no dispense from it", false, dev_cassette_event},
        {"DEV-SLOT-GATE", "H", "8.2 b", "With the card entry gate abnormal card service stops and no card is ejected", false, dev_slot_gate},
        {"DEV-CARD-CONSISTENT", "H", "8.2 c", "A card removed during a transaction aborts it", false, dev_card_consistent},
        {"DEV-DISPENSE-INTEGRITY", "H", "8.2 d", "The dispense matches the host-approved amount", false, dev_dispense_integrity},
        {"KEY-REMOTE", "H", "8.5 b/c", "Working keys from the host are loaded and used", false, key_remote},
    };
    return all;
}

const RuleInfo* find_rule(const std::string& id) {
    for (const auto& r : rule_catalogue())
        if (r.id == id) return &r;
    return nullptr;
}

namespace {

std::int64_t number(const json::object& o, const char* k, std::int64_t dflt) {
    const json::value* v = o.if_contains(k);
    return rules::as_int(v, dflt);
}

// A scenario's own expectation, judged like a rule.
Verdict expectation(const Facts& f, const Expectation& x, int n) {
    Verdict v;
    const json::object& a = x.args;
    std::string name = "EXPECT-" + std::to_string(n);
    auto counted = [&](std::int64_t count, std::vector<std::size_t> ev, const std::string& what) {
        std::int64_t want = number(a, "count", -1), at_least = number(a, "at_least", -1);
        bool ok = want >= 0 ? count == want : at_least >= 0 ? count >= at_least : count > 0;
        std::string expected = want >= 0 ? std::to_string(want) : at_least >= 0 ? "at least " + std::to_string(at_least) : "some";
        Verdict r = ok ? pass(what + ": " + std::to_string(count), ev)
                       : fail(what + ": expected " + expected + ", found " + std::to_string(count), ev);
        r.measurements = {{"count", count}};
        return r;
    };
    if (x.kind == "host") {
        std::string mti = str(a.if_contains("mti")), kind = str(a.if_contains("processing_code"));
        std::vector<std::size_t> ev;
        for (const HostMessage* m : f.wire_requests(mti, kind.substr(0, 2))) ev.push_back(m->ev);
        v = counted(static_cast<std::int64_t>(ev.size()), ev, "host requests " + mti + (kind.empty() ? "" : "/" + kind));
    } else if (x.kind == "screen") {
        std::string id = str(a.if_contains("value"));
        if (id.empty()) id = str(a.if_contains("id"));
        if (f.profile->has_screen(id)) id = f.profile->screen(id);
        std::vector<std::size_t> ev;
        for (const auto& s : f.screens)
            if (s.id == id) ev.push_back(s.ev);
        v = counted(static_cast<std::int64_t>(ev.size()), ev, "screen " + id + " shown");
    } else if (x.kind == "journal") {
        if (!f.journal_declared) v = not_observable("the profile declares no journal");
        else {
            std::string type = str(a.if_contains("type"));
            std::vector<std::size_t> ev;
            for (const auto& j : f.journal) {
                if (j.type != type) continue;
                bool all = true;
                if (const json::value* m = a.if_contains("match"); m && m->is_object())
                    for (const auto& kv : m->as_object()) {
                        const json::value* got = j.record.if_contains(kv.key());
                        all = all && got && *got == kv.value();
                    }
                if (all) ev.push_back(j.ev);
            }
            v = counted(static_cast<std::int64_t>(ev.size()), ev, "journal records " + type);
        }
    } else if (x.kind == "ledger") {
        std::string kind = str(a.if_contains("kind"));
        std::int64_t total = 0, count = 0;
        if (const json::value* p = f.ledger.if_contains("postings"); p && p->is_array())
            for (const auto& x2 : p->as_array())
                if (str(at(x2, {"kind"})) == kind) {
                    ++count;
                    total = rules::checked_sum(total, as_int(at(x2, {"amount"})), "the " + kind + " postings");
                }
        if (a.contains("amount")) {
            std::int64_t want = number(a, "amount", 0);
            v = total == want ? pass(kind + " postings total " + std::to_string(total))
                              : fail(kind + " postings total " + std::to_string(total) + ", expected " + std::to_string(want));
        } else {
            v = counted(count, {}, kind + " postings");
        }
    } else if (x.kind == "notes_with_customer") {
        const json::value truth(f.truth);
        const json::value* c = at(truth, {"cash", "notes", "customer", "count"});
        std::int64_t n = as_int(c);
        v = counted(n, {}, "notes with the customer");
    } else if (x.kind == "mode") {
        std::string mode = str(a.if_contains("value"));
        std::vector<std::size_t> ev;
        for (std::size_t i : f.modes)
            if (str(at(f.events[i].data, {"mode"})) == mode) ev.push_back(i);
        v = counted(static_cast<std::int64_t>(ev.size()), ev, "terminal mode " + mode);
    }
    v.rule = name;
    v.clause = "scenario " + f.scenario->file.filename().string() + ":" + std::to_string(x.line);
    v.title = x.kind + " " + json::serialize(a);
    return v;
}

}  // namespace

std::vector<Verdict> evaluate(const Scenario& scenario, const Facts& facts) {
    std::vector<Verdict> out;
    for (const RuleInfo& r : rule_catalogue()) {
        Verdict v;
        try {
            v = r.evaluate(facts);
        } catch (const std::exception& e) {
            v = not_observable(std::string("the rule could not read the trace: ") + e.what());
        }
        v.rule = r.id;
        v.clause = r.clause;
        v.title = r.title;
        bool listed = std::find(scenario.rules.begin(), scenario.rules.end(), r.id) != scenario.rules.end();
        if (r.always_on || listed || v.outcome == Outcome::Pass || v.outcome == Outcome::Fail) out.push_back(std::move(v));
    }
    int n = 0;
    for (const Expectation& x : scenario.expect) {
        ++n;
        try {
            out.push_back(expectation(facts, x, n));
        } catch (const std::exception& e) {
            // As for a rule: a fact the trace holds but no int64 can (as_int, checked_sum) is not observable.
            Verdict v = not_observable(std::string("the expectation could not read the trace: ") + e.what());
            v.rule = "EXPECT-" + std::to_string(n);
            v.title = x.kind + " " + json::serialize(x.args);
            v.clause = "scenario " + scenario.file.filename().string() + ":" + std::to_string(x.line);
            out.push_back(std::move(v));
        }
    }
    return out;
}

}  // namespace atmbench::harness
