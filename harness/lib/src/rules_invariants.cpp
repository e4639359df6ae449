// Section A: the invariants every scenario is held to, whatever it asserts.
#include "rules_impl.hpp"
#include "rules_support.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

namespace atmbench::harness::rules {

namespace json = boost::json;

Verdict inv_money(const Facts& f) {
    // What the customer holds at the end, less what they put in, against the host's net posting (debits − credits
    // − reversals of debits + reversals of credits). A difference must be an exception the terminal journaled.
    std::int64_t held = 0, inserted = 0;
    std::int64_t uncounted = 0;               // inserted into a CashIn that failed: the device never counted them
    std::vector<std::size_t> uncounted_ev;    // those insertions, and the first failed CashIn's completion
    std::int64_t first_uncounted_t = -1;
    const json::value truth(f.truth);
    const json::value* customer = at(truth, {"cash", "notes", "customer"});
    // Money is genuine notes (fit or unfit): unrecognised, suspect or counterfeit items are no one's balance.
    auto genuine = [](const json::value& n) {
        std::string c = str(at(n, {"class"}));
        return c.empty() || c == "fit" || c == "unfit";
    };
    if (customer)
        if (const json::value* notes = at(*customer, {"notes"}); notes && notes->is_array())
            for (const auto& n : notes->as_array())
                if (genuine(n))
                    held = checked_sum(held, require_int(at(n, {"value"}), "the value of a note with the customer (truth)"),
                                       "the notes with the customer (truth)");
    std::vector<std::size_t> ev;
    // The CashIn a note insertion went into: the last one issued before it; failed = completed other than success
    // (the device reported no count for those notes).
    auto failed_cash_in = [&](std::int64_t t) -> const XfsMessage* {
        const XfsMessage* open = nullptr;
        for (const XfsMessage* c : f.commands("CashAcceptor.CashIn"))
            if (c->t < t) open = c;
        if (!open) return nullptr;
        const XfsMessage* done = f.completion_of(*open);
        return done && done->t > t && done->completion != "success" ? done : nullptr;
    };
    for (const auto& a : f.actions) {
        if (!a.ok || a.action != "insertNotes") continue;
        ev.push_back(a.ev);
        std::int64_t these = 0;
        const json::value* notes = at(f.events[a.ev].data, {"args", "notes"});
        if (notes && notes->is_array())
            for (const auto& n : notes->as_array()) {
                if (!genuine(n)) continue;
                const json::value* v = at(n, {"value"});
                std::int64_t count = as_int(at(n, {"count"}), 1);
                if (!v || !(v->is_int64() || v->is_double()))
                    throw std::runtime_error("a note the customer inserted (event " + std::to_string(a.ev) + ") has no value");
                const std::string what = "the notes the customer inserted (event " + std::to_string(a.ev) + ")";
                these = checked_sum(these, checked_product(minor_units(*v, what), count, what), what);
            }
        inserted = checked_sum(inserted, these, "the notes the customer inserted");
        if (const XfsMessage* failed = failed_cash_in(a.t)) {
            uncounted = checked_sum(uncounted, these, "the notes no CashIn counted");
            uncounted_ev.push_back(a.ev);
            if (first_uncounted_t < 0) {
                first_uncounted_t = failed->t;
                uncounted_ev.push_back(failed->ev);
            }
        }
    }
    std::int64_t debit = 0;
    std::map<std::int64_t, std::string> kind_of_seq;
    const json::value* postings = f.ledger.if_contains("postings");
    if (!postings || !postings->is_array()) return not_observable("no host ledger was recorded");
    for (const auto& p : postings->as_array()) {
        std::string kind = str(at(p, {"kind"}));
        std::int64_t amount = require_int(at(p, {"amount"}), "the amount of a host ledger posting");
        if (const json::value* s = at(p, {"seq"}); s && s->is_int64()) kind_of_seq[s->as_int64()] = kind;
        const std::string what = "the host ledger's postings";
        if (kind == "withdrawal") debit = checked_sum(debit, amount, what);
        else if (kind == "deposit") debit = checked_sum(debit, checked_product(amount, -1, what), what);
        else if (kind == "reversal") {
            const json::value* r = at(p, {"reverses"});
            std::string orig = r && r->is_int64() ? kind_of_seq[r->as_int64()] : "withdrawal";
            debit = checked_sum(debit, checked_product(amount, orig == "deposit" ? 1 : -1, what), what);
        }
    }
    const std::string sums = "the cash balance";
    std::int64_t cash_out = checked_sum(held, checked_product(inserted, -1, sums), sums);
    std::int64_t diff = checked_sum(cash_out, checked_product(debit, -1, sums), sums);
    Verdict v;
    if (diff == 0) v = pass("cash to the customer " + std::to_string(cash_out) + " = net posting " + std::to_string(debit));
    else {
        // Explained when the journal carries an exception with that amount. Notes the device never counted (a
        // CashIn that failed with them inside, 7.3.7 d) have no amount the terminal could know: there the
        // standard asks for the exception to be recorded at once (7.3.6.9 a) so the bank can settle the 长款
        // when the device is cleared (seed 002) — an exception record saying the notes are held, amount unknown.
        std::int64_t need = diff < 0 ? checked_product(diff, -1, sums) : diff;
        std::vector<std::size_t> explained, held_uncounted, other_amounts;
        for (const auto& r : f.journal) {
            if (!r.exception) continue;
            const json::value* a = r.record.if_contains("amount");
            const json::value* unknown = r.record.if_contains("amount_unknown");
            if (a && !a->is_null() && as_int(a, -1) == need) explained.push_back(r.ev);
            else if (a && !a->is_null()) other_amounts.push_back(r.ev);
            if (unknown && unknown->is_bool() && unknown->as_bool() && first_uncounted_t >= 0 && r.t > first_uncounted_t)
                held_uncounted.push_back(r.ev);
        }
        auto yuan = [](std::int64_t minor) { return std::to_string(minor / 100) + "." + (minor % 100 < 10 ? "0" : "") + std::to_string(minor % 100); };
        std::string cls = diff > 0 ? "cash short (短款): the customer has " + yuan(diff) + " not posted"
                                   : "cash over (长款): the bank holds " + yuan(-diff) + " not posted";
        bool all_uncounted = diff < 0 && need == uncounted;
        if (!explained.empty()) v = pass(cls + ", recorded by the terminal as an exception", explained);
        else if (all_uncounted && !held_uncounted.empty())
            v = pass(cls + ": notes the device never counted (its CashIn failed with them inside), recorded by the terminal as held "
                           "with the amount unknown, for reconciliation when the device is cleared", held_uncounted);
        else if (!f.journal_declared) v = not_observable(cls + "; the profile declares no journal to explain it");
        else if (all_uncounted) {
            ev.insert(ev.end(), uncounted_ev.begin(), uncounted_ev.end());
            v = fail(cls + ": the notes went into a CashIn that failed and were never given back, and no journal exception after the "
                           "fault records them held (missing: an exception record with amount " + std::to_string(need) +
                           ", or with amount_unknown: true since the device never counted them)", uncounted_ev);
        } else {
            std::string missing = other_amounts.empty() ? "no journal exception records it (missing: an exception record with amount " + std::to_string(need) + ")"
                                                        : "the journal's exception records carry other amounts, none " + std::to_string(need);
            ev.insert(ev.end(), other_amounts.begin(), other_amounts.end());
            v = fail(cls + " and " + missing, ev);
        }
    }
    v.measurements = {{"cash_to_customer", cash_out}, {"net_posting", debit}, {"difference", diff}, {"uncounted_inserted", uncounted}};
    return v;
}

Verdict inv_card(const Facts& f) {
    const json::value t(f.truth);
    std::string media = str(at(t, {"cardReader", "media"}));
    if (f.cards_inserted() == 0 && media == "notPresent") return pass("no card was inserted");
    if (media != "notPresent" && !media.empty())
        return fail("a card is still in the reader at the end (" + media + ")");
    int retained = 0;
    if (const json::value* units = at(t, {"cardReader", "units"}); units && units->is_object())
        for (const auto& kv : units->as_object())
            retained += static_cast<int>(as_int(at(kv.value(), {"count"})));
    if (retained > 0) {
        if (!f.journal_declared) return not_observable("a card was retained; the profile declares no journal to hold the record");
        std::vector<std::size_t> recs;
        for (const auto& r : f.journal)
            if (r.exception && (r.type.find("card") != std::string::npos || r.type.find("captur") != std::string::npos ||
                                r.type.find("retain") != std::string::npos))
                recs.push_back(r.ev);
        if (recs.empty()) return fail("a card was retained without a journal record");
        return pass(std::to_string(retained) + " card(s) retained with a journal record", recs);
    }
    return pass("every card went back to its customer");
}

Verdict inv_one_dispense(const Facts& f) {
    auto ok = f.approved(HostKind::Withdrawal);
    std::vector<const XfsMessage*> all = f.commands("CashDispenser.Dispense");
    if (all.empty() && ok.empty()) return not_applicable();
    for (const XfsMessage* d : all) {
        // The approval it belongs to: the last approved withdrawal before it.
        const HostExchange* owner = nullptr;
        for (const auto& a : ok)
            if (a.reply->t <= d->t) owner = &a;
        if (!owner) continue;  // no approval at all: INV-MATCH / DEV-DISPENSE-INTEGRITY judge that
        auto same = commands_between(f, "CashDispenser.Dispense", owner->reply->t, next_request_after(f, owner->reply->t));
        if (same.size() > 1) return fail("more than one dispense for one approval", {owner->reply->ev, same[0]->ev, same[1]->ev});
        if (dispense_amount(*d) > amount_of(*owner->request))
            return fail("dispense of " + std::to_string(dispense_amount(*d)) + " for an approval of " + std::to_string(amount_of(*owner->request)),
                        {owner->reply->ev, d->ev});
    }
    return pass(std::to_string(all.size()) + " dispense(s), each within its approval");
}

Verdict inv_reversal_link(const Facts& f) {
    auto revs = f.requests(HostKind::Reversal);
    if (revs.empty()) return not_applicable();
    for (const HostMessage* r : revs) {
        const HostMessage* orig = f.original_of(*r);
        if (!orig) return fail("reversal of STAN " + r->original_stan + ", which the host never saw", {r->ev});
        if (amount_of(*r) > amount_of(*orig)) return fail("reversal for more than the original", {orig->ev, r->ev});
        if (r->pan != orig->pan) return fail("reversal's PAN differs from the original's", {orig->ev, r->ev});
    }
    return pass(std::to_string(revs.size()) + " reversal message(s), each tied to its original");
}

Verdict inv_no_secrets(const Facts& f) {
    // What must never appear: a PIN the customer typed (as a word of its own), full track 2 data, a field named
    // like a PIN block or key with a value.
    std::vector<std::string> pins;
    for (const auto& a : f.actions)
        if (a.ok && a.action == "enterPin")
            if (std::string p = str(at(f.events[a.ev].data, {"args", "pin"})); p.size() >= 4) pins.push_back(p);
    std::vector<std::string> tracks;
    for (const auto& [id, pan] : catalogue_pans()) tracks.push_back(pan + "=");
    auto leaks = [&](const std::string& text) -> std::string {
        for (const auto& t : tracks)
            if (text.find(t) != std::string::npos) return "full track 2 data";
        for (const auto& p : pins) {
            for (std::size_t at = text.find(p); at != std::string::npos; at = text.find(p, at + 1)) {
                bool left = at == 0 || !std::isdigit(static_cast<unsigned char>(text[at - 1]));
                bool right = at + p.size() >= text.size() || !std::isdigit(static_cast<unsigned char>(text[at + p.size()]));
                if (left && right) return "the clear PIN";
            }
        }
        return "";
    };
    // Journal records: also no field whose name says it holds a PIN, PIN block or key.
    auto secret_key = [](const json::object& o) -> std::string {
        for (const auto& kv : o) {
            std::string k(kv.key());
            for (auto& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            for (const char* s : {"pin", "pin_block", "pinblock", "master_key", "tmk", "pik", "mak", "key_value", "track2", "cvv", "cvn"})
                if (k == s && !kv.value().is_null()) return "a field named \"" + std::string(kv.key()) + "\"";
        }
        return "";
    };
    for (const auto& r : f.journal) {
        if (std::string what = secret_key(r.record); !what.empty()) return fail(what + " in the journal", {r.ev});
        if (std::string what = leaks(json::serialize(r.record)); !what.empty()) return fail(what + " in the journal", {r.ev});
    }
    for (std::size_t i = 0; i < f.receipts.size(); ++i)
        if (std::string what = leaks(f.receipts[i]); !what.empty()) return fail(what + " on a receipt");
    for (const auto& s : f.screens)
        if (std::string what = leaks(s.text); !what.empty()) return fail(what + " on the screen", {s.ev});
    for (const auto& e : f.events)
        if (e.source == "terminal" && (e.kind == "stdout" || e.kind == "stderr"))
            if (std::string what = leaks(json::serialize(e.data)); !what.empty()) return fail(what + " in the terminal's output", {e.index});
    // A secret value the devices handled (PIN block, key, track data) found by the bench in what the terminal
    // wrote, under any name (secret_scan.hpp): the finding points at the record it was found in.
    for (const auto& e : f.events)
        if (e.source == "bench" && e.kind == "secret-seen") {
            std::int64_t at_t = as_int(at(e.data, {"event_t_ns"}));
            std::vector<std::size_t> evidence{e.index};
            for (const auto& x : f.events)
                if (x.t_ns == at_t && x.source != "bench") evidence.insert(evidence.begin(), x.index);
            return fail("a secret value (" + e.name + ", " + str(at(e.data, {"form"})) + ") in the " + str(at(e.data, {"where"})), evidence);
        }
    return pass("no PIN, PIN block, track data or key in journal, receipts, screens or output");
}

Verdict inv_match(const Facts& f) {
    // A withdrawal reply that does not answer its request must not be acted on (no dispense after it).
    for (const HostMessage* req : f.requests(HostKind::Withdrawal)) {
        const HostMessage* rep = f.reply_to(*req);
        if (rep && !reply_unusable(f, *req, rep)) continue;
        if (!reply_unusable(f, *req, rep)) continue;
        auto d = commands_between(f, "CashDispenser.Dispense", req->t, next_request_after(f, req->t));
        if (!d.empty()) return fail("cash dispensed on a reply that does not match its request", {req->ev, d[0]->ev});
    }
    return pass();
}

}  // namespace atmbench::harness::rules
