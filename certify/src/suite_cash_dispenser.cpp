// The CashDispenser suite, with the CashManagement and Storage commands a dispenser needs (docs/references.md
// [XFS4IoT] §3 CashDispenser/CashManagement/Storage, §3.1 Denominate/Dispense, Present, Retract, GetStorage).
// What it judges is behaviour: a mix makes the amount, an impossible amount is refused, presented notes are announced
// and their taking reported, and above all that the units' counts add up — every note that left a cassette is
// accounted for, whether the customer took it, it was retracted or a jam stopped it.
#include "suites.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>

namespace atmbench::certify::suites_detail {

namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

const char* kSuite = "CashDispenser";

bool is_unit_status(const std::string& s) {
    for (const char* v : {"ok", "inoperative", "missing", "notConfigured", "manipulated"})
        if (s == v) return true;
    return false;
}

bool is_replenishment_status(const std::string& s) {
    for (const char* v : {"ok", "full", "high", "low", "empty"})
        if (s == v) return true;
    return false;
}

bool is_cash_out(const CashUnitCounts& u) { return u.cash_out; }
bool not_cash_out(const CashUnitCounts& u) { return !u.cash_out; }

// What the suite asks the dispenser for, from its own GetStorage: one note of the largest and one of the smallest
// denomination (an amount any conformant mix algorithm can make), and half the smallest note (one none can make).
struct Plan {
    std::string currency;
    double amount = 0;
    double impossible = 0;
    std::string why_not;  // non-empty: no dispensing is possible
};

Plan make_plan(ServiceSession& s, const ServiceInfo& info) {
    Plan p;
    if (text_at(info.status, {"common", "endToEndSecurity"}) == "enforced") {
        p.why_not = "the service enforces end-to-end security (Dispense needs a token the bench cannot make)";
        return p;
    }
    Exchange ex = s.call("Storage.GetStorage");
    if (ex.code() != "success") {
        p.why_not = "Storage.GetStorage did not succeed: " + ex.summary();
        return p;
    }
    std::vector<double> values;
    CashStorage units = cash_units(ex.payload());
    if (std::none_of(units.begin(), units.end(), [](const auto& u) { return u.second.cash_out; })) {
        p.why_not = "no storage unit has cash.configuration.types cashOut: the service declares CashDispenser without a unit to dispense from";
        return p;
    }
    for (const auto& [id, u] : units) {
        if (!u.cash_out || u.status != "ok" || u.value <= 0 || u.currency.empty() || (u.count && *u.count < 2)) continue;
        if (p.currency.empty()) p.currency = u.currency;
        if (u.currency == p.currency) values.push_back(u.value);
    }
    if (values.empty()) {
        p.why_not = "no usable cashOut unit reports its currency, value and notes";
        return p;
    }
    auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    p.amount = *lo == *hi ? 2 * *hi : *lo + *hi;
    p.impossible = *lo / 2;
    return p;
}

json::value money(double v) {
    if (v == std::floor(v)) return json::value(static_cast<std::int64_t>(v));
    return json::value(v);
}

json::object amount_request(const Plan& p, double amount) {
    return {{"denomination", json::object{{"currencies", json::object{{p.currency, money(amount)}}}}}};
}

// denomination.counts of a Denominate / Dispense completion or an IncompleteDispenseEvent payload: unit → notes.
std::map<std::string, std::int64_t> mix_of(const json::object& denomination) {
    std::map<std::string, std::int64_t> mix;
    const json::object* counts = object_at(denomination, {"counts"});
    if (!counts) counts = object_at(denomination, {"values"});  // the 2021-1 name
    if (counts)
        for (const auto& [id, n] : *counts)
            if (auto v = counts_total(n); v && *v > 0) mix[std::string(id)] = *v;
    return mix;
}

std::int64_t notes_in(const std::map<std::string, std::int64_t>& mix) {
    std::int64_t n = 0;
    for (const auto& [id, c] : mix) n += c;
    return n;
}

std::string mix_text(const std::map<std::string, std::int64_t>& mix) {
    json::object o;
    for (const auto& [id, n] : mix) o[id] = n;
    return json::serialize(o);
}

// denomination.currencies[currency] of a completion payload, -1 when absent.
double amount_in(const json::object& payload, const std::string& currency) {
    const json::object* cur = object_at(payload, {"denomination", "currencies"});
    const json::value* v = cur ? cur->if_contains(currency) : nullptr;
    return v && v->is_number() ? v->to_number<double>() : -1;
}

const json::object* payload_of(const json::object& message) {
    const json::value* p = message.if_contains("payload");
    return p && p->is_object() ? &p->as_object() : nullptr;
}

// A dispense of the plan's amount, presented to the customer.
struct Cycle {
    Exchange dispense;
    Exchange present;
    std::map<std::string, std::int64_t> mix;  // from the Dispense completion's denomination.counts
    std::int64_t notes = 0;
    std::size_t before_present = 0;
};

bool dispense(ServiceSession& s, Check& c, const Plan& p, Cycle& cy) {
    cy.dispense = s.call("CashDispenser.Dispense", amount_request(p, p.amount), {milliseconds(30000)});
    c.evidence(cy.dispense);
    if (!c.expect(cy.dispense.code() == "success", "Dispense " + p.currency + " " + json::serialize(money(p.amount)) + ": " +
                                                       cy.dispense.summary()))
        return false;
    const json::object* den = object_at(cy.dispense.payload(), {"denomination"});
    if (!c.expect(den != nullptr, "the Dispense completion has no denomination")) return false;
    cy.mix = mix_of(*den);
    cy.notes = notes_in(cy.mix);
    return c.expect(cy.notes > 0, "the Dispense completion's denomination.counts names no notes: " + json::serialize(*den));
}

bool dispense_and_present(ServiceSession& s, Check& c, const Plan& p, Cycle& cy) {
    if (!dispense(s, c, p, cy)) return false;
    cy.before_present = s.mark();
    cy.present = s.call("CashDispenser.Present", nullptr, {milliseconds(30000)});
    c.evidence(cy.present);
    return c.expect(cy.present.code() == "success", "Present after a Dispense: " + cy.present.summary());
}

// The customer takes the notes; the ItemsTakenEvent that follows, if any within 5 s.
std::optional<json::object> take_cash(ServiceSession& s, Check& c) {
    std::size_t from = s.mark();
    if (!c.act("takeCash", {}, "Take all the notes presented at the cash dispenser's output", std::chrono::seconds(60)))
        return std::nullopt;
    return s.wait_unsolicited(from, "CashManagement.ItemsTakenEvent", milliseconds(5000));
}

// The retract area the bench uses: the first the capabilities offer (2024-03 cashDispenser.retractAreas).
std::string retract_area(const ServiceInfo& info) {
    const json::object* areas = object_at(info.capabilities, {"cashDispenser", "retractAreas"});
    for (const char* a : {"retract", "reject", "transport", "stacker", "itemCassette", "cashIn"}) {
        const json::value* v = areas ? areas->if_contains(a) : nullptr;
        if (v && v->is_bool() && v->as_bool()) return a;
    }
    return areas ? "" : "retract";
}

}  // namespace

void cash_dispenser_suite(SuiteContext& ctx) {
    ServiceSession& s = ctx.session();
    const ServiceInfo& info = ctx.info();
    const Plan plan = make_plan(s, info);
    const std::string cite = "XFS4IoT 2024-03 §3.1 ";

    ctx.check(kSuite, "CDM-STORAGE-SHAPE", "GetStorage lists the cash units with a unit status, cash.configuration and cash.status counters; at least one is a cashOut unit",
              cite + "Storage.GetStorage (2.1 completion: storage.unitN.status, cash.configuration.types, cash.status in/out)", [&](Check& c) {
                  Exchange ex = s.call("Storage.GetStorage");
                  c.evidence(ex);
                  if (!c.expect(ex.code() == "success", ex.summary())) return;
                  const json::object* storage = object_at(ex.payload(), {"storage"});
                  if (!c.expect(storage && !storage->empty(), "payload.storage is not a non-empty object")) return;
                  int cash_out = 0, with_count = 0, cash = 0;
                  for (const auto& [id, v] : *storage) {
                      std::string unit(id);
                      if (!c.expect(v.is_object(), "storage." + unit + " is not an object")) continue;
                      const json::object& u = v.as_object();
                      c.expect(is_unit_status(text_at(u, {"status"})),
                               "storage." + unit + ".status '" + text_at(u, {"status"}) + "' is not a 2024-03 unit status");
                      if (!object_at(u, {"cash"})) continue;
                      ++cash;
                      const json::object* conf = object_at(u, {"cash", "configuration"});
                      const json::object* st = object_at(u, {"cash", "status"});
                      c.expect(conf && conf->if_contains("types"), "storage." + unit + ".cash.configuration.types is missing");
                      if (!c.expect(st != nullptr, "storage." + unit + ".cash.status is missing")) continue;
                      c.expect(object_at(*st, {"out"}) && object_at(*st, {"in"}),
                               "storage." + unit + ".cash.status lacks the out/in counters: " + json::serialize(*st));
                      for (const char* dir : {"out", "in"})
                          if (const json::object* o = object_at(*st, {dir}))
                              for (const auto& [k, n] : *o)
                                  c.expect(counts_total(n).has_value(), "storage." + unit + ".cash.status." + dir + "." +
                                                                            std::string(k) + " is not a counts object: " + json::serialize(n));
                      std::string rs = text_at(*st, {"replenishmentStatus"});
                      c.expect(rs.empty() || is_replenishment_status(rs),
                               "storage." + unit + ".cash.status.replenishmentStatus '" + rs + "' is not a 2024-03 value");
                      if (int_at(*st, {"count"})) ++with_count;
                  }
                  CashStorage units = cash_units(ex.payload());
                  for (const auto& [id, u] : units) cash_out += u.cash_out ? 1 : 0;
                  c.measure("cashUnits", cash);
                  c.measure("cashOutUnits", cash_out);
                  c.measure("unitsReportingCount", with_count);
                  // A dispenser whose units are all cash-in or retract units (a kiosk's acceptor behind a service
                  // that declares CashDispenser too) is not wrong in shape: the dispensing checks skip for it.
                  c.expect(cash > 0, "no unit has a cash block, yet the service declares CashDispenser");
              });

    ctx.check(kSuite, "CDM-DENOMINATE-MIX", "Denominate of an amount the units can make succeeds with a mix of cashOut units that makes exactly that amount",
              cite + "CashDispenser.Denominate (3.0)", [&](Check& c) {
                  if (!plan.why_not.empty()) return c.skip(plan.why_not);
                  Exchange ex = s.call("CashDispenser.Denominate", amount_request(plan, plan.amount));
                  c.evidence(ex);
                  c.measure("amount", money(plan.amount));
                  if (!c.expect(ex.code() == "success", "Denominate " + json::serialize(money(plan.amount)) + ": " + ex.summary())) return;
                  // The mix either under denomination or as the payload itself ({currencies, counts}).
                  const json::object* den = object_at(ex.payload(), {"denomination"});
                  if (!den && (object_at(ex.payload(), {"counts"}) || object_at(ex.payload(), {"values"}))) den = &ex.payload();
                  if (!c.expect(den != nullptr, "the completion has no denomination (counts of the mix)")) return;
                  auto mix = mix_of(*den);
                  c.expect(!mix.empty(), "the completion's mix names no notes: " + json::serialize(ex.payload()));
                  c.measure("mix", json::value_from(mix));
                  Exchange st = s.call("Storage.GetStorage");
                  CashStorage units = cash_units(st.payload());
                  double made = 0;
                  for (const auto& [id, n] : mix) {
                      auto u = units.find(id);
                      if (!c.expect(u != units.end() && u->second.cash_out, "the mix uses " + id + ", which is not a cashOut unit")) continue;
                      made += static_cast<double>(n) * u->second.value;
                      if (u->second.count) c.expect(n <= *u->second.count, "the mix takes " + std::to_string(n) + " notes from " + id +
                                                                                  ", which reports " + std::to_string(*u->second.count));
                  }
                  c.expect(std::fabs(made - plan.amount) < 1e-6, "the mix " + mix_text(mix) + " makes " + std::to_string(made) +
                                                                     ", not the amount asked " + std::to_string(plan.amount));
              });

    ctx.check(kSuite, "CDM-DENOMINATE-IMPOSSIBLE", "Denominate of an amount no combination of the notes makes completes commandErrorCode notDispensable",
              cite + "CashDispenser.Denominate (3.0), errorCode notDispensable", [&](Check& c) {
                  if (!plan.why_not.empty()) return c.skip(plan.why_not);
                  Exchange ex = s.call("CashDispenser.Denominate", amount_request(plan, plan.impossible));
                  c.evidence(ex);
                  c.measure("amount", money(plan.impossible));
                  std::string e = ex.error_code();
                  c.expect(ex.code() == "commandErrorCode" && (e == "notDispensable" || e == "amountNotInMixTable"),
                           "Denominate of " + json::serialize(money(plan.impossible)) + " " + plan.currency +
                               " (half the smallest note) should be notDispensable; got " + ex.summary());
              });

    ctx.check(kSuite, "CDM-PRESENT-NO-ITEMS", "Present with nothing dispensed completes commandErrorCode noItems",
              cite + "CashDispenser.Present, errorCode noItems", [&](Check& c) {
                  Exchange ex = s.call("CashDispenser.Present", nullptr, {milliseconds(15000)});
                  c.evidence(ex);
                  c.expect(ex.code() == "commandErrorCode" && ex.error_code() == "noItems",
                           "Present without a Dispense: " + ex.summary());
                  if (ex.code() == "success") cash_reset(ctx);
              });

    ctx.check(kSuite, "CDM-DISPENSE-PRESENT-TAKE", "Dispense, Present and the customer taking the notes: ItemsPresentedEvent, then ItemsTakenEvent (and shutter events where declared)",
              cite + "CashDispenser.Dispense (3.0), CashDispenser.Present; §3 CashManagement.ItemsPresentedEvent, ItemsTakenEvent, ShutterStatusChangedEvent", [&](Check& c) {
                  if (!plan.why_not.empty()) return c.skip(plan.why_not);
                  Cycle cy;
                  if (!dispense_and_present(s, c, plan, cy)) return cash_reset(ctx);
                  c.measure("startDispenseEvent", cy.dispense.has_event("CashDispenser.StartDispenseEvent"));
                  c.measure("notes", cy.notes);
                  double said = amount_in(cy.dispense.payload(), plan.currency);
                  c.expect(std::fabs(said - plan.amount) < 1e-6,
                           "the Dispense completion's denomination.currencies does not say " + plan.currency + " " +
                               json::serialize(money(plan.amount)) + ": " + json::serialize(cy.dispense.payload()));
                  const bool shutter_events = info.events.count("CashManagement.ShutterStatusChangedEvent") > 0;
                  if (info.events.count("CashManagement.ItemsPresentedEvent")) {
                      auto ev = s.wait_unsolicited(cy.before_present, "CashManagement.ItemsPresentedEvent", milliseconds(3000));
                      if (c.expect(ev.has_value(), "no CashManagement.ItemsPresentedEvent within 3 s of the Present")) c.evidence(*ev);
                  }
                  if (shutter_events) {
                      auto ev = s.wait_unsolicited(cy.before_present, "CashManagement.ShutterStatusChangedEvent", milliseconds(1000));
                      c.measure("shutterOpenedEvent", ev.has_value());
                      if (ev) {
                          c.evidence(*ev);
                          const json::object* p = payload_of(*ev);
                          c.expect(p && text_at(*p, {"shutter"}) == "open", "the first ShutterStatusChangedEvent after Present is not shutter open");
                      }
                  }
                  std::size_t before_take = s.mark();
                  auto taken = take_cash(s, c);
                  if (c.skipped()) return cash_reset(ctx);
                  if (c.expect(taken.has_value(), "no CashManagement.ItemsTakenEvent within 5 s of the customer taking the notes")) {
                      c.evidence(*taken);
                      const json::object* p = payload_of(*taken);
                      c.expect(p && !text_at(*p, {"position"}).empty(), "ItemsTakenEvent without a position: " + json::serialize(*taken));
                  }
                  if (shutter_events) {
                      auto closed = s.wait_unsolicited(before_take, "CashManagement.ShutterStatusChangedEvent", milliseconds(2000));
                      c.measure("shutterClosedEvent", closed.has_value());
                      if (closed) {
                          c.evidence(*closed);
                          const json::object* p = payload_of(*closed);
                          c.expect(p && text_at(*p, {"shutter"}) == "closed", "the ShutterStatusChangedEvent after the take is not shutter closed");
                      }
                  }
              });

    ctx.check(kSuite, "CDM-COUNTS-ADD-UP", "The notes that left the cashOut units equal the notes the Dispense reports, unit by unit, and their presented/distributed counters moved by as many",
              cite + "CashDispenser.Dispense (3.0) denomination; Storage.GetStorage cash.status.count, out.presented/distributed", [&](Check& c) {
                  if (!plan.why_not.empty()) return c.skip(plan.why_not);
                  auto before = read_cash_storage(s, c, "before the dispense");
                  if (!before) return;
                  Cycle cy;
                  if (!dispense_and_present(s, c, plan, cy)) return cash_reset(ctx);
                  take_cash(s, c);
                  if (c.skipped()) return cash_reset(ctx);
                  auto after = read_cash_storage(s, c, "after the customer took the notes");
                  if (!after) return;
                  json::object per_unit;
                  std::int64_t left = 0;
                  bool counts_reported = count_of(*before).has_value() && count_of(*after).has_value();
                  for (const auto& [id, b] : *before) {
                      auto a = after->find(id);
                      if (!c.expect(a != after->end(), id + " is gone from GetStorage after the dispense")) continue;
                      std::int64_t want = cy.mix.count(id) ? cy.mix.at(id) : 0;
                      std::int64_t dc = counts_reported ? *b.count - *a->second.count : 0;
                      std::int64_t dp = a->second.presented - b.presented, dd = a->second.distributed - b.distributed;
                      per_unit[id] = json::object{{"countBefore", b.count ? json::value(*b.count) : nullptr},
                                                  {"countAfter", a->second.count ? json::value(*a->second.count) : nullptr},
                                                  {"dispensed", want}, {"presentedDelta", dp}, {"distributedDelta", dd}};
                      if (b.cash_out) left += dc;
                      if (counts_reported)
                          c.expect(dc == want, id + ": count went from " + std::to_string(*b.count) + " to " + std::to_string(*a->second.count) +
                                                   ", but the Dispense reports " + std::to_string(want) + " notes from it");
                      // Each counter that counts these notes counts all of them: either moves by the notes dispensed
                      // or (a counter the service does not keep for this) not at all, and at least one moves.
                      c.expect(std::max(dp, dd) == want && (dp == 0 || dp == want) && (dd == 0 || dd == want),
                               id + ": out.presented moved by " + std::to_string(dp) + " and out.distributed by " + std::to_string(dd) +
                                   " for " + std::to_string(want) + " notes dispensed and taken");
                  }
                  c.measure("units", per_unit);
                  c.measure("notesDispensed", cy.notes);
                  if (!counts_reported) return;  // judged by the counters alone
                  c.measure("notesLeftCashOutUnits", left);
                  c.expect(left == cy.notes, std::to_string(left) + " notes left the cashOut units; the Dispense reports " +
                                                 std::to_string(cy.notes) + " " + mix_text(cy.mix));
              });

    ctx.check(kSuite, "CDM-PRESENT-STATUS", "GetPresentStatus after a Present says presented, with the dispensed denomination",
              cite + "CashDispenser.GetPresentStatus (presentState, denomination)", [&](Check& c) {
                  if (!plan.why_not.empty()) return c.skip(plan.why_not);
                  if (!info.has_command("CashDispenser.GetPresentStatus")) return c.skip("CashDispenser.GetPresentStatus not declared");
                  Cycle cy;
                  if (!dispense_and_present(s, c, plan, cy)) return cash_reset(ctx);
                  Exchange ex = s.call("CashDispenser.GetPresentStatus", json::object{{"position", "outDefault"}});
                  c.evidence(ex);
                  take_cash(s, c);
                  if (c.skipped()) return cash_reset(ctx);  // the notes are still out: retract them
                  if (!c.expect(ex.code() == "success", ex.summary())) return;
                  c.expect(text_at(ex.payload(), {"presentState"}) == "presented",
                           "presentState '" + text_at(ex.payload(), {"presentState"}) + "' after a successful Present");
                  if (const json::object* den = object_at(ex.payload(), {"denomination"}))
                      c.expect(mix_of(*den) == cy.mix, "GetPresentStatus denomination " + mix_text(mix_of(*den)) +
                                                           " is not what was dispensed " + mix_text(cy.mix));
              });

    ctx.check(kSuite, "CDM-RETRACT", "Retract of presented notes nobody took succeeds, the retract counters grow by the notes presented and no ItemsTakenEvent is sent",
              cite + "CashManagement.Retract; Storage.GetStorage cash.status.in.retracted", [&](Check& c) {
                  if (!plan.why_not.empty()) return c.skip(plan.why_not);
                  if (!info.has_command("CashManagement.Retract")) return c.skip("CashManagement.Retract not declared");
                  std::string area = retract_area(info);
                  if (area.empty()) return c.skip("capabilities cashDispenser.retractAreas offers no area");
                  auto before = read_cash_storage(s, c, "before the dispense");
                  if (!before) return;
                  Cycle cy;
                  if (!dispense_and_present(s, c, plan, cy)) return cash_reset(ctx);
                  json::object location{{"retractArea", area}};
                  if (area == "retract") location["index"] = 1;
                  Exchange ex = s.call("CashManagement.Retract", json::object{{"location", location}}, {milliseconds(30000)});
                  c.evidence(ex);
                  auto taken = s.wait_unsolicited(cy.before_present, "CashManagement.ItemsTakenEvent", milliseconds(1000));
                  c.measure("retractArea", json::value(area));
                  if (!c.expect(ex.code() == "success", "Retract to " + area + ": " + ex.summary())) return cash_reset(ctx);
                  if (!c.expect(!taken.has_value(), "ItemsTakenEvent although nobody took the notes (they were retracted)")) c.evidence(*taken);
                  auto after = read_cash_storage(s, c, "after the retract");
                  if (!after) return;
                  auto back = [](const CashStorage& st) { return total_of(st, &CashUnitCounts::retracted) + total_of(st, &CashUnitCounts::rejected_in); };
                  std::int64_t grew = back(*after) - back(*before);
                  c.measure("notesPresented", cy.notes);
                  c.measure("retractedDelta", grew);
                  c.expect(grew == cy.notes, "in.retracted (+ in.rejected) grew by " + std::to_string(grew) + " for " +
                                                 std::to_string(cy.notes) + " notes retracted");
                  auto cb = count_of(*before), ca = count_of(*after);
                  if (cb && ca)  // nothing left the device: what the cassettes lost, the retract unit holds
                      c.expect(*cb == *ca, "the units held " + std::to_string(*cb) + " notes before and " + std::to_string(*ca) +
                                               " after a dispense that was retracted");
              });

    ctx.check(kSuite, "CDM-JAM-COUNTS", "A jam during Dispense is reported (IncompleteDispenseEvent or cashUnitError) and no note is lost: what left the cassettes is reported and is held by the device after Reset",
              cite + "CashDispenser.Dispense (3.0) cashUnitError, §3 CashDispenser.IncompleteDispenseEvent (3.0); CashManagement.Reset; Storage.GetStorage", [&](Check& c) {
                  if (!plan.why_not.empty()) return c.skip(plan.why_not);
                  if (!info.has_command("CashManagement.Reset")) return c.skip("CashManagement.Reset not declared: a jammed dispenser cannot be recovered");
                  auto before = read_cash_storage(s, c, "before the jam");
                  if (!before) return;
                  if (!count_of(*before)) return c.skip("the units do not report cash.status.count");
                  if (!c.inject(json::object{{"name", "jam"}, {"at", "dispense"}, {"count", 1}},
                                "Make the next dispense jam after the first note (block the note path)"))
                      return;
                  Exchange ex = s.call("CashDispenser.Dispense", amount_request(plan, plan.amount), {milliseconds(30000)});
                  c.evidence(ex);
                  ctx.op().clear_faults(info.name);
                  auto incomplete = ex.events_named("CashDispenser.IncompleteDispenseEvent");
                  bool reported = !incomplete.empty() || (ex.code() == "commandErrorCode" && ex.error_code() == "cashUnitError");
                  c.measure("incompleteDispenseEvent", !incomplete.empty());
                  if (!c.expect(reported && ex.code() != "success",
                                "a dispense that jammed should end cashUnitError or send IncompleteDispenseEvent; got " + ex.summary()))
                      return cash_reset(ctx);
                  // What the service says left the units before the jam.
                  std::map<std::string, std::int64_t> moved;
                  if (!incomplete.empty()) {
                      if (const json::object* p = payload_of(*incomplete.back())) moved = mix_of(object_at(*p, {"denomination"}) ? *object_at(*p, {"denomination"}) : *p);
                  } else if (const json::object* den = object_at(ex.payload(), {"denomination"})) {
                      moved = mix_of(*den);
                  }
                  auto mid = read_cash_storage(s, c, "after the jam");
                  Exchange reset = s.call("CashManagement.Reset", nullptr, {milliseconds(30000)});
                  c.evidence(reset);
                  auto after = read_cash_storage(s, c, "after Reset");
                  if (!mid || !after) return;
                  std::int64_t reported_moved = notes_in(moved);
                  std::int64_t left = *count_of(*before, is_cash_out) - count_of(*mid, is_cash_out).value_or(0);
                  c.measure("notesReportedDispensed", reported_moved);
                  c.measure("notesLeftCashOutUnits", left);
                  c.expect(left == reported_moved, std::to_string(left) + " notes left the cashOut units, the service reports " +
                                                       std::to_string(reported_moved) + " " + mix_text(moved));
                  c.expect(reset.code() == "success", "Reset after the jam: " + reset.summary());
                  auto cb = count_of(*before), ca = count_of(*after);
                  c.expect(ca && *cb == *ca, "the units held " + std::to_string(*cb) + " notes before the jam and " +
                                                 (ca ? std::to_string(*ca) : std::string("no count")) +
                                                 " after Reset: notes vanished from the counts without reaching a customer");
                  c.measure("retainedByNonCashOut", count_of(*after, not_cash_out).value_or(0) - count_of(*before, not_cash_out).value_or(0));
              });
}

}  // namespace atmbench::certify::suites_detail
