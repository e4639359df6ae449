// The CashAcceptor suite (docs/references.md [XFS4IoT] §3 CashAcceptor, §3.1 CashAcceptor and Storage.GetStorage):
// a cash-in transaction from CashInStart to CashInEnd or CashInRollback with a customer inserting notes, judged by
// what the storage counts say afterwards — exactly the notes inserted deposited, nothing when they were given back —
// and by how the service refuses a note and a CashIn outside a transaction.
#include "suites.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace atmbench::certify::suites_detail {

namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

const char* kSuite = "CashAcceptor";

// 2024-03 CashAcceptor.InputRefuseEvent reasons.
bool is_refuse_reason(const std::string& r) {
    for (const char* v : {"cashInUnitFull", "invalidBill", "noBillsToDeposit", "depositFailure", "commonInputComponentFailure",
                          "stackerFull", "foreignItemsDetected", "invalidBunch", "counterfeit", "limitOverTotalItems",
                          "limitOverAmount"})
        if (r == v) return true;
    return false;
}

// What the customer inserts: notes of the largest denomination a cash-in unit declares (100 when none declares
// one), two at a time unless the acceptor takes fewer in one bunch.
struct Notes {
    std::string why_not;  // non-empty: no cash-in is possible
    double value = 100;
    std::string currency;  // "" = the device's own
    std::int64_t count = 2;
    json::object args(const char* note_class = nullptr, std::int64_t n = 0) const {
        json::object a{{"value", value}, {"count", n > 0 ? n : count}};
        if (!currency.empty()) a["currency"] = currency;
        if (note_class) a["class"] = note_class;
        return a;
    }
    std::string text() const {
        return std::to_string(count) + " note(s) of " + (currency.empty() ? std::string() : currency + " ") + (value == static_cast<double>(static_cast<std::int64_t>(value)) ? std::to_string(static_cast<std::int64_t>(value))
                                                                                  : json::serialize(json::value(value)));
    }
};

Notes make_notes(ServiceSession& s, const ServiceInfo& info) {
    Notes n;
    Exchange ex = s.call("Storage.GetStorage");
    double best = 0;
    CashStorage units = cash_units(ex.payload());
    if (ex.code() != "success") n.why_not = "Storage.GetStorage did not succeed: " + ex.summary();
    else if (std::none_of(units.begin(), units.end(), [](const auto& u) { return u.second.cash_in; }))
        n.why_not = "no storage unit has cash.configuration.types cashIn: the service declares CashAcceptor without a unit to take deposits";
    for (const auto& [id, u] : units)
        if (u.cash_in && u.value > best) {
            best = u.value;
            n.value = u.value;
            n.currency = u.currency;
        }
    if (auto max = int_at(info.capabilities, {"cashAcceptor", "maxCashInItems"}); max && *max > 0) n.count = std::min<std::int64_t>(n.count, *max);
    return n;
}

// CashInStart, then CashIn while the customer inserts `args` (an insertNotes). The CashIn exchange once it completed
// (or its bound passed); nullopt when the cash-in could not be started or the operator could not insert.
std::optional<Exchange> cash_in(ServiceSession& s, Check& c, const ServiceInfo& info, const json::object& args,
                                const std::string& prompt) {
    Exchange start = s.call("CashAcceptor.CashInStart", nullptr, {milliseconds(15000)});
    c.evidence(start);
    if (!c.expect(start.code() == "success", "CashInStart: " + start.summary())) return std::nullopt;
    Exchange in = s.start("CashAcceptor.CashIn");
    if (!c.expect(in.accepted(), "CashIn: " + in.summary())) return std::nullopt;
    bool ready = s.wait_event(in, "CashAcceptor.InsertItemsEvent", milliseconds(5000));
    if (info.events.count("CashAcceptor.InsertItemsEvent"))
        c.expect(ready && in.has_event("CashAcceptor.InsertItemsEvent"), "no CashAcceptor.InsertItemsEvent within 5 s of CashIn");
    if (!c.act("insertNotes", args, prompt, std::chrono::seconds(60))) {
        s.call("Common.Cancel", json::object{{"requestIds", json::array{in.request_id}}});
        s.finish(in, milliseconds(5000));
        return std::nullopt;
    }
    s.finish(in, milliseconds(20000));
    c.evidence(in);
    return in;
}

std::int64_t items_total(const json::object& payload, const char* key) {
    const json::value* v = payload.if_contains(key);
    return v ? counts_total(*v).value_or(-1) : -1;
}

// After a check that went wrong: the customer takes back what is at the output, the transaction ends, faults go.
void tidy(SuiteContext& ctx) {
    ctx.op().perform(OperatorAction{ctx.info().name, "takeRefused", {}, ""}, milliseconds(5000));
    cash_reset(ctx);
}

}  // namespace

void cash_acceptor_suite(SuiteContext& ctx) {
    ServiceSession& s = ctx.session();
    const ServiceInfo& info = ctx.info();
    const Notes notes = make_notes(s, info);
    const std::string cite = "XFS4IoT 2024-03 §3.1 ";

    ctx.check(kSuite, "CIM-NO-CASH-IN-ACTIVE", "CashIn outside a cash-in transaction completes commandErrorCode noCashInActive",
              cite + "CashAcceptor.CashIn, errorCode noCashInActive", [&](Check& c) {
                  Exchange ex = s.call("CashAcceptor.CashIn", nullptr, {milliseconds(5000)});
                  if (ex.code().empty()) {  // it waits for notes although no transaction was started
                      s.call("Common.Cancel", json::object{{"requestIds", json::array{ex.request_id}}});
                      s.finish(ex, milliseconds(3000));
                  }
                  c.evidence(ex);
                  c.expect(ex.code() == "commandErrorCode" && ex.error_code() == "noCashInActive",
                           "CashIn without CashInStart: " + ex.summary());
              });

    ctx.check(kSuite, "CIM-CASH-IN-END-COUNTS", "CashIn reports the notes inserted and CashInEnd deposits exactly them: storage deposited (and count) grow by the notes inserted",
              cite + "CashAcceptor.CashInStart, CashIn {items}, CashInEnd; Storage.GetStorage cash.status.in.deposited", [&](Check& c) {
                  if (!notes.why_not.empty()) return c.skip(notes.why_not);
                  auto before = read_cash_storage(s, c, "before the cash-in");
                  if (!before) return;
                  auto in = cash_in(s, c, info, notes.args(), "Insert " + notes.text() + " into the cash acceptor");
                  if (!in) return tidy(ctx);
                  c.measure("notesInserted", notes.count);
                  if (!c.expect(in->code() == "success", "CashIn: " + in->summary())) return tidy(ctx);
                  std::int64_t items = items_total(in->payload(), "items");
                  c.measure("itemsReported", items);
                  c.expect(items == notes.count, "CashIn reports " + std::to_string(items) + " items for " + notes.text() + " inserted");
                  Exchange end = s.call("CashAcceptor.CashInEnd", nullptr, {milliseconds(30000)});
                  c.evidence(end);
                  if (!c.expect(end.code() == "success", "CashInEnd: " + end.summary())) return tidy(ctx);
                  auto after = read_cash_storage(s, c, "after CashInEnd");
                  if (!after) return;
                  std::int64_t deposited = total_of(*after, &CashUnitCounts::deposited) - total_of(*before, &CashUnitCounts::deposited);
                  c.measure("depositedDelta", deposited);
                  c.expect(deposited == notes.count, "in.deposited grew by " + std::to_string(deposited) + " for " + notes.text() + " stored");
                  auto cb = count_of(*before), ca = count_of(*after);
                  if (cb && ca) {
                      c.measure("countDelta", *ca - *cb);
                      c.expect(*ca - *cb == notes.count, "the units' counts grew by " + std::to_string(*ca - *cb) + " for " +
                                                             notes.text() + " stored");
                  }
              });

    ctx.check(kSuite, "CIM-CASH-IN-STATUS", "GetCashInStatus says active during the cash-in and ok after CashInEnd, listing the notes taken in",
              cite + "CashAcceptor.GetCashInStatus (status, noteNumberList)", [&](Check& c) {
                  if (!notes.why_not.empty()) return c.skip(notes.why_not);
                  if (!info.has_command("CashAcceptor.GetCashInStatus")) return c.skip("CashAcceptor.GetCashInStatus not declared");
                  auto in = cash_in(s, c, info, notes.args(), "Insert " + notes.text() + " into the cash acceptor");
                  if (!in) return tidy(ctx);
                  if (!c.expect(in->code() == "success", "CashIn: " + in->summary())) return tidy(ctx);
                  Exchange during = s.call("CashAcceptor.GetCashInStatus");
                  c.evidence(during);
                  Exchange end = s.call("CashAcceptor.CashInEnd", nullptr, {milliseconds(30000)});
                  c.evidence(end);
                  Exchange ex = s.call("CashAcceptor.GetCashInStatus");
                  c.evidence(ex);
                  if (!c.expect(end.code() == "success", "CashInEnd: " + end.summary())) return tidy(ctx);
                  c.expect(text_at(during.payload(), {"status"}) == "active",
                           "status '" + text_at(during.payload(), {"status"}) + "' during the cash-in transaction: " + during.summary());
                  if (!c.expect(ex.code() == "success", ex.summary())) return;
                  c.expect(text_at(ex.payload(), {"status"}) == "ok", "status '" + text_at(ex.payload(), {"status"}) + "' after CashInEnd");
                  if (ex.payload().if_contains("noteNumberList")) {
                      std::int64_t listed = items_total(ex.payload(), "noteNumberList");
                      c.measure("notesListed", listed);
                      c.expect(listed == notes.count, "noteNumberList holds " + std::to_string(listed) + " notes for " + notes.text() + " stored");
                  }
              });

    ctx.check(kSuite, "CIM-ROLLBACK", "CashInRollback gives the notes back to the customer and the storage counts stay as they were",
              cite + "CashAcceptor.CashInRollback; Storage.GetStorage", [&](Check& c) {
                  if (!notes.why_not.empty()) return c.skip(notes.why_not);
                  if (!info.has_command("CashAcceptor.CashInRollback")) return c.skip("CashAcceptor.CashInRollback not declared");
                  auto before = read_cash_storage(s, c, "before the cash-in");
                  if (!before) return;
                  auto in = cash_in(s, c, info, notes.args(), "Insert " + notes.text() + " into the cash acceptor");
                  if (!in) return tidy(ctx);
                  if (!c.expect(in->code() == "success", "CashIn: " + in->summary())) return tidy(ctx);
                  Exchange back = s.call("CashAcceptor.CashInRollback", nullptr, {milliseconds(30000)});
                  c.evidence(back);
                  if (!c.expect(back.code() == "success", "CashInRollback: " + back.summary())) return tidy(ctx);
                  if (!c.act("takeRefused", {}, "Take back the notes the cash acceptor returned")) return tidy(ctx);
                  auto after = read_cash_storage(s, c, "after the rollback");
                  if (!after) return;
                  std::int64_t deposited = total_of(*after, &CashUnitCounts::deposited) - total_of(*before, &CashUnitCounts::deposited);
                  c.measure("depositedDelta", deposited);
                  c.expect(deposited == 0, "in.deposited grew by " + std::to_string(deposited) + " although the notes were given back");
                  auto cb = count_of(*before), ca = count_of(*after);
                  if (cb && ca)
                      c.expect(*ca == *cb, "the units' counts went from " + std::to_string(*cb) + " to " + std::to_string(*ca) +
                                               " although the notes were given back");
              });

    ctx.check(kSuite, "CIM-REFUSED-NOTE", "A note the acceptor cannot recognise is refused with CashAcceptor.InputRefuseEvent and a 2024-03 reason, and is not counted",
              cite + "CashAcceptor.CashIn; §3 CashAcceptor.InputRefuseEvent {reason}", [&](Check& c) {
                  if (!notes.why_not.empty()) return c.skip(notes.why_not);
                  auto before = read_cash_storage(s, c, "before the cash-in");
                  if (!before) return;
                  auto in = cash_in(s, c, info, notes.args("unrecognised", 1), "Insert one item that is not a banknote (a piece of paper the size of a note)");
                  if (!in) return tidy(ctx);
                  auto refused = in->events_named("CashAcceptor.InputRefuseEvent");
                  c.measure("completion", json::value(in->code() + (in->error_code().empty() ? "" : " " + in->error_code())));
                  if (c.expect(!refused.empty(), "no CashAcceptor.InputRefuseEvent for an unrecognisable item: " + in->summary())) {
                      const json::value* p = refused.front()->if_contains("payload");
                      std::string reason = p && p->is_object() ? text_at(p->as_object(), {"reason"}) : "";
                      c.measure("reason", json::value(reason));
                      c.expect(is_refuse_reason(reason), "InputRefuseEvent reason '" + reason + "' is not a 2024-03 reason");
                  }
                  if (in->code() == "success")
                      c.expect(items_total(in->payload(), "items") <= 0, "CashIn counts the refused item among its items: " + in->summary());
                  c.act("takeRefused", {}, "Take back the refused item");
                  // The transaction holds nothing: end it as an application would, Reset when the service insists.
                  Exchange end = s.call("CashAcceptor.CashInEnd", nullptr, {milliseconds(15000)});
                  if (end.code() != "success") cash_reset(ctx);
                  auto after = read_cash_storage(s, c, "after the refused item");
                  if (!after) return;
                  std::int64_t deposited = total_of(*after, &CashUnitCounts::deposited) - total_of(*before, &CashUnitCounts::deposited);
                  c.expect(deposited == 0, "in.deposited grew by " + std::to_string(deposited) + " for an item that was refused");
              });
}

}  // namespace atmbench::certify::suites_detail
