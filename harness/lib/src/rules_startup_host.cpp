// Sections B (start-up, 7.3.2) and C (host link and transaction result, 7.3.5, 7.3.6.1–7.3.6.4).
#include "rules_impl.hpp"
#include "rules_support.hpp"

#include "atmbench/devices/cash_module_config.hpp"
#include "atmbench/devices/device_fixture.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <functional>
#include <map>
#include <set>
#include <tuple>

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

namespace {

// 7.3.6.3 b "after a cash transaction": notes the terminal dispensed that are still in the intermediate stacker, the
// transport or an output position once the customer has gone must be retracted before the next customer. Read from
// what the dispenser reports (Common.Status replies and Common.StatusChangedEvent, merged field by field), so it
// does not depend on the terminal asking. The customer has gone when the card is taken; the deadline is the idle
// screen or the next card. Notes found at start-up (nothing dispensed since the terminal started) are judged by
// init_residual_notes itself.
Verdict residual_notes_after_transactions(const Facts& f) {
    struct Moment {
        std::int64_t t;
        std::size_t ev;
        int what;  // 0 terminal start, 1 xfs, 2 idle screen, 3 card inserted, 4 card taken
        const XfsMessage* m;
    };
    std::vector<Moment> moments;
    for (const auto& e : f.events)
        if (e.source == "terminal" && e.kind == "start") moments.push_back({e.t_ns, e.index, 0, nullptr});
    for (const auto& m : f.xfs) moments.push_back({m.t, m.ev, 1, &m});
    for (std::size_t ev : f.screens_meaning("idle")) moments.push_back({f.events[ev].t_ns, ev, 2, nullptr});
    for (const auto& a : f.actions)
        if (a.ok && (a.action == "insertCard" || a.action == "takeCard")) moments.push_back({a.t, a.ev, a.action == "insertCard" ? 3 : 4, nullptr});
    std::sort(moments.begin(), moments.end(), [](const Moment& a, const Moment& b) { return std::tie(a.t, a.ev) < std::tie(b.t, b.ev); });

    std::map<std::string, std::string> where;  // reported places → empty | notEmpty
    bool dispensed = false, left = false, gone = false, taken = false;
    std::size_t left_ev = 0, gone_ev = 0;
    std::vector<std::size_t> retracted;  // customers gone with notes left that the terminal retracted in time
    for (const Moment& m : moments) {
        if (m.what == 0) {
            where.clear();
            dispensed = left = gone = false;
        } else if (m.what == 1) {
            const XfsMessage& x = *m.m;
            if (x.dir == "in" && x.type == "command" && x.name == "CashDispenser.Dispense") dispensed = true;
            if (x.dir == "out" && x.name == "CashManagement.ItemsTakenEvent") taken = true;
            if (gone && left && x.dir == "in" && x.type == "command" && x.name == "CashDispenser.Present")
                return fail("notes left in the transport after the transaction were presented, not retracted", {left_ev, x.ev});
            const json::value* cd = x.dir == "out" && (x.name == "Common.Status" || x.name == "Common.StatusChangedEvent")
                                        ? at(x.payload, {"cashDispenser"}) : nullptr;
            if (!cd || !cd->is_object()) continue;
            if (const json::value* st = at(*cd, {"intermediateStacker"})) where["stacker"] = str(st);
            if (const json::value* pos = at(*cd, {"positions"}); pos && pos->is_object())
                for (const auto& kv : pos->as_object())
                    for (const char* k : {"positionStatus", "transportStatus"})
                        if (const json::value* v = at(kv.value(), {k})) where[std::string(kv.key()) + "." + k] = str(v);
            bool notes = std::any_of(where.begin(), where.end(), [](const auto& kv) { return kv.second == "notEmpty"; });
            if (notes && !left && dispensed) {
                left = true;
                left_ev = x.ev;
                taken = false;
            } else if (!notes && left) {
                if (gone && !taken) retracted.push_back(gone_ev);
                left = gone = false;
            }
        } else if (m.what == 4) {
            if (left && !gone) {
                gone = true;
                gone_ev = m.ev;
                taken = false;
            }
        } else if (left) {
            return fail(std::string("notes dispensed in a transaction were still in the transport/output position when the terminal ") +
                            (m.what == 2 ? "showed its idle screen" : "accepted the next customer's card") +
                            ": not retracted after the transaction",
                        {left_ev, m.ev});
        }
    }
    if (left && gone) return fail("notes dispensed in a transaction were still in the transport/output position when the scenario ended", {left_ev, gone_ev});
    if (retracted.empty()) return not_applicable();
    return pass("notes left in the transport after a transaction were retracted before the next customer", {retracted.front()});
}

}  // namespace

Verdict init_residual_notes(const Facts& f) {
    // Start-ups with notes in the transport: a notesInTransport fault (the first start), and every power cut that
    // left dispensed notes there (the start after it). Each is judged up to the next approved withdrawal.
    std::vector<std::pair<std::int64_t, std::size_t>> starts;
    for (const TraceEvent* fault : faults_named(f, "notesInTransport")) starts.emplace_back(0, fault->index);
    for (std::size_t cut : power_cuts(f))
        if (notes_left_in_transport(f, f.events[cut].t_ns)) starts.emplace_back(f.events[cut].t_ns, cut);
    Verdict after = residual_notes_after_transactions(f);
    if (after.outcome == Outcome::Fail) return after;
    if (starts.empty()) return after;
    auto ok = f.approved(HostKind::Withdrawal);
    for (const auto& [from, ev] : starts) {
        std::int64_t until = trace_end(f);
        for (const auto& a : ok)
            if (a.reply->t > from) {
                until = a.reply->t;
                break;
            }
        auto presents = commands_between(f, "CashDispenser.Present", from, until);
        if (!presents.empty()) return fail("notes found at start-up were presented", {ev, presents.front()->ev});
        bool retracted = false;
        for (const char* c : {"CashManagement.Retract", "CashManagement.Reset", "CashDispenser.Reject"})
            for (const XfsMessage* m : commands_between(f, c, from, until)) retracted = retracted || completed_ok(f, *m);
        if (!retracted) return fail("notes found at start-up were left in the transport", {ev});
    }
    return pass("notes found at start-up were retracted", {starts.front().second});
}

namespace {
// Withdrawals whose reply was spoiled (mismatched key field, bad MAC, malformed) or missing.
Verdict no_dispense_on(const Facts& f, bool want_mismatch) {
    bool any = false;
    for (const HostMessage* req : f.requests(HostKind::Withdrawal)) {
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

// 7.3.5 a/d: the terminal speaks the 8583 / 类8583 format the front-end system prescribes. The host decodes what
// arrives strictly under its profile (length header, pad nibbles, prefixes, bitmap, nothing left over) and records
// why a frame did not parse; one such frame from the terminal is a FAIL, whatever happened after it.
Verdict host_format(const Facts& f) {
    std::vector<std::size_t> sent;
    for (const auto& h : f.host) {
        if (h.dir != "in") continue;
        if (!h.error.empty())
            return fail("the host could not parse a message the terminal sent under its profile: " + h.error, {h.ev});
        sent.push_back(h.ev);
    }
    if (sent.empty()) return not_applicable("the terminal sent the host nothing");
    return pass(std::to_string(sent.size()) + " messages from the terminal all parse under the host's profile",
                {sent.front(), sent.back()});
}

Verdict result_uncertain(const Facts& f) {
    std::vector<const HostMessage*> unclear;
    for (const HostMessage* req : f.requests(host::is_financial)) {
        if (req->is(HostKind::BalanceInquiry)) continue;
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
            if (h.dir == "in" && h.t > a->t && h.pan == m)
                return fail("a request for a PAN that fails its check digit reached the host", {a->ev, h.ev});
    }
    return pass("the card failing its check digit was refused locally", {bad.front().first->ev});
}

namespace {

// A dispensing unit as the terminal could know it at some moment.
struct PayUnit {
    std::string id;
    std::int64_t value = 0;  // minor units
    int count = 0;
    bool usable = true;
};

// A decimal major-unit amount as XFS4IoT carries it (100, 100.0, "100.00") → minor units.
std::int64_t minor_of(const json::value* v) {
    if (!v) return 0;
    if (v->is_number()) return minor_units(*v, "the unit value reported by the device");
    if (v->is_string()) {
        // Not a silent 0 (which could make an amount look payable or absent): the rule becomes NOT_OBSERVABLE.
        std::string text(v->as_string());
        std::size_t used = 0;
        double major = 0;
        try {
            major = std::stod(text, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != text.size()) throw std::runtime_error("amount \"" + text + "\" reported by the device is not a number");
        return minor_units(json::value(major), "the unit value reported by the device");
    }
    throw std::runtime_error("amount " + json::serialize(*v) + " reported by the device is not a number");
}

// The dispensing units of a Storage.GetStorage completion (status, configuration types/value, status.count).
std::vector<PayUnit> reported_units(const json::value& payload) {
    std::vector<PayUnit> out;
    const json::value* storage = at(payload, {"storage"});
    if (!storage || !storage->is_object()) return out;
    for (const auto& kv : storage->as_object()) {
        const json::value* types = at(kv.value(), {"cash", "configuration", "types"});
        bool dispenses = types && types->is_object() && types->as_object().contains("cashOut");
        if (!dispenses) continue;
        PayUnit u{std::string(kv.key()), minor_of(at(kv.value(), {"cash", "configuration", "value"})),
                  static_cast<int>(as_int(at(kv.value(), {"cash", "status", "count"}))), true};
        u.usable = str(at(kv.value(), {"status"})) == "ok" && u.value > 0;
        out.push_back(u);
    }
    return out;
}

// What the cassettes could pay at time t: the last Storage.GetStorage the device answered before t (else the
// fixture's units), less the notes every dispense since then took out, without the units a cassette fault
// (missing, removed, mismatched) took away; nothing when the cash module was out of order.
std::vector<PayUnit> units_at(const Facts& f, const std::vector<PayUnit>& fixture, std::int64_t t) {
    std::vector<PayUnit> units = fixture;
    std::int64_t since = 0;
    for (const XfsMessage* g : f.commands("Storage.GetStorage")) {
        const XfsMessage* done = f.completion_of(*g);
        if (!done || done->t >= t || done->completion != "success") continue;
        std::vector<PayUnit> r = reported_units(done->payload);
        if (r.empty()) continue;
        units = std::move(r);
        since = done->t;
    }
    for (const XfsMessage* d : commands_between(f, "CashDispenser.Dispense", since, t)) {
        const XfsMessage* done = f.completion_of(*d);
        if (!done || done->t >= t) continue;
        const json::value* counts = at(done->payload, {"denomination", "counts"});
        if ((!counts || !counts->is_object()) && done->completion == "success") counts = at(d->payload, {"denomination", "counts"});
        if (!counts || !counts->is_object()) continue;
        for (const auto& kv : counts->as_object())
            for (PayUnit& u : units)
                if (u.id == kv.key()) u.count = std::max<int>(0, u.count - static_cast<int>(as_int(&kv.value())));
    }
    for (std::size_t i : f.faults) {
        const TraceEvent& e = f.events[i];
        if (e.kind != "cash" || e.t_ns >= t || (e.data.is_object() && e.data.as_object().contains("at"))) continue;
        if (e.name == "offline" || e.name == "hardwareError")
            for (PayUnit& u : units) u.usable = false;
        if (e.name == "cassetteMissing" || e.name == "cassetteRemoved" || e.name == "cassetteMismatch") {
            std::string target = str(at(e.data, {"target"}));
            for (PayUnit& u : units)
                if (u.id == target && e.t_ns > since) u.usable = false;
        }
    }
    return units;
}

// Whether `amount` can be paid exactly from these units within `max_notes` notes (an exhaustive search over the
// denominations: 60 from 50 × 1 + 20 × 3 is payable although largest-first finds no mix).
bool payable(std::int64_t amount, const std::vector<PayUnit>& units, int max_notes) {
    std::map<std::int64_t, std::int64_t, std::greater<>> by_value;
    for (const PayUnit& u : units)
        if (u.usable && u.value > 0 && u.count > 0) by_value[u.value] += u.count;
    std::vector<std::pair<std::int64_t, std::int64_t>> d(by_value.begin(), by_value.end());
    std::set<std::tuple<std::size_t, std::int64_t, int>> failed;
    std::function<bool(std::size_t, std::int64_t, int)> go = [&](std::size_t i, std::int64_t left, int budget) {
        if (left == 0) return true;
        if (i == d.size() || budget <= 0 || failed.count({i, left, budget})) return false;
        std::int64_t most = std::min<std::int64_t>({d[i].second, left / d[i].first, static_cast<std::int64_t>(budget)});
        for (std::int64_t n = most; n >= 0; --n)
            if (go(i + 1, left - n * d[i].first, budget - static_cast<int>(n))) return true;
        failed.insert({i, left, budget});
        return false;
    };
    return go(0, amount, max_notes);
}

std::string describe(const std::vector<PayUnit>& units) {
    std::string out;
    for (const PayUnit& u : units) {
        if (!out.empty()) out += ", ";
        out += u.id + " " + std::to_string(u.count) + " × " + std::to_string(u.value / 100) + (u.usable ? "" : " (unusable)");
    }
    return out.empty() ? "no dispensing unit" : out;
}

// The dispensing units of the scenario's device fixture and its notes-per-dispense limit (none when it cannot be read).
std::vector<PayUnit> fixture_units(const Facts& f, int* max_notes = nullptr) {
    std::vector<PayUnit> out;
    // No fixture named (a trace told by a unit test): the device's own reports are all there is. A fixture that
    // is named but cannot be read makes the rule NOT_OBSERVABLE (the exception reaches evaluate()).
    if (f.scenario->devices.empty()) return out;
    devices::DeviceFixture fx = devices::load_device_fixture(f.scenario->devices);
    if (const auto* cash = fx.config<devices::CashModuleConfig>("cash")) {
        if (max_notes) *max_notes = cash->max_dispense_items;
        for (const auto& u : cash->units)
            if ((u.type == devices::UnitType::cashOut || u.type == devices::UnitType::recycling) && u.value > 0)
                out.push_back({u.id, u.value, u.count, true});
    }
    return out;
}

}  // namespace

Verdict func_available(const Facts& f) {
    // From the moment the cash module is down (offline/hardware error) or the host is gone, the menu must not
    // offer withdrawal or deposit (or, with the host gone, any online function); from the moment a bill
    // validator's drop cassette is out or full (issue 14, a kiosk's acceptor), it must not offer deposit.
    std::int64_t cash_down = 0, host_down = 0, acceptor_down = 0;
    std::string acceptor_why;
    for (std::size_t i : f.faults) {
        const TraceEvent& e = f.events[i];
        // Only a fault that takes effect now: one armed for a later command (`at`) has not happened yet.
        bool immediate = !e.data.is_object() || !e.data.as_object().contains("at");
        if (e.kind == "cash" && immediate && (e.name == "offline" || e.name == "hardwareError") && !cash_down) cash_down = e.t_ns;
        if (e.kind == "cash" && (e.name == "dropCassetteRemoved" || e.name == "dropCassetteFull") && !acceptor_down) {
            acceptor_down = e.t_ns;
            acceptor_why = e.name == "dropCassetteRemoved" ? "the validator's drop cassette is out" : "the validator's drop cassette is full";
        }
        if (e.kind == "host" && e.name == "stopped" && !host_down) host_down = e.t_ns;
    }
    if (cash_down && (!acceptor_down || cash_down < acceptor_down)) {
        acceptor_down = cash_down;
        acceptor_why = "the cash module is out of order";
    }
    // 7.3.6.1 c: no cassette can dispense (every unit empty, missing or unusable by what the device reported, or by
    // the fixture less what was dispensed) — the module may be in order, the hardware still cannot pay.
    std::vector<PayUnit> fixture = fixture_units(f);
    auto cassettes_empty = [&](std::int64_t t) {
        std::vector<PayUnit> units = units_at(f, fixture, t);
        return !units.empty() && std::none_of(units.begin(), units.end(), [](const PayUnit& u) { return u.usable && u.count > 0; });
    };
    bool empty_seen = false;
    for (const XfsMessage* entry : f.commands("Keyboard.DataEntry")) empty_seen = empty_seen || cassettes_empty(entry->t);
    if (!cash_down && !host_down && !acceptor_down && !empty_seen) return not_applicable();
    auto menu_ids = f.profile->screens.find("menu");
    if (menu_ids == f.profile->screens.end() || f.profile->menu.empty()) return not_observable("the profile names no menu screen or keys");
    std::string withdraw_key = f.profile->menu.count("withdrawal") ? xfs_key_of(f.profile->menu.at("withdrawal")) : "";
    std::string deposit_key = f.profile->menu.count("deposit") ? xfs_key_of(f.profile->menu.at("deposit")) : "";
    bool judged = false;
    // A menu screen after the outage with no key entry at all offers nothing: that is judged too.
    for (const auto& s : f.screens)
        if (std::find(menu_ids->second.begin(), menu_ids->second.end(), s.id) != menu_ids->second.end() &&
            ((cash_down && s.t > cash_down) || (host_down && s.t > host_down) || (acceptor_down && s.t > acceptor_down)))
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
        if (empty_seen && cassettes_empty(entry->t)) {
            judged = true;
            if (active(withdraw_key))
                return fail("withdrawal offered while no cassette can dispense (" + describe(units_at(f, fixture, entry->t)) + ")", {entry->ev});
        }
        if (acceptor_down && entry->t > acceptor_down && !deposit_key.empty()) {
            judged = true;
            if (active(deposit_key)) return fail("deposit offered while " + acceptor_why, {entry->ev});
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
    // 7.3.6.3 a: an amount the cassettes cannot pay (denominations, notes per cassette, units taken away by faults,
    // notes already dispensed) is refused before any authorisation. Judged at each withdrawal request from what the
    // device had reported (Storage.GetStorage) or, before any report, the fixture; and at each amount the customer
    // entered that no request followed.
    int max_notes = 100;
    std::vector<PayUnit> fixture = fixture_units(f, &max_notes);
    bool any = false;
    std::vector<std::size_t> evidence;
    for (const HostMessage* r : f.requests(HostKind::Withdrawal)) {
        std::int64_t amount = amount_of(*r);
        std::vector<PayUnit> units = units_at(f, fixture, r->t);
        if (amount <= 0 || units.empty() || payable(amount, units, max_notes)) continue;
        return fail("authorisation asked for " + std::to_string(amount) + ", which the cassettes cannot pay (" + describe(units) + ")",
                    {r->ev});
    }
    // The amounts the customer entered (bench steps): refused locally when no request followed before the next step.
    std::vector<const TraceEvent*> steps;
    for (const TraceEvent& e : f.events)
        if (e.source == "bench" && e.kind == "step") steps.push_back(&e);
    for (std::size_t k = 0; k < steps.size(); ++k) {
        const TraceEvent& st = *steps[k];
        if (st.name != "withdraw" && st.name != "amount") continue;
        const json::value* v = at(st.data, {"args", st.name == "withdraw" ? "amount" : "value"});
        std::int64_t minor = 0;
        if (v && (v->is_int64() || v->is_uint64())) minor = checked_product(as_int(v), 100, "the amount of a " + st.name + " step");
        if (v && v->is_string()) {
            std::string text(v->as_string());
            if (text.empty() || text.size() > 12 || !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
                throw std::runtime_error("the amount \"" + text + "\" of a " + st.name + " step is not a whole number");
            minor = std::stoll(text) * 100;
        }
        if (minor <= 0) continue;
        std::int64_t end = trace_end(f) + 1;
        for (std::size_t n = k + 1; n < steps.size(); ++n)
            if (steps[n]->name == "withdraw" || steps[n]->name == "amount" || steps[n]->name == "insert_card") {
                end = steps[n]->t_ns;
                break;
            }
        bool asked = false;
        for (const HostMessage* r : f.requests(HostKind::Withdrawal)) asked = asked || (r->t > st.t_ns && r->t < end);
        if (asked) continue;  // judged above
        std::vector<PayUnit> units = units_at(f, fixture, end);
        if (units.empty() || payable(minor, units, max_notes)) continue;
        any = true;
        evidence.push_back(st.index);
    }
    return any ? pass("unpayable amounts were refused before authorisation", evidence) : not_applicable();
}

}  // namespace atmbench::harness::rules
