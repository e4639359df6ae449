// The CardReader suite: what a motorised card reader service must do with a card (docs/references.md [XFS4IoT]
// §3 CardReader, §3.1 CardReader.ReadRawData / Move, Storage.GetStorage, Common.Status cardReader.media). The
// customer's hands come from the operator: insertCard while a ReadRawData waits, takeCard at the exit.
#include "suites.hpp"

#include "atmbench/common/base64.hpp"

#include <boost/json.hpp>


namespace atmbench::certify::suites_detail {

namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

const char* kSuite = "CardReader";
// Cards of the bench's catalogue (fixtures/cards/test-cards.yaml); a person gets the prompt instead.
const char* kMagCard = "zhang-mag";    // tracks 1, 2 and 3, no chip
const char* kChipCard = "zhang-chip";  // track 2 and a chip
const char* kRetainCard = "wang-mag";  // magstripe; once retained it stays in the unit
const milliseconds kBound{5000};

bool is_track_status(const std::string& s) {
    for (const char* d : {"dataMissing", "dataInvalid", "dataTooLong", "dataTooShort", "dataSourceNotSupported", "dataSourceMissing"})
        if (s == d) return true;
    return false;
}

// One data source of a ReadRawData completion: {data: base64} or {status}. "" when well formed, else what is wrong.
std::string source_problem(const json::value* v, const std::string& name, bool want_data) {
    if (!v || !v->is_object()) return name + " asked for but not in the completion as an object";
    const json::object& o = v->as_object();
    std::string data = text_at(o, {"data"}), status = text_at(o, {"status"});
    if (!status.empty() && !is_track_status(status)) return name + ".status '" + status + "' is not a §3.1 data status";
    if (status.empty() && data.empty()) return name + " has neither data nor a status";
    if (!data.empty() && !base64_decode(data)) return name + ".data is not base64: " + data;
    if (want_data && data.empty()) return name + " of a card that has it was not read (status '" + status + "')";
    return "";
}

std::string media_of(const json::object& status_payload) { return text_at(status_payload, {"cardReader", "media"}); }

class CardSteps {
public:
    CardSteps(SuiteContext& ctx, Check& c) : s_(ctx.session()), c_(c) {}

    // ReadRawData `payload`; the operator inserts `card` while it waits. The exchange completed (or not, on a bound).
    Exchange read(const json::object& payload, const char* card, const std::string& what) {
        Exchange ex = s_.start("CardReader.ReadRawData", payload);
        if (!ex.accepted()) return ex;
        // InsertCardEvent is optional (§3.1 typical flow): wait for it briefly, it says the slot is open.
        s_.wait_event(ex, "CardReader.InsertCardEvent", milliseconds(1500));
        if (!c_.act("insertCard", {{"card", card}}, "insert " + what + " into the card reader", milliseconds(30000))) {
            cancel(ex);
            return ex;
        }
        s_.finish(ex, kBound);
        if (ex.code().empty()) cancel(ex);
        return ex;
    }

    void cancel(Exchange& ex) {
        s_.call("Common.Cancel", json::object{{"requestIds", json::array{ex.request_id}}});
        s_.finish(ex, milliseconds(3000));
    }

    // Move to the exit and the customer takes the card: the reader is empty again. Returns Move's exchange.
    Exchange eject_and_take() {
        Exchange mv = s_.call("CardReader.Move", json::object{{"from", "transport"}, {"to", "exit"}}, {kBound});
        if (mv.code() == "success") c_.act("takeCard", {}, "take the card from the card reader", milliseconds(30000));
        return mv;
    }

    // eject_and_take, expecting the Move to succeed (`what`: which card, for the finding).
    void give_back(const std::string& what) {
        Exchange mv = eject_and_take();
        c_.expect(mv.code() == "success", "Move to exit " + what + ": " + mv.summary());
    }

    std::string media() { return media_of(s_.call("Common.Status").payload()); }

private:
    ServiceSession& s_;
    Check& c_;
};

// The first storage unit of the card reader that retains cards (Storage.GetStorage storage.<unit>.card), its count.
struct RetainUnit {
    std::string id;
    std::int64_t count = 0;
    std::optional<std::int64_t> retain_count;
};
std::optional<RetainUnit> retain_unit(const Exchange& get, const std::string& want = "") {
    const json::object* storage = object_at(get.payload(), {"storage"});
    if (!storage) return std::nullopt;
    for (const auto& [key, u] : *storage) {
        if (!u.is_object()) continue;
        const json::object& unit = u.as_object();
        const json::object* card = object_at(unit, {"card"});
        if (!card) continue;
        if (want.empty() ? text_at(*card, {"capabilities", "type"}) != "retain" : std::string(key) != want) continue;
        RetainUnit r{std::string(key), int_at(*card, {"status", "count"}).value_or(-1), int_at(*card, {"status", "retainCount"})};
        return r;
    }
    return std::nullopt;
}

}  // namespace

void card_reader_suite(SuiteContext& ctx) {
    ServiceSession& s = ctx.session();
    const ServiceInfo& info = ctx.info();
    const bool can_read = info.has_command("CardReader.ReadRawData");
    const bool can_move = info.has_command("CardReader.Move");
    // The card checks need a read to take a card in and a Move to give it back.
    auto card_commands = [&](Check& c) {
        if (!can_read || !can_move) c.skip("CardReader.ReadRawData or CardReader.Move not declared");
        return can_read && can_move;
    };

    ctx.check(kSuite, "CARD-READ-MAGSTRIPE",
              "ReadRawData track1/2/3 + chip on a magstripe card: the card is waited for, MediaInsertedEvent precedes a success completion with every source asked for as {data (base64)} or {status}",
              "XFS4IoT 2024-03 §3.1 CardReader.ReadRawData (completion 3.0, per-source {status?, data}), §3 CardReader events", [&](Check& c) {
                  if (!card_commands(c)) return;
                  CardSteps steps(ctx, c);
                  Exchange ex = steps.read({{"track1", true}, {"track2", true}, {"track3", true}, {"chip", true}}, kMagCard,
                                           "a magnetic-stripe card with tracks 1, 2 and 3 and no chip");
                  c.evidence(ex);
                  if (c.skipped()) return;
                  if (!c.expect(ex.code() == "success", "ReadRawData of a magstripe card: " + ex.summary())) {
                      steps.eject_and_take();
                      return;
                  }
                  // Event order: (InsertCardEvent) → MediaInsertedEvent, all before the completion (they are solicited).
                  int inserted_at = -1, insert_at = -1;
                  for (std::size_t i = 0; i < ex.events.size(); ++i) {
                      std::string n = header_text(ex.events[i], "name");
                      if (n == "CardReader.MediaInsertedEvent" && inserted_at < 0) inserted_at = static_cast<int>(i);
                      if (n == "CardReader.InsertCardEvent" && insert_at < 0) insert_at = static_cast<int>(i);
                      c.expect(n != "CardReader.InvalidMediaEvent", "InvalidMediaEvent for a readable card");
                  }
                  c.expect(inserted_at >= 0, "no solicited CardReader.MediaInsertedEvent before the completion: " + ex.summary());
                  if (insert_at >= 0 && inserted_at >= 0)
                      c.expect(insert_at < inserted_at, "InsertCardEvent came after MediaInsertedEvent: " + ex.summary());
                  for (const char* t : {"track1", "track2", "track3"}) {
                      std::string p = source_problem(ex.payload().if_contains(t), t, true);
                      c.expect(p.empty(), p);
                  }
                  // chip on a card without one: an array (§3.1 "chip is an array of ATRs") whose entries say why not.
                  const json::value* chip = ex.payload().if_contains("chip");
                  if (c.expect(chip && chip->is_array(), "chip asked for but the completion has no chip array"))
                      for (const auto& a : chip->as_array()) {
                          std::string p = source_problem(&a, "chip[]", false);
                          c.expect(p.empty(), p);
                      }
                  steps.give_back("after the read");
              });

    ctx.check(kSuite, "CARD-READ-CHIP", "ReadRawData chip on a chip card gives chip as an array of ATRs, the first an ISO 7816-3 ATR in base64",
              "XFS4IoT 2024-03 §3.1 CardReader.ReadRawData (chip: array of ATRs)", [&](Check& c) {
                  if (!card_commands(c)) return;
                  CardSteps steps(ctx, c);
                  Exchange ex = steps.read({{"track2", true}, {"chip", true}}, kChipCard, "a chip card");
                  c.evidence(ex);
                  if (c.skipped()) return;
                  if (c.expect(ex.code() == "success", "ReadRawData of a chip card: " + ex.summary())) {
                      const json::value* chip = ex.payload().if_contains("chip");
                      bool arr = chip && chip->is_array() && !chip->as_array().empty() && chip->as_array()[0].is_object();
                      if (c.expect(arr, "chip is not a non-empty array of objects: " + (chip ? json::serialize(*chip) : std::string("absent")))) {
                          auto atr = base64_decode(text_at(chip->as_array()[0].as_object(), {"data"}));
                          if (c.expect(atr && atr->size() >= 2, "chip[0].data is not a base64 ATR: " + json::serialize(chip->as_array()[0]))) {
                              // TS, the first ATR byte: 3B direct or 3F inverse convention (ISO 7816-3 §8.1).
                              unsigned char ts = static_cast<unsigned char>((*atr)[0]);
                              c.expect(ts == 0x3B || ts == 0x3F, "chip[0] does not start with an ATR's TS byte (3B/3F): " + to_hex(*atr));
                              c.measure("atr", json::value(to_hex(*atr)));
                          }
                      }
                  }
                  steps.give_back("after the read");
              });

    ctx.check(kSuite, "CARD-EJECT-REMOVED", "Move to exit, then the customer takes the card: unsolicited MediaRemovedEvent and Status media notPresent",
              "XFS4IoT 2024-03 §3.1 CardReader.Move, §3 CardReader.MediaRemovedEvent (the card-taken signal)", [&](Check& c) {
                  if (!card_commands(c)) return;
                  CardSteps steps(ctx, c);
                  Exchange ex = steps.read({{"track2", true}}, kMagCard, "a magnetic-stripe card");
                  if (c.skipped()) return;
                  c.expect(ex.code() == "success", "ReadRawData: " + ex.summary());
                  Exchange mv = s.call("CardReader.Move", json::object{{"from", "transport"}, {"to", "exit"}}, {kBound});
                  c.evidence(mv);
                  if (!c.expect(mv.code() == "success", "Move to exit: " + mv.summary())) return;
                  std::size_t from = s.mark();
                  if (!c.act("takeCard", {}, "take the card from the card reader", milliseconds(30000))) return;
                  auto removed = s.wait_unsolicited(from, "CardReader.MediaRemovedEvent", milliseconds(3000));
                  if (removed) c.evidence(*removed);
                  c.expect(removed.has_value(), "no unsolicited CardReader.MediaRemovedEvent within 3 s of the card being taken");
                  std::string media = steps.media();
                  c.expect(media == "notPresent", "Status cardReader.media '" + media + "' after the card was taken");
              });

    ctx.check(kSuite, "CARD-RETAIN-COUNT", "Move to a retain unit: success, and that unit's count in Storage.GetStorage rises by exactly one (no silent loss of cards)",
              "XFS4IoT 2024-03 §3.1 CardReader.Move (to <storage unit id>), Storage.GetStorage (card.status.count)", [&](Check& c) {
                  if (!card_commands(c)) return;
                  if (!info.has_command("Storage.GetStorage")) return c.skip("Storage.GetStorage not declared: no retain unit to move to");
                  Exchange before = s.call("Storage.GetStorage");
                  c.evidence(before);
                  auto unit = retain_unit(before);
                  if (!unit) return c.skip("GetStorage lists no storage unit with card.capabilities.type retain");
                  if (!c.expect(unit->count >= 0, "retain unit " + unit->id + " has no card.status.count")) return;
                  CardSteps steps(ctx, c);
                  Exchange ex = steps.read({{"track2", true}}, kRetainCard, "a magnetic-stripe card (it will be retained)");
                  if (c.skipped()) return;
                  c.expect(ex.code() == "success", "ReadRawData: " + ex.summary());
                  Exchange mv = s.call("CardReader.Move", json::object{{"from", "transport"}, {"to", unit->id}}, {kBound});
                  c.evidence(mv);
                  if (!c.expect(mv.code() == "success", "Move to " + unit->id + ": " + mv.summary())) {
                      steps.eject_and_take();
                      return;
                  }
                  Exchange after = s.call("Storage.GetStorage");
                  c.evidence(after);
                  auto now = retain_unit(after, unit->id);
                  if (!c.expect(now.has_value(), "GetStorage no longer lists " + unit->id)) return;
                  c.measure("countBefore", unit->count);
                  c.measure("countAfter", now->count);
                  c.expect(now->count == unit->count + 1, unit->id + " count " + std::to_string(unit->count) + " → " +
                                                              std::to_string(now->count) + " after retaining one card");
                  if (unit->retain_count && now->retain_count)
                      c.expect(*now->retain_count == *unit->retain_count + 1,
                               unit->id + " retainCount " + std::to_string(*unit->retain_count) + " → " + std::to_string(*now->retain_count));
                  std::string media = steps.media();
                  c.expect(media == "notPresent", "Status cardReader.media '" + media + "' with the card in the retain unit");
              });

    ctx.check(kSuite, "CARD-STATUS-MEDIA", "Common.Status cardReader.media follows the card (notPresent → present → notPresent), each change announced by Common.StatusChangedEvent",
              "XFS4IoT 2024-03 §3 Common.Status / Common.StatusChangedEvent (3.0), cardReader.media", [&](Check& c) {
                  if (!card_commands(c)) return;
                  CardSteps steps(ctx, c);
                  std::string empty = steps.media();
                  c.expect(empty == "notPresent", "Status cardReader.media '" + empty + "' with no card in the reader");
                  // A StatusChangedEvent whose payload says cardReader.media is `want`.
                  auto changed_to = [&](std::size_t from, const std::string& want) {
                      auto m = s.wire().wait(s.connection(), from, [&](const WireMessage& w) {
                          auto msg = parse_message(w.text);
                          return msg && header_text(*msg, "type") == "unsolicited" && header_text(*msg, "name") == "Common.StatusChangedEvent" &&
                                 msg->if_contains("payload") && msg->at("payload").is_object() && media_of(msg->at("payload").as_object()) == want;
                      }, milliseconds(3000));
                      if (m) c.evidence(*parse_message(m->text));
                      return m.has_value();
                  };
                  std::size_t from = s.mark();
                  Exchange ex = steps.read({{"track2", true}}, kMagCard, "a magnetic-stripe card");
                  if (c.skipped()) return;
                  c.expect(ex.code() == "success", "ReadRawData: " + ex.summary());
                  c.expect(changed_to(from, "present"), "no Common.StatusChangedEvent with cardReader.media present after the card went in");
                  std::string in = steps.media();
                  c.expect(in == "present", "Status cardReader.media '" + in + "' with a card read and held in the reader");
                  from = s.mark();
                  Exchange mv = steps.eject_and_take();
                  c.expect(mv.code() == "success", "Move to exit: " + mv.summary());
                  if (c.skipped()) return;
                  c.expect(changed_to(from, "notPresent"), "no Common.StatusChangedEvent with cardReader.media notPresent after the card was taken");
                  std::string out = steps.media();
                  c.expect(out == "notPresent", "Status cardReader.media '" + out + "' after the card was taken");
              });

    ctx.check(kSuite, "CARD-READ-CANCEL", "ReadRawData with no card, cancelled: completes canceled with no card events, media stays notPresent, and the next read works",
              "XFS4IoT 2024-03 §2 Common.Cancel, §3.1 CardReader.ReadRawData", [&](Check& c) {
                  if (!card_commands(c)) return;
                  CardSteps steps(ctx, c);
                  Exchange run = s.start("CardReader.ReadRawData", json::object{{"track2", true}});
                  if (!c.expect(run.accepted(), "ReadRawData: " + run.summary())) return;
                  s.wait_event(run, "CardReader.InsertCardEvent", milliseconds(1500));
                  steps.cancel(run);
                  c.evidence(run);
                  c.expect(run.code() == "canceled", "ReadRawData after Cancel: " + run.summary());
                  c.expect(!run.has_event("CardReader.MediaInsertedEvent"), "MediaInsertedEvent with no card inserted: " + run.summary());
                  std::string media = steps.media();
                  c.expect(media == "notPresent", "Status cardReader.media '" + media + "' after a cancelled read with no card");
                  // The reader is not left stuck: a new read takes a card.
                  Exchange again = steps.read({{"track2", true}}, kMagCard, "a magnetic-stripe card");
                  c.evidence(again);
                  if (c.skipped()) return;
                  c.expect(again.code() == "success", "the read after a cancelled one: " + again.summary());
                  steps.eject_and_take();
              });

    ctx.check(kSuite, "CARD-INVALID-MEDIA", "A card with nothing readable: InvalidMediaEvent and commandErrorCode invalidMedia (or every source with a status), and the card can be ejected",
              "XFS4IoT 2024-03 §3.1 CardReader.ReadRawData (errorCode invalidMedia), §3 CardReader.InvalidMediaEvent", [&](Check& c) {
                  if (!card_commands(c)) return;
                  CardSteps steps(ctx, c);
                  Exchange ex = steps.read({{"track1", true}, {"track2", true}, {"track3", true}}, "blank", "a blank card (no stripe data, no chip)");
                  c.evidence(ex);
                  if (c.skipped()) return;
                  bool refused = ex.code() == "commandErrorCode" && ex.error_code() == "invalidMedia";
                  bool all_status = ex.code() == "success";
                  for (const char* t : {"track1", "track2", "track3"})
                      all_status = all_status && !text_at(ex.payload(), {t, "status"}).empty() && text_at(ex.payload(), {t, "data"}).empty();
                  c.expect(refused || all_status, "a blank card read as: " + ex.summary());
                  if (refused) c.expect(ex.has_event("CardReader.InvalidMediaEvent"), "invalidMedia without an InvalidMediaEvent: " + ex.summary());
                  steps.give_back("of the unreadable card");
              });

    ctx.check(kSuite, "CARD-JAM-READ", "A card that jams during the read: commandErrorCode mediaJam and Status cardReader.media jammed; Reset frees it",
              "XFS4IoT 2024-03 §3.1 CardReader.ReadRawData (errorCode mediaJam), CardReader.Reset, Common.Status cardReader.media", [&](Check& c) {
                  if (!can_read || !info.has_command("CardReader.Reset")) return c.skip("CardReader.ReadRawData or CardReader.Reset not declared");
                  if (!c.inject({{"name", "cardJam"}, {"at", "read"}}, "make the next card jam inside the reader while it is read")) return;
                  CardSteps steps(ctx, c);
                  Exchange ex = steps.read({{"track2", true}}, kMagCard, "a magnetic-stripe card (it will jam)");
                  ctx.op().clear_faults(info.name);
                  c.evidence(ex);
                  if (c.skipped()) return;
                  c.expect(ex.code() == "commandErrorCode" && ex.error_code() == "mediaJam", "a read that jammed: " + ex.summary());
                  std::string media = steps.media();
                  c.expect(media == "jammed", "Status cardReader.media '" + media + "' with the card jammed");
                  Exchange reset = s.call("CardReader.Reset", json::object{{"to", "exit"}}, {kBound});
                  c.evidence(reset);
                  c.expect(reset.code() == "success", "Reset to exit of a jammed card: " + reset.summary());
                  if (reset.code() == "success") {
                      if (steps.media() != "notPresent") c.act("takeCard", {}, "take the card from the card reader", milliseconds(30000));
                      std::string after = steps.media();
                      c.expect(after == "notPresent", "Status cardReader.media '" + after + "' after Reset and the card taken");
                  }
              });
}

}  // namespace atmbench::certify::suites_detail
