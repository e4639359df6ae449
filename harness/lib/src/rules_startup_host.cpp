// Sections B (start-up, 7.3.2) and C (host link and transaction result, 7.3.5, 7.3.6.1–7.3.6.4).
#include "rules_impl.hpp"
#include "rules_support.hpp"

#include "atmbench/devices/device_fixture.hpp"

#include <algorithm>

namespace atmbench::harness::rules {

namespace json = boost::json;

namespace {

std::int64_t first_customer_action(const Facts& f) {
    for (const auto& a : f.actions)
        if (a.ok) return a.t;
    return trace_end(f);
}

bool retained_card_command(const Facts& f, std::int64_t from, std::int64_t to) {
    for (const XfsMessage* m : commands_between(f, "CardReader.Move", from, to)) {
        std::string dest = str(at(m->payload, {"to"}));
        if (dest != "exit" && dest != "transport" && completed_ok(f, *m)) return true;
    }
    for (const XfsMessage* m : commands_between(f, "CardReader.Reset", from, to))
        if (str(at(m->payload, {"to"})) != "exit" && completed_ok(f, *m)) return true;
    return false;
}

}  // namespace

Verdict init_cassette_mismatch(const Facts& f) {
    auto faults = faults_named(f, "cassetteMismatch");
    if (faults.empty()) return not_applicable();
    std::vector<std::string> units;
    for (const TraceEvent* e : faults) units.push_back(str(at(e->data, {"target"})));
    for (const XfsMessage* d : f.commands("CashDispenser.Dispense"))
        for (const auto& u : dispense_units(*d))
            if (std::find(units.begin(), units.end(), u) != units.end() || units.back().empty())
                return fail("dispensed from " + u + ", whose reported denomination/currency differs from the cassette table",
                            {faults.front()->index, d->ev});
    return pass("no dispense from a mismatched unit", {faults.front()->index});
}

Verdict init_residual_card(const Facts& f) {
    auto faults = faults_named(f, "cardLeftInReader");
    if (faults.empty()) return not_applicable();
    std::int64_t until = first_customer_action(f);
    for (const XfsMessage* m : commands_between(f, "CardReader.Move", 0, until))
        if (str(at(m->payload, {"to"})) == "exit") return fail("the card found at start-up was ejected", {faults.front()->index, m->ev});
    if (!retained_card_command(f, 0, until)) return fail("the card found at start-up was not retained", {faults.front()->index});
    return pass("the card found at start-up was retained", {faults.front()->index});
}

Verdict init_integrity(const Facts& f) {
    if (std::find(f.scenario->rules.begin(), f.scenario->rules.end(), "INIT-INTEGRITY") == f.scenario->rules.end())
        return not_applicable();
    // The scenario breaks the key configuration: the terminal must stay out of service and alive.
    for (std::size_t i : f.modes) {
        const json::value& d = f.events[i].data;
        bool all = true;
        for (const auto& [k, v] : f.profile->ready_json) all = all && str(at(d, {k.c_str()})) == v;
        if (all) return fail("the terminal came into service with missing or corrupt key material", {i});
    }
    auto reads = f.commands("CardReader.ReadRawData");
    if (!reads.empty()) return fail("the terminal waited for customers' cards", {reads.front()->ev});
    for (const auto& e : f.events)
        if (e.source == "terminal" && e.kind == "exit") {
            const json::value* st = at(e.data, {"status"});
            if (st && st->is_int64() && st->as_int64() >= 128 && st->as_int64() != 128 + 15 && st->as_int64() != 128 + 9)
                return fail("the terminal crashed", {e.index});
        }
    return pass("out of service, no customer served");
}

Verdict init_residual_notes(const Facts& f) {
    auto faults = faults_named(f, "notesInTransport");
    if (faults.empty()) return not_applicable();
    std::int64_t first_approval = trace_end(f);
    auto ok = approved(f, "01");
    if (!ok.empty()) first_approval = ok.front().second->t;
    auto presents = commands_between(f, "CashDispenser.Present", 0, first_approval);
    if (!presents.empty()) return fail("notes found at start-up were presented", {faults.front()->index, presents.front()->ev});
    bool retracted = false;
    for (const char* c : {"CashManagement.Retract", "CashManagement.Reset", "CashDispenser.Reject"})
        for (const XfsMessage* m : commands_between(f, c, 0, first_approval)) retracted = retracted || completed_ok(f, *m);
    if (!retracted) return fail("notes found at start-up were left in the transport", {faults.front()->index});
    return pass("notes found at start-up were retracted", {faults.front()->index});
}

namespace {
// Withdrawals whose reply was spoiled (mismatched key field, bad MAC, malformed) or missing.
Verdict no_dispense_on(const Facts& f, bool want_mismatch) {
    bool any = false;
    for (const HostMessage* req : f.requests("0200", "01")) {
        const HostMessage* rep = f.reply_to(*req);
        bool bad = reply_unusable(f, *req, rep);
        if (!bad) continue;
        bool mismatch = false;
        for (const auto& m : f.host)
            if (m.dir == "out" && m.t >= req->t && m.connection == req->connection && mutated(m)) {
                mismatch = true;
                break;
            }
        if (mismatch != want_mismatch) continue;
        any = true;
        auto d = commands_between(f, "CashDispenser.Dispense", req->t, next_request_after(f, req->t));
        if (!d.empty()) return fail("the terminal dispensed on a reply it should have treated as failed", {req->ev, d.front()->ev});
    }
    return any ? pass("no dispense on a failed reply") : not_applicable();
}
}  // namespace

Verdict host_field_check(const Facts& f) { return no_dispense_on(f, true); }
Verdict host_unmatched(const Facts& f) { return no_dispense_on(f, false); }

Verdict result_uncertain(const Facts& f) {
    std::vector<const HostMessage*> unclear;
    for (const HostMessage* req : f.requests("0200")) {
        if (req->kind() == "31") continue;
        const HostMessage* rep = f.reply_to(*req);
        if (!rep || reply_unusable(f, *req, rep)) unclear.push_back(req);
    }
    if (unclear.empty()) return not_applicable();
    if (!f.profile->has_screen("result_uncertain")) return not_observable("the profile names no 'result uncertain' screen");
    for (const HostMessage* req : unclear)
        if (!f.screen_shown("result_uncertain", req->t))
            return fail("no reply (or no usable one) and the customer was not told the result is uncertain", {req->ev});
    return pass("the customer was told the result is uncertain", {unclear.front()->ev});
}

Verdict card_luhn(const Facts& f) {
    std::vector<std::pair<const CustomerAction*, std::string>> bad;
    for (const auto& a : f.actions) {
        if (!a.ok || a.action != "insertCard") continue;
        std::string id = str(at(f.events[a.ev].data, {"args", "card"}));
        auto it = catalogue_pans().find(id);
        if (it != catalogue_pans().end() && !luhn_ok(it->second)) bad.emplace_back(&a, it->second);
    }
    if (bad.empty()) return not_applicable();
    for (const auto& [a, pan] : bad) {
        std::string m = masked(pan);
        for (const auto& h : f.host)
            if (h.dir == "in" && h.t > a->t && h.field(2) == m)
                return fail("a request for a PAN that fails its check digit reached the host", {a->ev, h.ev});
    }
    return pass("the card failing its check digit was refused locally", {bad.front().first->ev});
}

Verdict func_available(const Facts& f) {
    // From the moment the cash module is down (offline/hardware error) or the host is gone, the menu must not
    // offer withdrawal (or, with the host gone, any online function).
    std::int64_t cash_down = 0, host_down = 0;
    for (std::size_t i : f.faults) {
        const TraceEvent& e = f.events[i];
        // Only a fault that takes effect now: one armed for a later command (`at`) has not happened yet.
        bool immediate = !e.data.is_object() || !e.data.as_object().contains("at");
        if (e.kind == "cash" && immediate && (e.name == "offline" || e.name == "hardwareError") && !cash_down) cash_down = e.t_ns;
        if (e.kind == "host" && e.name == "stopped" && !host_down) host_down = e.t_ns;
    }
    if (!cash_down && !host_down) return not_applicable();
    auto menu_ids = f.profile->screens.find("menu");
    if (menu_ids == f.profile->screens.end() || f.profile->menu.empty()) return not_observable("the profile names no menu screen or keys");
    std::string withdraw_key = f.profile->menu.count("withdrawal") ? xfs_key_of(f.profile->menu.at("withdrawal")) : "";
    bool judged = false;
    // A menu screen after the outage with no key entry at all offers nothing: that is judged too.
    for (const auto& s : f.screens)
        if (std::find(menu_ids->second.begin(), menu_ids->second.end(), s.id) != menu_ids->second.end() &&
            ((cash_down && s.t > cash_down) || (host_down && s.t > host_down)))
            judged = true;
    for (const XfsMessage* entry : f.commands("Keyboard.DataEntry")) {
        // The screen current when the entry began.
        std::string current;
        for (const auto& s : f.screens)
            if (s.t <= entry->t) current = s.id;
        if (std::find(menu_ids->second.begin(), menu_ids->second.end(), current) == menu_ids->second.end()) continue;
        const json::value* keys = at(entry->payload, {"activeKeys"});
        auto active = [&](const std::string& k) {
            if (!keys) return false;
            if (keys->is_object()) return keys->as_object().contains(k);
            if (keys->is_array())
                for (const auto& x : keys->as_array())
                    if (x.is_string() && x.as_string() == k) return true;
            return false;
        };
        if (cash_down && entry->t > cash_down) {
            judged = true;
            if (active(withdraw_key)) return fail("withdrawal offered while the cash module is out of order", {entry->ev});
        }
        if (host_down && entry->t > host_down) {
            judged = true;
            for (const auto& [fn, key] : f.profile->menu)
                if (fn != "cancel" && active(xfs_key_of(key)))
                    return fail(fn + " offered while the host is unreachable", {entry->ev});
        }
    }
    return judged ? pass("nothing offered that the terminal could not do") : not_applicable("no menu after the outage");
}

Verdict cash_precheck(const Facts& f) {
    // Amounts the device fixture's cash-out units cannot pay (before faults): the host must not be asked.
    devices::DeviceFixture fx;
    try {
        fx = devices::load_device_fixture(f.scenario->devices);
    } catch (...) {
        return not_observable("the device fixture cannot be read");
    }
    std::vector<std::pair<std::int64_t, int>> units;  // value, count
    if (!fx.cash) return not_applicable();
    for (const auto& u : fx.cash->units)
        if ((u.type == devices::UnitType::cashOut || u.type == devices::UnitType::recycling) && u.value > 0)
            units.emplace_back(u.value, u.count);
    std::sort(units.rbegin(), units.rend());
    auto payable = [&](std::int64_t amount) {
        for (const auto& [v, n] : units) amount -= std::min<std::int64_t>(n, amount / v) * v;
        return amount == 0;
    };
    bool any = false;
    for (const auto& st : f.scenario->steps) {
        if (st.kind != "withdraw" && st.kind != "amount") continue;
        const json::value* v = st.args.if_contains(st.kind == "withdraw" ? "amount" : "value");
        if (!v) continue;
        std::int64_t minor = v->is_int64() ? v->as_int64() * 100 : 0;
        if (v->is_string()) try {
                minor = std::stoll(std::string(v->as_string())) * 100;
            } catch (...) {
            }
        if (minor <= 0 || payable(minor)) continue;
        any = true;
        for (const HostMessage* r : f.requests("0200", "01"))
            if (amount_of(*r) == minor) return fail("authorisation asked for " + std::to_string(minor) + ", which the cassettes cannot pay", {r->ev});
    }
    return any ? pass("unpayable amounts were refused before authorisation") : not_applicable();
}

}  // namespace atmbench::harness::rules
