// Sections G (records, receipts, data hygiene: 7.3.6.3 c/d, 7.3.6.8, 7.3.6.9) and H (device safety and
// operations: 7.3.1 d, 7.3.6.6 a, 8.2, 8.5).
#include "rules_impl.hpp"
#include "rules_support.hpp"

#include <algorithm>

namespace atmbench::harness::rules {

namespace json = boost::json;

namespace {

std::string journal_text_after(const Facts& f, std::int64_t t) {
    std::string all;
    for (const auto& j : f.journal)
        if (j.t >= t) all += json::serialize(j.record) + "\n";
    return all;
}

std::int64_t terminal_started(const Facts& f) {
    for (const auto& e : f.events)
        if (e.source == "terminal" && e.kind == "start") return e.t_ns;
    return 0;
}

}  // namespace

namespace {
// A power cut (power_cut step) after this command and before the terminal's next command to the same service: it
// never got to read what the command reported.
bool cut_before_reading(const Facts& f, const XfsMessage& cmd) {
    for (std::size_t cut : power_cuts(f)) {
        std::int64_t t = f.events[cut].t_ns;
        if (t <= cmd.t) continue;
        for (const auto& x : f.xfs)
            if (x.dir == "in" && x.service == cmd.service && x.t > cmd.t && x.t < t) return false;
        return true;
    }
    return false;
}
}  // namespace

Verdict rec_serials(const Facts& f) {
    std::vector<const XfsMessage*> moves;
    for (const XfsMessage* d : f.commands("CashDispenser.Dispense"))
        if (completed_ok(f, *d)) moves.push_back(d);
    for (const XfsMessage* d : f.commands("CashAcceptor.CashInEnd"))
        if (completed_ok(f, *d)) moves.push_back(d);
    if (moves.empty()) return not_applicable();
    if (!f.journal_declared) return not_observable("the profile declares no journal");
    for (const XfsMessage* m : moves) {
        if (cut_before_reading(f, *m)) continue;  // the power went before the terminal could read the result
        const XfsMessage* info = nullptr;
        for (const XfsMessage* g : f.commands("CashManagement.GetItemInfo"))
            if (g->t > m->t && !info) info = g;
        const XfsMessage* done = info ? f.completion_of(*info) : nullptr;
        if (!done) return fail("the note serial numbers of " + m->name + " were never read from the device", {m->ev});
        std::string journal = journal_text_after(f, m->t);
        const json::value* items = at(done->payload, {"itemsList"});
        if (!items || !items->is_array()) continue;
        for (const auto& i : items->as_array()) {
            std::string serial = str(at(i, {"serialNumber"}));
            if (!serial.empty() && journal.find(serial) == std::string::npos)
                return fail("serial number " + serial + " is not in the journal", {m->ev, done->ev});
        }
    }
    return pass("serial numbers journaled", {moves.front()->ev});
}

Verdict rec_journal(const Facts& f) {
    auto reqs = f.requests("0200");
    if (reqs.empty()) return not_applicable();
    if (!f.journal_declared) return not_observable("the profile declares no journal");
    for (const HostMessage* r : reqs) {
        std::string stan = r->field(11);
        std::string pan = r->field(2);  // masked by the host's recorder: 622202*********0018
        std::string bin = pan.substr(0, 6), last = pan.size() > 4 ? pan.substr(pan.size() - 1) : "";
        bool found = false;
        for (const auto& j : f.journal) {
            std::string text = json::serialize(j.record);
            if (text.find("\"" + stan + "\"") == std::string::npos) continue;
            bool masked_pan = text.find(bin) != std::string::npos && text.find('*') != std::string::npos;
            bool amount = r->field(4).empty() || text.find(std::to_string(amount_of(*r))) != std::string::npos;
            found = found || (masked_pan && amount);
        }
        if (!found) return fail("transaction STAN " + stan + " has no journal record with its amount and masked account", {r->ev});
    }
    return pass("every transaction journaled");
}

Verdict rcpt_mask(const Facts& f) {
    if (f.receipts.empty()) return not_applicable();
    for (const auto& a : f.actions) {
        if (!a.ok || a.action != "insertCard") continue;
        auto it = catalogue_pans().find(str(at(f.events[a.ev].data, {"args", "card"})));
        if (it == catalogue_pans().end()) continue;
        const std::string& pan = it->second;
        std::string hidden = pan.substr(pan.size() - 5, 4);  // the four digits before the check digit
        for (const auto& r : f.receipts) {
            if (r.find(pan) != std::string::npos) return fail("a receipt shows the full PAN", {a.ev});
            if (r.find(pan.substr(0, pan.size() - 5) + hidden) != std::string::npos)
                return fail("a receipt shows the four digits before the check digit", {a.ev});
        }
    }
    return pass(std::to_string(f.receipts.size()) + " receipt(s) with the PAN masked");
}

Verdict rcpt_exception(const Facts& f) {
    // Anomalies that changed cash or the account: cash retracted after present, a failed dispense, a deposit kept
    // without a clear credit, a reversal.
    std::vector<std::int64_t> anomalies;
    for (const XfsMessage* r : f.commands("CashManagement.Retract")) anomalies.push_back(r->t);
    for (const XfsMessage* d : f.commands("CashDispenser.Dispense"))
        if (!completed_ok(f, *d)) anomalies.push_back(d->t);
    for (const HostMessage* r : f.requests("04")) anomalies.push_back(r->t);
    if (anomalies.empty()) return not_applicable();
    std::vector<const XfsMessage*> prints;
    for (const char* n : {"Printer.PrintRaw", "Printer.PrintForm"})
        for (const XfsMessage* p : f.commands(n)) prints.push_back(p);
    std::sort(prints.begin(), prints.end(), [](auto* a, auto* b) { return a->t < b->t; });
    const XfsMessage* receipt = nullptr;
    for (const XfsMessage* p : prints)
        if (p->t > anomalies.front() && !receipt) receipt = p;
    if (!receipt) return not_applicable("no receipt printed after the exception");
    if (f.profile->receipt_exception_marker.empty()) return not_observable("the profile names no exception marker for receipts");
    for (const auto& r : f.receipts)
        if (r.find(f.profile->receipt_exception_marker) != std::string::npos) return pass("the exception is printed prominently", {receipt->ev});
    return fail("the receipt after an exception does not show it prominently (" + f.profile->receipt_exception_marker + ")", {receipt->ev});
}

Verdict rec_exception_kept(const Facts& f) {
    bool restarted = std::any_of(f.events.begin(), f.events.end(), [](const TraceEvent& e) {
        return e.source == "bench" && ((e.kind == "step" && e.name == "restart_terminal") || e.kind == "power-cut");
    });
    if (!restarted) return not_applicable();
    if (!f.journal_declared) return not_observable("the profile declares no journal");
    int before = 0;
    for (const auto& j : f.journal) before += j.exception ? 1 : 0;
    for (const auto& e : f.events)
        if (e.source == "journal" && e.kind == "final") {
            const json::value* n = at(e.data, {"exceptions"});
            int after = static_cast<int>(as_int(n));
            if (after < before) return fail(std::to_string(before - after) + " exception record(s) lost across the restart", {e.index});
            return pass(std::to_string(after) + " exception record(s) kept across the restart", {e.index});
        }
    return not_observable("the journal could not be read at the end");
}

Verdict data_cleared(const Facts& f) {
    std::vector<std::pair<std::int64_t, std::string>> cards;
    for (const auto& a : f.actions)
        if (a.ok && a.action == "insertCard") {
            auto it = catalogue_pans().find(str(at(f.events[a.ev].data, {"args", "card"})));
            if (it != catalogue_pans().end()) cards.emplace_back(a.t, masked(it->second));
        }
    bool judged = false;
    for (std::size_t i = 1; i < cards.size(); ++i) {
        if (cards[i].second == cards[i - 1].second) continue;
        judged = true;
        std::int64_t end = i + 1 < cards.size() ? cards[i + 1].first : trace_end(f);
        for (const auto& m : f.host)
            if (m.dir == "in" && m.t > cards[i].first && m.t < end && m.field(2) == cards[i - 1].second && m.mti.rfind("02", 0) == 0)
                return fail("the previous customer's card was used in the next session", {m.ev});
    }
    return judged ? pass("no data carried into the next session") : not_applicable();
}

Verdict ops_no_admin_in_txn(const Facts& f) {
    if (f.admin.empty()) return not_applicable();
    std::string idle = f.profile->screen("idle");
    for (std::size_t i : f.admin) {
        const TraceEvent& e = f.events[i];
        std::string cmd = str(at(e.data, {"command"}));
        if (cmd == "status" || cmd == "resume") continue;
        // In a session: a card went in and the idle screen has not come back since.
        std::int64_t in = 0;
        for (const auto& a : f.actions)
            if (a.ok && a.action == "insertCard" && a.t < e.t_ns) in = a.t;
        bool idle_since = false;
        for (const auto& s : f.screens)
            if (s.t > in && s.t < e.t_ns && s.id == idle) idle_since = true;
        bool in_session = in > 0 && !idle_since;
        if (in_session && e.kind == "accepted") return fail(cmd + " was accepted during a customer session", {i});
    }
    return pass("monitoring commands refused during sessions");
}

Verdict dev_cassette_event(const Facts& f) {
    std::int64_t started = terminal_started(f);
    std::vector<const TraceEvent*> runtime;
    for (const char* n : {"cassetteMismatch", "cassetteRemoved", "cassetteMissing"})
        for (const TraceEvent* e : faults_named(f, n, "cash"))
            if (e->t_ns > started && started > 0) runtime.push_back(e);
    if (runtime.empty()) return not_applicable();
    for (const TraceEvent* e : runtime) {
        std::string unit = str(at(e->data, {"target"}));
        for (const XfsMessage* d : commands_between(f, "CashDispenser.Dispense", e->t_ns, trace_end(f)))
            for (const auto& u : dispense_units(*d))
                if (u == unit || unit.empty()) return fail("dispensed from " + u + " after it was removed or changed", {e->index, d->ev});
    }
    return pass("the unit table followed the cassette change", {runtime.front()->index});
}

Verdict dev_slot_gate(const Facts& f) {
    auto gate = faults_named(f, "gateAbnormal");
    if (gate.empty()) return not_applicable();
    std::int64_t t = gate.front()->t_ns;
    constexpr std::int64_t grace = 1'500'000'000;  // time to notice the sensor
    for (const XfsMessage* r : commands_between(f, "CardReader.ReadRawData", t + grace, trace_end(f)))
        return fail("card service went on with the card entry gate abnormal", {gate.front()->index, r->ev});
    for (const XfsMessage* m : commands_between(f, "CardReader.Move", t, trace_end(f)))
        if (str(at(m->payload, {"to"})) == "exit") return fail("a card was ejected with the gate abnormal", {gate.front()->index, m->ev});
    return pass("card service stopped while the gate was abnormal", {gate.front()->index});
}

Verdict dev_card_consistent(const Facts& f) {
    bool any = false;
    for (const auto& a : f.actions) {
        if (!a.ok || a.action != "pullCard") continue;
        any = true;
        std::int64_t end = trace_end(f);
        for (const auto& b : f.actions)
            if (b.ok && b.action == "insertCard" && b.t > a.t) {
                end = b.t;
                break;
            }
        for (const auto& m : f.host)
            if (m.dir == "in" && m.t > a.t && m.t < end && m.mti == "0200")
                return fail("the transaction went on after the card was pulled out", {a.ev, m.ev});
    }
    return any ? pass("the transaction stopped when the card left") : not_applicable();
}

Verdict dev_dispense_integrity(const Facts& f) {
    auto ok = approved(f, "01");
    auto all = f.commands("CashDispenser.Dispense");
    if (all.empty()) return not_applicable();
    for (const XfsMessage* d : all) {
        const std::pair<const HostMessage*, const HostMessage*>* owner = nullptr;
        for (const auto& a : ok)
            if (a.second->t <= d->t) owner = &a;
        if (!owner) return fail("a dispense with no host approval", {d->ev});
        if (dispense_amount(*d) != amount_of(*owner->first))
            return fail("dispense of " + std::to_string(dispense_amount(*d)) + " for an approved " + std::to_string(amount_of(*owner->first)),
                        {owner->second->ev, d->ev});
    }
    return pass("every dispense is exactly the approved amount");
}

Verdict key_remote(const Facts& f) {
    // Every reply that delivers working keys (sign-on, key exchange, a sign-on after a restart), each loaded before
    // the next delivery.
    std::vector<const HostMessage*> deliveries;
    for (const HostMessage* r : f.requests("08")) {
        const HostMessage* rep = f.reply_to(*r);
        if (rep && rep->field(39) == "00" && rep->fields.count(62)) deliveries.push_back(rep);
    }
    if (deliveries.empty()) return not_applicable();
    for (std::size_t i = 0; i < deliveries.size(); ++i) {
        std::int64_t until = i + 1 < deliveries.size() ? deliveries[i + 1]->t : trace_end(f);
        bool imported = false;
        for (const XfsMessage* k : commands_between(f, "KeyManagement.ImportKey", deliveries[i]->t, until))
            imported = imported || (at(k->payload, {"decryptKey"}) && completed_ok(f, *k));
        if (!imported) return fail("the working keys from the host were never loaded into the PIN pad", {deliveries[i]->ev});
    }
    const HostMessage* signon = deliveries.front();
    for (const auto& m : f.host)
        if (m.dir == "out" && m.t > signon->t && m.field(39) == "A0") return fail("the host could not verify a MAC under the new keys", {m.ev});
    return pass("working keys loaded and used", {signon->ev});
}

}  // namespace atmbench::harness::rules
