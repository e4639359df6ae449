#include "rules_support.hpp"

#include "atmbench/devices/card.hpp"
#include "atmbench/devices/card_catalogue.hpp"
#include "atmbench/share_folder.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace atmbench::harness::rules {

namespace json = boost::json;

Verdict pass(std::string message, std::vector<std::size_t> evidence) {
    Verdict v;
    v.outcome = Outcome::Pass;
    v.message = std::move(message);
    v.evidence = std::move(evidence);
    return v;
}

Verdict fail(std::string message, std::vector<std::size_t> evidence) {
    Verdict v;
    v.outcome = Outcome::Fail;
    v.message = std::move(message);
    v.evidence = std::move(evidence);
    return v;
}

Verdict not_applicable(std::string message) {
    Verdict v;
    v.outcome = Outcome::NotApplicable;
    v.message = std::move(message);
    return v;
}

Verdict not_observable(std::string message) {
    Verdict v;
    v.outcome = Outcome::NotObservable;
    v.message = std::move(message);
    return v;
}

std::string str(const json::value* v) {
    if (!v) return "";
    if (v->is_string()) return std::string(v->as_string());
    if (v->is_int64()) return std::to_string(v->as_int64());
    return "";
}

namespace {
// A double int64 can hold after truncation: [-2^63, 2^63). NaN fails both comparisons.
bool fits_int64(double d) { return d >= -0x1p63 && d < 0x1p63; }
}  // namespace

std::int64_t as_int(const json::value* v, std::int64_t dflt) {
    if (!v) return dflt;
    if (v->is_int64()) return v->as_int64();
    if (v->is_uint64()) {
        if (v->as_uint64() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            throw std::range_error("the number " + json::serialize(*v) + " in the trace is beyond int64");
        return static_cast<std::int64_t>(v->as_uint64());
    }
    if (v->is_double()) {
        if (!fits_int64(v->as_double()))
            throw std::range_error("the number " + json::serialize(*v) + " in the trace is beyond int64");
        return static_cast<std::int64_t>(v->as_double());
    }
    return dflt;
}

std::int64_t minor_units(const json::value& major, const std::string& what) {
    if (major.is_double()) {
        const double minor = major.as_double() * 100 + 0.5;
        if (!fits_int64(minor)) throw std::range_error(what + " " + json::serialize(major) + " is beyond int64 minor units");
        return static_cast<std::int64_t>(minor);
    }
    if (!major.is_int64() && !major.is_uint64()) throw std::runtime_error(what + " " + json::serialize(major) + " is not a number");
    return checked_product(as_int(&major), 100, what + " " + json::serialize(major));
}

std::int64_t checked_sum(std::int64_t a, std::int64_t b, const std::string& what) {
    std::int64_t r = 0;
    if (__builtin_add_overflow(a, b, &r)) throw std::range_error(what + ": " + std::to_string(a) + " + " + std::to_string(b) + " overflows int64");
    return r;
}

std::int64_t checked_product(std::int64_t a, std::int64_t b, const std::string& what) {
    std::int64_t r = 0;
    if (__builtin_mul_overflow(a, b, &r)) throw std::range_error(what + ": " + std::to_string(a) + " x " + std::to_string(b) + " overflows int64");
    return r;
}

std::int64_t dispense_amount(const XfsMessage& d) {
    const json::value* cur = at(d.payload, {"denomination", "currencies"});
    if (!cur || !cur->is_object()) return 0;
    std::int64_t total = 0;
    for (const auto& kv : cur->as_object())
        if (kv.value().is_int64() || kv.value().is_uint64() || kv.value().is_double())
            total = checked_sum(total, minor_units(kv.value(), "the dispense amount"), "the dispense amounts");
    return total;
}

std::vector<std::string> dispense_units(const XfsMessage& d) {
    std::vector<std::string> out;
    const json::value* counts = at(d.payload, {"denomination", "counts"});
    if (counts && counts->is_object())
        for (const auto& kv : counts->as_object())
            if (!kv.value().is_int64() || kv.value().as_int64() > 0) out.emplace_back(kv.key());
    return out;
}

std::int64_t amount_of(const HostMessage& m) {
    const std::string& a = m.amount;
    if (a.empty()) return 0;
    // A recorded F4 that is not a number cannot be compared with anything: the rule reading it is NOT_OBSERVABLE
    // (evaluate() turns this exception into that verdict), never a silent 0 that could make it pass.
    if (a.size() > 18 || !std::all_of(a.begin(), a.end(), [](unsigned char c) { return std::isdigit(c); }))
        throw std::runtime_error("amount \"" + a + "\" of host message " + std::to_string(m.ev) + " (" +
                                 std::string(m.kind ? host::to_string(*m.kind) : "unknown kind") + ") is not an amount");
    return std::stoll(a);
}

std::int64_t require_int(const json::value* v, const std::string& what) {
    if (v && (v->is_int64() || v->is_uint64() || (v->is_double() && v->as_double() == std::trunc(v->as_double()))))
        return as_int(v);  // throws for a number beyond int64
    throw std::runtime_error(what + (v ? " is not a whole number: " + json::serialize(*v) : " is missing"));
}

std::vector<const XfsMessage*> commands_between(const Facts& f, const std::string& name, std::int64_t from, std::int64_t to) {
    std::vector<const XfsMessage*> out;
    for (const XfsMessage* c : f.commands(name))
        if (c->t >= from && c->t < to) out.push_back(c);
    return out;
}

bool completed_ok(const Facts& f, const XfsMessage& cmd) {
    const XfsMessage* c = f.completion_of(cmd);
    return c && c->completion == "success";
}

std::int64_t trace_end(const Facts& f) { return f.events.empty() ? 0 : f.events.back().t_ns + 1; }

std::int64_t next_request_after(const Facts& f, std::int64_t t) {
    for (const auto& m : f.host)
        if (m.request() && m.t > t && m.financial()) return m.t;
    return trace_end(f);
}

std::vector<const TraceEvent*> faults_named(const Facts& f, const std::string& name, const std::string& device) {
    std::vector<const TraceEvent*> out;
    for (std::size_t i : f.faults) {
        const TraceEvent& e = f.events[i];
        if (e.name == name && (device.empty() || e.kind == device)) out.push_back(&e);
    }
    for (const auto& a : f.actions)
        if (a.ok && a.action == "setSensor" && name == "gateAbnormal") {
            const TraceEvent& e = f.events[a.ev];
            if (str(at(e.data, {"args", "state"})) == "abnormal") out.push_back(&e);
        }
    return out;
}

bool mutated(const HostMessage& m) {
    return std::any_of(m.spoiled.begin(), m.spoiled.end(), [](const std::string& s) { return s.rfind("mutate", 0) == 0; });
}

namespace {
// The host's record of a reply it spoiled on purpose (mutated key field, corrupted MAC, malformed frame) or one
// that does not decode.
bool spoiled(const HostMessage& m) { return !m.error.empty() || !m.spoiled.empty(); }
}  // namespace

bool reply_unusable(const Facts& f, const HostMessage& request, const HostMessage* reply) {
    if (reply) return spoiled(*reply);
    // A mutated STAN or MTI hides the reply from reply_to: look for the spoiled answer on the same connection
    // before the next request.
    for (const auto& m : f.host) {
        if (m.t < request.t || m.connection != request.connection) continue;
        if (m.dir == "in" && m.t > request.t) break;
        if (m.dir == "out" && spoiled(m)) return true;
    }
    return false;
}

const std::map<std::string, std::string>& catalogue_pans() {
    // Loaded once; a catalogue that cannot be read makes every rule that needs it NOT_OBSERVABLE (the exception
    // reaches evaluate()), instead of an empty list that would let INV-NO-SECRETS pass without looking.
    static const std::map<std::string, std::string> pans = [] {
        std::map<std::string, std::string> m;
        auto cat = devices::CardCatalogue::load(share_folder::fixtures() / "cards" / "test-cards.yaml");
        for (const auto& c : cat.cards())
            if (!c.pan.empty()) m[c.id] = c.pan;
        return m;
    }();
    return pans;
}

std::string masked(const std::string& pan) {
    if (pan.size() < 11) return pan;
    return pan.substr(0, 6) + std::string(pan.size() - 10, '*') + pan.substr(pan.size() - 4);
}

// The simulator's own check digit function: one Luhn in the bench (the reference terminal keeps its own, being
// the system under test).
bool luhn_ok(const std::string& pan) { return pan.size() >= 12 && devices::luhn_valid(pan); }

std::string xfs_key_of(const std::string& k) {
    if (k.size() >= 2 && (k[0] == 'F' || k[0] == 'f') && std::all_of(k.begin() + 1, k.end(), ::isdigit)) {
        int n = std::stoi(k.substr(1));
        return std::string("fdk") + (n < 10 ? "0" : "") + std::to_string(n);
    }
    return k;
}

std::int64_t ms(std::int64_t ns) { return ns / 1'000'000; }

}  // namespace atmbench::harness::rules
