// Section F (7.3.6.6 b): every wait is bounded and ends safely. Each rule finds the moments the customer (or the
// host) left the terminal waiting and checks the terminal moved on within its configured bound plus a margin.
#include "rules_impl.hpp"
#include "rules_support.hpp"

#include <algorithm>

namespace atmbench::harness::rules {

namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

// How far past its configured bound a wait may end: the terminal's timer starts a little after the trace's start
// event and its reaction takes one device round trip, and on a loaded machine both stretch with the length of the
// wait. Small and proportional, so a terminal that runs another (longer) timer in place of the configured one is
// caught: 10 % of the bound + 300 ms.
std::int64_t margin_ns(std::int64_t bound_ns) { return bound_ns / 10 + 300'000'000; }
// How much earlier than configured a wait may end before the terminal is cutting the customer short (a shorter
// timer in place of the configured one): 5 % + 100 ms, for clock granularity.
std::int64_t early_ns(std::int64_t bound_ns) { return bound_ns / 20 + 100'000'000; }

// The configured wait `name` of this run in ns, or nullopt when neither the configuration nor the profile says.
std::optional<std::int64_t> configured_ns(const Facts& f, const std::string& name) {
    auto it = f.timeouts_ms.find(name);
    if (it == f.timeouts_ms.end()) return std::nullopt;
    return it->second * 1'000'000;
}

Verdict no_bound(const Facts& f, const std::string& name) {
    return not_observable("no configured '" + name + "' wait: " + f.timeouts_from +
                          " does not give one, so there is nothing to hold the terminal to");
}

bool customer_acted(const Facts& f, const std::string& action, std::int64_t from, std::int64_t to) {
    return std::any_of(f.actions.begin(), f.actions.end(),
                       [&](const CustomerAction& a) { return a.ok && a.action == action && a.t > from && a.t < to; });
}

// Something other than the clock that may legitimately end a wait early: a customer action, an injected fault, a
// bench step that changes the world (host stopped, admin command).
bool disturbed(const Facts& f, std::int64_t from, std::int64_t to) {
    if (std::any_of(f.actions.begin(), f.actions.end(), [&](const CustomerAction& a) { return a.ok && a.t > from && a.t < to; }))
        return true;
    for (const auto& e : f.events) {
        if (e.t_ns <= from) continue;
        if (e.t_ns >= to) break;
        if (e.source == "fault" || e.source == "admin" || (e.source == "bench" && e.kind == "step" && e.name != "sleep_ms" && e.name != "wait"))
            return true;
    }
    return false;
}

// After `start`, something satisfying `ended` must happen within `bound` — judged only when the trace lasts that long.
struct Wait {
    std::size_t ev;
    std::int64_t start;
    // The terminal armed its own timer for this wait (asked for input, opened the acceptor, presented): only then
    // is ending early a shortened timer rather than a screen that was never a wait (e.g. a menu offering nothing).
    bool timed = true;
};

struct Bound {
    std::string name;         // the configured wait's name (timeouts_ms key)
    std::int64_t configured;  // ns
    bool early_fails = true;  // ending well before the configured wait is a defect too (see early_ns)
};

// The verdict's measurements carry the numbers it rests on (configured_ms, bound_ms, and waited_ms /
// longest_wait_ms), so a report or a CI trend can read them without parsing the message.
Verdict bounded(const Facts& f, const std::vector<Wait>& waits, const Bound& b,
                const std::function<std::optional<std::int64_t>(const Wait&)>& ended, const std::string& what) {
    const std::int64_t bound = b.configured + margin_ns(b.configured);
    const std::int64_t earliest = b.configured - early_ns(b.configured);
    std::int64_t longest = -1, shortest = -1;
    int judged = 0;
    auto numbers = [&](json::object o) {
        o["configured_ms"] = ms(b.configured);
        o["bound_ms"] = ms(bound);
        o["wait"] = b.name;
        return o;
    };
    for (const Wait& w : waits) {
        auto t = ended(w);
        if (!t) {
            if (trace_end(f) - w.start < bound) continue;  // the scenario ended first: nothing to judge
            Verdict v = fail(what + ": still waiting after " + std::to_string(ms(bound)) + " ms (configured " + b.name + " " +
                                 std::to_string(ms(b.configured)) + " ms)", {w.ev});
            v.measurements = numbers({{"waited_ms", ms(trace_end(f) - w.start)}, {"ended", false}});
            return v;
        }
        ++judged;
        longest = std::max(longest, *t - w.start);
        shortest = shortest < 0 ? *t - w.start : std::min(shortest, *t - w.start);
        if (*t - w.start > bound) {
            Verdict v = fail(what + " took " + std::to_string(ms(*t - w.start)) + " ms (bound " + std::to_string(ms(bound)) + " ms: configured " +
                                 b.name + " " + std::to_string(ms(b.configured)) + " ms + margin)", {w.ev});
            v.measurements = numbers({{"waited_ms", ms(*t - w.start)}, {"ended", true}});
            return v;
        }
        if (b.early_fails && w.timed && *t - w.start < earliest && !disturbed(f, w.start, *t)) {
            Verdict v = fail(what + " after only " + std::to_string(ms(*t - w.start)) + " ms, with nothing but the clock to end it (configured " +
                                 b.name + " " + std::to_string(ms(b.configured)) + " ms)", {w.ev});
            v.measurements = numbers({{"waited_ms", ms(*t - w.start)}, {"ended", true}, {"early", true}});
            return v;
        }
    }
    if (!judged) return not_applicable();
    Verdict v = pass(what + " within the configured " + b.name + " wait");
    v.measurements = numbers({{"longest_wait_ms", ms(longest)}, {"shortest_wait_ms", ms(shortest)}, {"waits", judged}});
    return v;
}

// The screen that replaces the one shown at `t` (id `id`): a redraw of the same screen is not leaving it, or a
// terminal that repaints an unanswered screen forever would look as if it moved on.
std::optional<std::int64_t> screen_left_after(const Facts& f, std::int64_t t, const std::string& id) {
    for (const auto& s : f.screens)
        if (s.t > t && s.id != id) return s.t;
    return std::nullopt;
}

const ScreenShown& screen_of(const Facts& f, std::size_t ev) {
    return *std::find_if(f.screens.begin(), f.screens.end(), [&](const ScreenShown& s) { return s.ev == ev; });
}

// Looks up the configured wait and judges the waits against it; NOT_OBSERVABLE without a configured bound.
Verdict judge_waits(const Facts& f, const std::string& name, const std::vector<Wait>& waits,
                    const std::function<std::optional<std::int64_t>(const Wait&)>& ended, const std::string& what,
                    bool early_fails = true) {
    if (waits.empty()) return not_applicable();
    auto configured = configured_ns(f, name);
    if (!configured) return no_bound(f, name);
    return bounded(f, waits, Bound{name, *configured, early_fails}, ended, what);
}

Verdict screen_left_waiting(const Facts& f, std::initializer_list<const char*> meanings, const std::string& timeout_name,
                            const std::string& what) {
    std::vector<Wait> waits;
    for (const char* m : meanings) {
        std::int64_t shown_until = -1;  // a redraw of a screen already waited on is the same wait
        for (std::size_t ev : f.screens_meaning(m)) {
            const ScreenShown& shown = screen_of(f, ev);
            if (shown.t < shown_until) continue;
            shown_until = screen_left_after(f, shown.t, shown.id).value_or(trace_end(f));
            if (customer_acted(f, "pressKeys", shown.t, shown_until) || customer_acted(f, "enterPin", shown.t, shown_until)) continue;
            // Waiting for the customer means asking the keyboard for keys while the screen is up.
            bool asked = std::any_of(f.xfs.begin(), f.xfs.end(), [&](const XfsMessage& m) {
                return m.dir == "in" && m.type == "command" && m.t >= shown.t && m.t < shown_until && m.name.rfind("Keyboard.", 0) == 0;
            });
            waits.push_back({ev, shown.t, asked});
        }
    }
    return judge_waits(f, timeout_name, waits, [&](const Wait& w) { return screen_left_after(f, w.start, screen_of(f, w.ev).id); }, what);
}

}  // namespace

Verdict tmo_card_read(const Facts& f) {
    // A card inserted while the reader hangs: the terminal must not wait for the read for ever.
    bool hang = false;
    for (std::size_t i : f.faults) hang = hang || (f.events[i].kind == "cardReader" && f.events[i].name == "hang");
    if (!hang) return not_applicable();
    std::vector<Wait> waits;
    for (const auto& a : f.actions)
        if (a.ok && a.action == "insertCard") waits.push_back({a.ev, a.t});
    // Not judged for ending early: the read (and its timer) may have started before the card went in.
    return judge_waits(f, "card_read", waits, [&](const Wait& w) -> std::optional<std::int64_t> {
        for (const auto& m : f.xfs)
            // Ending the wait safely means the card goes back (or in): cancelling the read and keeping the card
            // in the transport is not an end (the next read takes the customer on with a card it never read in time).
            if (m.t > w.start && m.dir == "in" && m.type == "command" && (m.name == "CardReader.Move" || m.name == "CardReader.Reset"))
                return m.t;
        return std::nullopt;
    }, "ending a card read that does not complete", false);
}

Verdict tmo_key(const Facts& f) {
    // The PIN entry has a wait of its own (`pin`); menu and amount share `key`. Both must hold, each against its
    // own configured bound: a terminal that runs one timer in place of the other fails.
    Verdict keys = screen_left_waiting(f, {"menu", "amount"}, "key", "leaving a screen the customer did not answer");
    if (keys.outcome == Outcome::Fail || keys.outcome == Outcome::NotObservable) return keys;
    Verdict pin = f.profile->has_screen("pin") && f.timeouts_ms.count("pin")
                      ? screen_left_waiting(f, {"pin"}, "pin", "leaving a PIN entry the customer did not make")
                      : screen_left_waiting(f, {"pin"}, "key", "leaving a PIN entry the customer did not make");
    if (pin.outcome == Outcome::Fail || pin.outcome == Outcome::NotObservable || keys.outcome == Outcome::NotApplicable) return pin;
    return keys;
}

Verdict tmo_screen(const Facts& f) {
    if (!f.profile->has_screen("confirm_deposit")) return not_applicable();
    return screen_left_waiting(f, {"confirm_deposit"}, "screen", "leaving an unanswered confirmation screen");
}

Verdict tmo_host(const Facts& f) {
    std::vector<Wait> waits;
    for (const HostMessage* r : f.requests(host::is_financial))
        if (!f.reply_to(*r)) waits.push_back({r->ev, r->t});
    // Not judged for ending early: anything the terminal does next ends the wait here, not only its giving up.
    return judge_waits(f, "host", waits, [&](const Wait& w) -> std::optional<std::int64_t> {
        // 7.3.6.6 b: a device status poll is not giving up; the customer is still left waiting on the host.
        for (const auto& m : f.xfs)
            if (m.t > w.start && m.dir == "in" && m.type == "command" && m.name != "Common.Status") return m.t;
        return std::nullopt;
    }, "giving up on a reply that never came", false);
}

Verdict tmo_deposit_insert(const Facts& f) {
    std::vector<Wait> waits;
    for (const XfsMessage* c : f.commands("CashAcceptor.CashIn")) {
        const XfsMessage* done = f.completion_of(*c);
        if (!customer_acted(f, "insertNotes", c->t, done ? done->t : trace_end(f))) waits.push_back({c->ev, c->t});
    }
    return judge_waits(f, "deposit_insert", waits, [&](const Wait& w) -> std::optional<std::int64_t> {
        for (const XfsMessage* c : f.commands("CashAcceptor.CashIn"))
            if (c->ev == w.ev)
                if (const XfsMessage* d = f.completion_of(*c)) return d->t;
        return std::nullopt;
    }, "ending a deposit with no notes inserted");
}

namespace {
// The earliest of the commands after t that end the wait: a Reset that clears the output before any Retract ends it
// there (taking the first Retract whatever came before would measure a wait the terminal did not make).
std::optional<std::int64_t> earliest_after(const Facts& f, std::int64_t t, std::initializer_list<const char*> names,
                                           const std::function<bool(const XfsMessage&)>& counts = {}) {
    std::optional<std::int64_t> first;
    for (const char* name : names)
        for (const XfsMessage* r : f.commands(name))
            if (r->t > t && (!counts || counts(*r)) && (!first || r->t < *first)) first = r->t;
    return first;
}

std::optional<std::int64_t> retract_after(const Facts& f, std::int64_t t) {
    return earliest_after(f, t, {"CashManagement.Retract", "CashManagement.Reset"});
}
}  // namespace

Verdict tmo_refused_not_taken(const Facts& f) {
    std::vector<Wait> waits;
    for (const XfsMessage* c : f.commands("CashAcceptor.CashIn")) {
        const XfsMessage* done = f.completion_of(*c);
        const json::value* refused = done ? at(done->payload, {"refused"}) : nullptr;
        if (as_int(refused) == 0) continue;
        auto end = retract_after(f, done->t);
        if (!customer_acted(f, "takeRefused", done->t, end.value_or(trace_end(f)))) waits.push_back({done->ev, done->t});
    }
    return judge_waits(f, "refused_take", waits, [&](const Wait& w) { return retract_after(f, w.start); },
                   "retracting refused notes left at the output");
}

Verdict tmo_cash_not_taken(const Facts& f) {
    std::vector<Wait> waits;
    for (const XfsMessage* p : f.commands("CashDispenser.Present")) {
        if (!completed_ok(f, *p)) continue;
        auto end = retract_after(f, p->t);
        if (!customer_acted(f, "takeCash", p->t, end.value_or(trace_end(f)))) waits.push_back({p->ev, p->t});
    }
    return judge_waits(f, "cash_take", waits, [&](const Wait& w) { return retract_after(f, w.start); },
                   "retracting cash that was not taken");
}

Verdict tmo_card_not_taken(const Facts& f) {
    // A Move into the reader's bin or a Reset (whichever comes first) ends the wait; a Move to the exit or the
    // transport does not take the card away from the customer's reach.
    auto captured_after = [&](std::int64_t t) {
        return earliest_after(f, t, {"CardReader.Move", "CardReader.Reset"}, [](const XfsMessage& m) {
            if (m.name != "CardReader.Move") return true;
            std::string to = str(at(m.payload, {"to"}));
            return to != "exit" && to != "transport";
        });
    };
    std::vector<Wait> waits;
    for (const XfsMessage* m : f.commands("CardReader.Move")) {
        if (str(at(m->payload, {"to"})) != "exit" || !completed_ok(f, *m)) continue;
        auto end = captured_after(m->t);
        if (!customer_acted(f, "takeCard", m->t, end.value_or(trace_end(f)))) waits.push_back({m->ev, m->t});
    }
    return judge_waits(f, "card_take", waits, [&](const Wait& w) { return captured_after(w.start); },
                   "capturing a card that was not taken");
}

Verdict tmo_heartbeat(const Facts& f) {
    // Judged where a scenario leaves the terminal idle on purpose (it lists the rule): busy sessions legitimately
    // replace heartbeats with transactions.
    if (std::find(f.scenario->rules.begin(), f.scenario->rules.end(), "TMO-HEARTBEAT") == f.scenario->rules.end())
        return not_applicable();
    auto signons = f.requests(host::is_network);
    if (signons.empty()) return not_applicable();
    auto configured = configured_ns(f, "heartbeat");
    if (!configured) return no_bound(f, "heartbeat");
    std::int64_t interval = *configured;
    std::int64_t first = signons.front()->t;
    // One interval (the next heartbeat is due one interval after the last message) plus the proportional margin.
    std::int64_t bound = interval + margin_ns(interval);
    if (trace_end(f) - first < bound) return not_applicable("the scenario was shorter than two heartbeat intervals");
    // Gaps between network messages while nothing else went to the host.
    std::int64_t last = first;
    for (const auto& m : f.host) {
        if (m.dir != "in" || m.t <= first) continue;
        if (m.t - last > bound) return fail("no message to the host for " + std::to_string(ms(m.t - last)) + " ms", {m.ev});
        last = m.t;
    }
    if (trace_end(f) - last > bound) return fail("no heartbeat for the last " + std::to_string(ms(trace_end(f) - last)) + " ms");
    return pass("the host heard from the terminal at least every " + std::to_string(ms(bound)) + " ms");
}

}  // namespace atmbench::harness::rules
