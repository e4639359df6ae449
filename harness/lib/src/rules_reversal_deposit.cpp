// Sections D (reversal, 7.3.6.7) and E (deposit, 7.3.7).
#include "rules_impl.hpp"
#include "rules_support.hpp"

#include "atmbench/host/response_codes.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <set>

namespace atmbench::harness::rules {

namespace json = boost::json;

namespace {

bool acknowledged(const Facts& f, const HostMessage& rev) {
    // An acknowledgement the terminal cannot verify (bad or missing MAC, mutated key field, malformed) is no
    // acknowledgement (7.3.5 e): the reversal must be repeated (7.3.6.7 a).
    const HostMessage* r = f.reply_to(rev);
    return r && !reply_unusable(f, rev, r) && r->reversal_done;
}

Verdict no_reversal_for(const Facts& f, const std::vector<std::pair<const HostMessage*, std::size_t>>& cases,
                        const std::string& why) {
    if (cases.empty()) return not_applicable();
    for (const auto& [req, ev] : cases) {
        auto revs = f.reversals_of(*req);
        if (!revs.empty()) return fail("reversed although " + why, {ev, revs.front()->ev});
    }
    return pass("not reversed: " + why, {cases.front().second});
}

struct DepositCase {
    const HostMessage* request;
    const HostMessage* reply;
    std::int64_t end;  // next request or end of trace
};

std::vector<DepositCase> deposits(const Facts& f) {
    std::vector<DepositCase> out;
    for (const HostMessage* r : f.requests(HostKind::Deposit)) out.push_back({r, f.reply_to(*r), next_request_after(f, r->t)});
    return out;
}

// Kept: CashInEnd after the request and no rollback; returned: a rollback and no CashInEnd.
bool kept(const Facts& f, const DepositCase& d) {
    bool end = false, back = false;
    for (const XfsMessage* m : commands_between(f, "CashAcceptor.CashInEnd", d.request->t, d.end)) end = end || completed_ok(f, *m);
    back = !commands_between(f, "CashAcceptor.CashInRollback", d.request->t, d.end).empty();
    return end && !back;
}

bool returned(const Facts& f, const DepositCase& d, std::int64_t from) {
    return !commands_between(f, "CashAcceptor.CashInRollback", from, d.end).empty() &&
           commands_between(f, "CashAcceptor.CashInEnd", from, d.end).empty();
}

Verdict deposit_kept_when(const Facts& f, const std::function<bool(const DepositCase&)>& situation, const std::string& what) {
    bool any = false;
    for (const auto& d : deposits(f)) {
        if (!situation(d)) continue;
        any = true;
        if (!kept(f, d)) return fail("the notes were not retained after " + what, {d.request->ev});
    }
    return any ? pass("notes retained after " + what) : not_applicable();
}

// Notes the units that take deposits (cashIn, recycling; status ok) had room for by the last Storage.GetStorage the
// device answered before t: capacity − count summed. nullopt when there is no report or a unit reports no capacity.
std::optional<std::int64_t> deposit_room(const Facts& f, std::int64_t t) {
    const XfsMessage* last = nullptr;
    for (const XfsMessage* g : f.commands("Storage.GetStorage")) {
        const XfsMessage* done = f.completion_of(*g);
        if (done && done->t < t && done->completion == "success" && at(done->payload, {"storage"})) last = done;
    }
    if (!last) return std::nullopt;
    const json::value* storage = at(last->payload, {"storage"});
    if (!storage->is_object()) return std::nullopt;
    std::int64_t room = 0;
    bool any = false;
    for (const auto& kv : storage->as_object()) {
        const json::value* types = at(kv.value(), {"cash", "configuration", "types"});
        if (!types || !types->is_object() || !types->as_object().contains("cashIn")) continue;
        if (str(at(kv.value(), {"status"})) != "ok") continue;
        std::int64_t capacity = as_int(at(kv.value(), {"capacity"}));
        if (capacity <= 0) return std::nullopt;
        room += std::max<std::int64_t>(0, capacity - as_int(at(kv.value(), {"cash", "status", "count"})));
        any = true;
    }
    return any ? std::optional<std::int64_t>(room) : std::nullopt;
}

}  // namespace

std::vector<std::size_t> power_cuts(const Facts& f) {
    std::vector<std::size_t> out;
    for (const auto& e : f.events)
        if (e.source == "bench" && e.kind == "power-cut") out.push_back(e.index);
    return out;
}

bool notes_left_in_transport(const Facts& f, std::int64_t t) {
    const XfsMessage* last = nullptr;
    for (const XfsMessage* d : f.commands("CashDispenser.Dispense"))
        if (d->t < t) last = d;
    if (!last || !completed_ok(f, *last)) return false;
    const XfsMessage* done = f.completion_of(*last);
    if (!done || done->t > t) return false;
    return commands_between(f, "CashDispenser.Present", last->t, t).empty();
}

Verdict rev_required(const Facts& f) {
    auto ok = f.approved(HostKind::Withdrawal);
    std::vector<std::pair<const HostMessage*, std::size_t>> cases;
    for (const auto& a : ok) {
        std::int64_t end = next_request_after(f, a.reply->t);
        auto ds = commands_between(f, "CashDispenser.Dispense", a.reply->t, end);
        if (ds.empty()) continue;
        bool failed = !completed_ok(f, *ds.front());
        bool presented = false;
        for (const XfsMessage* p : commands_between(f, "CashDispenser.Present", a.reply->t, end)) presented = presented || completed_ok(f, *p);
        // The power went after the dispense and before a present: the notes never became accessible either (the
        // restarted terminal retracts them, 7.3.6.3 b), so the approval must be reversed like a failed dispense.
        for (std::size_t cut : power_cuts(f))
            if (f.events[cut].t_ns > ds.front()->t && f.events[cut].t_ns < end && !presented &&
                notes_left_in_transport(f, f.events[cut].t_ns))
                failed = true;
        if (failed && !presented) cases.emplace_back(a.request, ds.front()->ev);
    }
    if (cases.empty()) return not_applicable();
    for (const auto& [req, ev] : cases) {
        auto revs = f.reversals_of(*req);
        if (revs.empty()) return fail("an approved withdrawal whose cash never reached the customer was not reversed", {req->ev, ev});
        if (amount_of(*revs.front()) != amount_of(*req)) return fail("the reversal is not for the full amount", {req->ev, revs.front()->ev});
        bool acked = std::any_of(revs.begin(), revs.end(), [&](const HostMessage* r) { return acknowledged(f, *r); });
        // 7.3.6.7 c 6: a settlement sent after the reversal ends the duty to repeat it (reconciled instead).
        auto settle = f.requests(HostKind::Settlement);
        bool settled = std::any_of(settle.begin(), settle.end(), [&](const HostMessage* s) { return s->t > revs.front()->t; });
        if (!acked && !settled && revs.size() < 2) return fail("the reversal was not acknowledged and not repeated", {revs.front()->ev});
    }
    return pass("reversed in full", {cases.front().second});
}

Verdict rev_record(const Facts& f) {
    auto revs = f.requests(HostKind::Reversal);
    if (revs.empty()) return not_applicable();
    if (!f.journal_declared) return not_observable("the profile declares no journal");
    // 7.3.6.7 b: *each* reversal — every attempt, the first 0400 and each repeat — has its record with the attempt
    // count and result. An attempt the power cut interrupted (the terminal died before it sent anything else) is
    // excused: it could not be journaled.
    auto cut_right_after = [&](const HostMessage& r) {
        std::int64_t next = trace_end(f);
        for (const auto& m : f.host)
            if (m.dir == "in" && m.t > r.t) {
                next = m.t;
                break;
            }
        for (std::size_t cut : power_cuts(f))
            if (f.events[cut].t_ns >= r.t && f.events[cut].t_ns < next) return true;
        return false;
    };
    std::map<std::string, std::vector<const HostMessage*>> attempts;  // by the original's STAN
    for (const HostMessage* r : revs)
        attempts[r->original_stan].push_back(r);
    for (const auto& [stan, sent] : attempts) {
        int records = 0;
        for (const auto& j : f.journal) {
            std::string text = json::serialize(j.record);
            if (text.find(stan) != std::string::npos && j.record.contains("amount") && j.record.contains("reason") &&
                (j.record.contains("attempt") || j.record.contains("attempts")) && j.record.contains("result") &&
                j.record.contains("pan"))
                ++records;
        }
        std::size_t owed = 0;
        for (const HostMessage* r : sent) owed += cut_right_after(*r) ? 0 : 1;
        if (records == 0)
            return fail("reversal of STAN " + stan + " has no journal record with amount, reason, attempt and result", {sent.front()->ev});
        if (static_cast<std::size_t>(records) < owed) {
            std::vector<std::size_t> ev;
            for (const HostMessage* r : sent) ev.push_back(r->ev);
            return fail("the reversal of STAN " + stan + " was sent " + std::to_string(owed) + " times but journaled " +
                            std::to_string(records) + " time(s): each attempt needs its record (attempt count, result)", ev);
        }
    }
    return pass("every reversal attempt journaled");
}

namespace {

// The first reversal (04xx) whose original the host never received (no 02xx with that STAN before it), or null.
const HostMessage* reversal_without_original(const Facts& f) {
    for (const HostMessage* r : f.requests(HostKind::Reversal)) {
        if (!f.original_of(*r)) return r;
    }
    return nullptr;
}

}  // namespace

Verdict norev_connect(const Facts& f) {
    // 7.3.6.7 c 1: the physical connection could not be made — the host was stopped, or it refused connections
    // (a refuse_connections rule: from a host_rule step, or from the scenario's host rules, which show as the
    // host's "connections are refused" event). Resets after a connection was made are NOREV-SEND's.
    std::vector<std::size_t> outage;
    for (std::size_t i : f.faults) {
        const TraceEvent& e = f.events[i];
        if (e.kind != "host") continue;
        if (e.name == "stopped" || (e.name == "rule" && str(at(e.data, {"action"})) == "refuse_connections")) outage.push_back(i);
    }
    for (const auto& m : f.host)
        if (m.dir == "event" && m.note.find("connections are refused") != std::string::npos) outage.push_back(m.ev);
    if (outage.empty()) return not_applicable("the host was never stopped and never refused connections");
    if (const HostMessage* r = reversal_without_original(f))
        return fail("a reversal (STAN " + r->original_stan + ") for a request that never reached the host", {outage.front(), r->ev});
    return pass("no reversal for requests that never reached the host", {outage.front()});
}

Verdict norev_send(const Facts& f) {
    // 7.3.6.7 c 2: the connection was made but the request could not be sent — the host reset the connection
    // before reading a request (its record's connection event `reset`), or the terminal journaled a send failure.
    // A request the host never read is not reversed: a 04xx for it fails; anything else passes.
    std::vector<std::size_t> situations;
    for (const auto& m : f.host)
        if (m.dir == "event" && str(at(f.events[m.ev].data, {"event"})) == "reset") situations.push_back(m.ev);
    for (const auto& j : f.journal)
        if (str(j.record.if_contains("outcome")) == "send-failed") situations.push_back(j.ev);
    if (situations.empty()) return not_applicable("no connection was reset before a request was read and no send failure was journaled");
    std::sort(situations.begin(), situations.end());
    if (const HostMessage* r = reversal_without_original(f))
        return fail("a reversal (STAN " + r->original_stan + ") for a request the host never received", {situations.front(), r->ev});
    return pass("no reversal for a request that could not be sent", {situations.front()});
}

Verdict norev_host_retain(const Facts& f) {
    std::vector<std::pair<const HostMessage*, std::size_t>> cases;
    for (const HostMessage* req : f.requests(HostKind::Withdrawal)) {
        const HostMessage* rep = f.reply_to(*req);
        if (rep && rep->retain_cash) cases.emplace_back(req, rep->ev);
    }
    return no_reversal_for(f, cases, "the host's reply ordered the cash retained");
}

Verdict norev_not_taken(const Facts& f) {
    auto ok = f.approved(HostKind::Withdrawal);
    std::vector<std::pair<const HostMessage*, std::size_t>> cases;
    for (const auto& a : ok) {
        std::int64_t end = next_request_after(f, a.reply->t);
        for (const XfsMessage* p : commands_between(f, "CashDispenser.Present", a.reply->t, end)) {
            if (!completed_ok(f, *p)) continue;
            bool taken = false;
            for (const auto& act : f.actions) taken = taken || (act.ok && act.action == "takeCash" && act.t > p->t && act.t < end);
            auto retracts = commands_between(f, "CashManagement.Retract", p->t, end);
            if (!taken && !retracts.empty()) cases.emplace_back(a.request, retracts.front()->ev);
        }
    }
    return no_reversal_for(f, cases, "the presented cash was not taken and was retracted");
}

Verdict norev_touched(const Facts& f) {
    auto ok = f.approved(HostKind::Withdrawal);
    std::vector<std::pair<const HostMessage*, std::size_t>> cases;
    for (const auto& a : ok) {
        std::int64_t end = next_request_after(f, a.reply->t);
        for (const XfsMessage* p : commands_between(f, "CashDispenser.Present", a.reply->t, end))
            if (!completed_ok(f, *p)) cases.emplace_back(a.request, p->ev);
        for (const XfsMessage* p : commands_between(f, "CashManagement.OpenShutter", a.reply->t, end))
            if (!completed_ok(f, *p)) cases.emplace_back(a.request, p->ev);
    }
    return no_reversal_for(f, cases, "the customer may have touched the notes");
}

Verdict norev_settled(const Facts& f) {
    // 7.3.6.7 c 6: once the 0500 is sent a failed withdrawal of that batch is in the settlement flow — no reversal for
    // it any more (not while the 0500 waits for its reply, not after a 00 or a 95). What was still owed a reversal
    // then is reconciled instead (7.3.7 b, 7.3.6.9 a): an exception record naming its STAN and the settlement's
    // batch (as string values); a 95 (not balanced) answer is itself an exception to reconcile, naming the batch
    // and the code.
    auto settle = f.requests(HostKind::Settlement);
    if (settle.empty()) return not_applicable("no settlement (05xx) exchange in this scenario");
    auto reversals = f.requests(HostKind::Reversal);
    for (const HostMessage* s : settle)
        for (const HostMessage* r : reversals)
            if (r->t > s->t) {
                std::string stan = r->original_stan;
                for (const HostMessage* o : f.requests(host::is_financial))
                    if (o->stan == stan && o->t < s->t)
                        return fail("reversal after settlement (STAN " + stan + ", original before the settlement request)", {s->ev, r->ev});
            }
    if (!f.journal_declared) return pass("no reversal after the settlement request (no journal declared: reconciliation records not judged)", {settle.front()->ev});
    // An exception record holding each of `values` as one of its string values, exactly (digits inside other numbers,
    // such as the totals in F48, do not count).
    auto recorded = [&](std::initializer_list<std::string> values) {
        for (const auto& j : f.journal) {
            if (!j.exception) continue;
            std::set<std::string> strings;
            std::function<void(const json::value&)> walk = [&](const json::value& v) {
                if (v.is_string()) strings.insert(std::string(v.as_string()));
                else if (v.is_object())
                    for (const auto& kv : v.as_object()) walk(kv.value());
                else if (v.is_array())
                    for (const auto& x : v.as_array()) walk(x);
            };
            walk(j.record);
            if (std::all_of(values.begin(), values.end(), [&](const std::string& x) { return x.empty() || strings.count(x); }))
                return true;
        }
        return false;
    };
    std::set<std::string> settled;  // STANs already handed to reconciliation by an earlier settlement
    for (const HostMessage* s : settle) {
        const std::string batch = s->batch;
        // Reversals still pending when this settlement was sent: attempted before it, never acknowledged before it.
        for (const HostMessage* r : reversals) {
            if (r->t > s->t) continue;
            std::string stan = r->original_stan;
            if (settled.count(stan)) continue;
            bool acked = std::any_of(reversals.begin(), reversals.end(), [&](const HostMessage* x) {
                if (x->original_stan != stan || x->t > s->t) return false;
                const HostMessage* rep = f.reply_to(*x);
                return rep && rep->t < s->t && acknowledged(f, *x);
            });
            if (acked) continue;
            settled.insert(stan);
            if (!recorded({stan, batch}))
                return fail("the reversal of STAN " + stan + " was still pending at the settlement of batch " + batch +
                                " and was dropped without an exception record to reconcile it",
                            {r->ev, s->ev});
        }
        const HostMessage* reply = f.reply_to(*s);
        if (reply && reply->reconcile && !recorded({batch, reply->response}))
            return fail("the host answered the settlement of batch " + batch + " with 95 (not balanced) and the terminal recorded no exception to reconcile it",
                        {s->ev, reply->ev});
    }
    return pass("no reversal after the settlement request; what it left pending is recorded for reconciliation", {settle.front()->ev});
}

Verdict dep_count_confirm(const Facts& f) {
    auto ds = deposits(f);
    if (ds.empty()) return not_applicable();
    if (!f.profile->has_screen("confirm_deposit")) return not_observable("the profile names no deposit confirmation screen");
    // 7.3.7 a: each deposit's own count: a confirmation screen since the previous deposit request, then the customer's
    // confirmation key, both before this request.
    std::int64_t since = 0;
    const std::string confirm_key = "\"" + f.profile->confirm_deposit + "\"";
    for (const auto& d : ds) {
        std::int64_t shown = -1;
        for (std::size_t ev : f.screens_meaning("confirm_deposit"))
            if (f.events[ev].t_ns > since && f.events[ev].t_ns < d.request->t) shown = f.events[ev].t_ns;
        if (shown < 0) return fail("the host was asked before the count was shown for confirmation", {d.request->ev});
        bool confirmed = std::any_of(f.actions.begin(), f.actions.end(), [&](const CustomerAction& a) {
            return a.ok && a.action == "pressKeys" && a.t > shown && a.t < d.request->t &&
                   json::serialize(f.events[a.ev].data).find(confirm_key) != std::string::npos;
        });
        if (!confirmed) return fail("the host was asked before the customer confirmed the count", {d.request->ev});
        since = d.request->t;
    }
    return pass("the count was shown and confirmed before the host was asked");
}

Verdict dep_return(const Facts& f) {
    bool any = false;
    // A customer cancel at the confirmation screen, before any deposit request.
    for (const auto& a : f.actions) {
        if (!a.ok || a.action != "pressKeys") continue;
        std::string keys = json::serialize(f.events[a.ev].data);
        if (keys.find("\"" + f.profile->cancel + "\"") == std::string::npos) continue;
        std::string current;
        for (const auto& s : f.screens)
            if (s.t <= a.t) current = s.id;
        if (current != f.profile->screen("confirm_deposit")) continue;
        any = true;
        std::int64_t end = next_request_after(f, a.t);
        if (!commands_between(f, "CashAcceptor.CashInEnd", a.t, end).empty())
            return fail("the customer cancelled the deposit and the notes were kept", {a.ev});
    }
    // Resource shortage (7.3.7 a, 7.3.6.3 a 4): the counted notes are more than the deposit units had room for by the
    // device's last storage report — the notes go back (rollback) and the host is not asked.
    for (const XfsMessage* c : f.commands("CashAcceptor.CashIn")) {
        const XfsMessage* done = f.completion_of(*c);
        if (!done || done->completion != "success") continue;
        std::int64_t notes = 0;
        if (const json::value* items = at(done->payload, {"items"}); items && items->is_object())
            for (const auto& kv : items->as_object())
                if (kv.value().is_object())
                    for (const auto& cls : kv.value().as_object()) notes += as_int(&cls.value());
        std::optional<std::int64_t> room = deposit_room(f, c->t);
        if (notes == 0 || !room || notes <= *room) continue;
        any = true;
        std::int64_t end = trace_end(f) + 1;
        for (const char* next : {"CashAcceptor.CashInStart", "CardReader.ReadRawData"})
            for (const XfsMessage* m : f.commands(next))
                if (m->t > done->t) end = std::min(end, m->t);
        for (const HostMessage* r : f.requests(HostKind::Deposit))
            if (r->t > done->t && r->t < end)
                return fail("the host was asked to credit " + std::to_string(notes) + " notes the deposit units had room for only " +
                                std::to_string(*room) + " of",
                            {done->ev, r->ev});
        for (const XfsMessage* e : commands_between(f, "CashAcceptor.CashInEnd", done->t, end))
            if (completed_ok(f, *e)) return fail("notes the deposit units had no room for were stored", {done->ev, e->ev});
        if (commands_between(f, "CashAcceptor.CashInRollback", done->t, end).empty())
            return fail("notes the deposit units had no room for were not returned", {done->ev});
    }
    for (const auto& d : deposits(f)) {
        if (!d.reply || reply_unusable(f, *d.request, d.reply)) continue;
        if (d.reply->approved || !d.reply->response_known || d.reply->retain_cash) continue;
        any = true;
        if (!returned(f, d, d.reply->t)) return fail("a declined deposit's notes were not returned (" + d.reply->response + ")", {d.reply->ev});
    }
    return any ? pass("notes returned") : not_applicable();
}

Verdict dep_retain_timeout(const Facts& f) {
    return deposit_kept_when(f, [&](const DepositCase& d) { return !d.reply && !reply_unusable(f, *d.request, nullptr); }, "a reply timeout");
}

Verdict dep_retain_badreply(const Facts& f) {
    return deposit_kept_when(f, [&](const DepositCase& d) { return reply_unusable(f, *d.request, d.reply); }, "an unusable reply");
}

Verdict dep_retain_unknown_rc(const Facts& f) {
    return deposit_kept_when(
        f,
        [&](const DepositCase& d) {
            return d.reply && !reply_unusable(f, *d.request, d.reply) && !d.reply->retain_cash &&
                   !d.reply->response_known;
        },
        "an unknown response code");
}

// The deposit a failed CashInStart/CashIn belongs to ends where the next cash-in transaction or the next customer's
// card read begins: a later customer's deposit is not "the host asked after the fault".
std::int64_t end_of_failed_cash_in(const Facts& f, std::int64_t fault) {
    std::int64_t end = trace_end(f);
    for (const char* next : {"CashAcceptor.CashInStart", "CardReader.ReadRawData"})
        for (const XfsMessage* m : f.commands(next))
            if (m->t > fault) end = std::min(end, m->t);
    return end;
}

Verdict dep_fault_before_confirm(const Facts& f) {
    std::vector<const XfsMessage*> steps = f.commands("CashAcceptor.CashInStart");
    for (const XfsMessage* c : f.commands("CashAcceptor.CashIn")) steps.push_back(c);
    std::sort(steps.begin(), steps.end(), [](auto* a, auto* b) { return a->t < b->t; });
    std::vector<std::size_t> stopped;
    for (const XfsMessage* c : steps) {
        const XfsMessage* done = f.completion_of(*c);
        if (!done || done->completion == "success" || done->completion == "timeOut" || done->completion == "canceled") continue;
        std::int64_t end = end_of_failed_cash_in(f, done->t);
        for (const HostMessage* r : f.requests(HostKind::Deposit))
            if (r->t > c->t && r->t < end) return fail("the host was asked after the acceptor failed", {done->ev, r->ev});
        // 7.3.7 d 1: the notes go back to the customer; storing them without a credit is not a safe stop.
        for (const XfsMessage* e : commands_between(f, "CashAcceptor.CashInEnd", done->t, end))
            if (completed_ok(f, *e)) return fail("the notes were kept after the acceptor failed before confirmation", {done->ev, e->ev});
        // A failed CashIn may leave the counted notes in the escrow (cashInFail): they go back with a rollback
        // (tried even when the device may not manage it); a terminal that just walks away leaves them in the machine.
        if (c->name == "CashAcceptor.CashIn" && commands_between(f, "CashAcceptor.CashInRollback", done->t, end).empty())
            return fail("the acceptor failed with the notes inside and no rollback gave them back", {done->ev});
        // 7.3.7 d 1 "提示故障": the customer is told of the fault (judged where the profile names that screen).
        if (f.profile->has_screen("device_fault")) {
            bool shown = false;
            for (std::size_t ev : f.screens_meaning("device_fault"))
                shown = shown || (f.events[ev].t_ns > done->t && f.events[ev].t_ns < end);
            if (!shown) return fail("the acceptor failed and the customer was not told (no " + f.profile->screen("device_fault") + " screen)", {done->ev});
        }
        stopped.push_back(done->ev);
    }
    if (stopped.empty()) return not_applicable();
    return pass(stopped.size() == 1 ? "the deposit stopped at the device fault" : "every deposit stopped at its device fault", stopped);
}

Verdict dep_fault_after_credit(const Facts& f) {
    for (const auto& d : deposits(f)) {
        if (!d.reply || !d.reply->approved) continue;
        for (const XfsMessage* e : commands_between(f, "CashAcceptor.CashInEnd", d.reply->t, d.end)) {
            if (completed_ok(f, *e)) continue;
            // The receipt of this transaction, not of the next one.
            bool finished = !commands_between(f, "Printer.PrintRaw", e->t, d.end).empty() ||
                            !commands_between(f, "Printer.PrintForm", e->t, d.end).empty() ||
                            !f.reversals_of(*d.request).empty();
            if (!finished) return fail("credited, the device failed, and the transaction was neither completed nor reversed", {e->ev});
            return pass("completed after the device fault", {e->ev});
        }
    }
    return not_applicable();
}

Verdict dep_fault_credit_failed(const Facts& f) {
    bool any = false;
    for (const auto& d : deposits(f)) {
        bool failed = !d.reply || reply_unusable(f, *d.request, d.reply) || !d.reply->response_known;
        if (!failed) continue;
        any = true;
        if (!kept(f, d)) return fail("credit failed and the notes were not retained", {d.request->ev});
        bool card_back = false;
        for (const XfsMessage* m : commands_between(f, "CardReader.Move", d.request->t, trace_end(f)))
            card_back = card_back || str(at(m->payload, {"to"})) == "exit";
        if (!card_back) return fail("credit failed and the card was not returned", {d.request->ev});
    }
    return any ? pass("notes retained, card returned") : not_applicable();
}

}  // namespace atmbench::harness::rules
