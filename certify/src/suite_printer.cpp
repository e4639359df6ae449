// The Printer suite: a receipt printer's behaviour (docs/references.md [XFS4IoT] §3 Printer, §3.1
// Printer.PrintForm/PrintRaw): form and media lists, printing with a cut, presenting and the customer taking the
// receipt (MediaPresentedEvent, unsolicited MediaTakenEvent), Common.Status printer.media/paper, paper out, Reset.
#include "suites.hpp"

#include "atmbench/common/base64.hpp"

#include <boost/json.hpp>

namespace atmbench::certify::suites_detail {

namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

const char* kSuite = "Printer";

bool one_of(const std::string& s, std::initializer_list<const char*> values) {
    for (const char* v : values)
        if (s == v) return true;
    return false;
}

// 2024-03 Common.Status printer.media and printer.paper.<source>.
bool is_media_state(const std::string& s) {
    return one_of(s, {"unknown", "present", "notPresent", "jammed", "entering", "retracted", "notSupported"});
}
bool is_paper_state(const std::string& s) { return one_of(s, {"notSupported", "unknown", "full", "low", "out", "jammed"}); }

json::object print_raw_payload(const std::string& text) {
    return {{"inputData", "no"}, {"data", base64_encode(std::string_view(text))}};
}

// A list completion field that must be an array of non-empty strings ("" when it is, else what is wrong).
std::string list_problem(const json::object& payload, const char* field) {
    const json::value* v = payload.if_contains(field);
    if (!v || !v->is_array()) return std::string("payload.") + field + " is not an array";
    for (const auto& e : v->as_array())
        if (!e.is_string() || e.as_string().empty()) return std::string("payload.") + field + " holds " + json::serialize(e) + ", not a name";
    return "";
}

}  // namespace

void printer_suite(SuiteContext& ctx) {
    ServiceSession& s = ctx.session();
    const ServiceInfo& info = ctx.info();
    const std::string service = info.name;

    auto status = [&] { return s.call("Common.Status"); };
    auto media_of = [](const Exchange& st) { return text_at(st.payload(), {"printer", "media"}); };
    auto paper_of = [](const Exchange& st) { return text_at(st.payload(), {"printer", "paper", "upper"}); };
    // What a person or the control endpoint does to tidy up, not part of any check's verdict.
    auto tidy = [&](const std::string& action, json::object args) {
        ctx.op().perform(OperatorAction{service, action, std::move(args), ""}, milliseconds(5000));
    };

    ctx.check(kSuite, "PTR-STATUS", "Status has a printer block: media one of the 2024-03 media states, paper.upper one of the paper states",
              "XFS4IoT 2024-03 §3 Printer (Common.Status printer.media, printer.paper)", [&](Check& c) {
                  Exchange st = status();
                  c.evidence(st);
                  if (!c.expect(st.code() == "success", st.summary())) return;
                  if (!c.expect(object_at(st.payload(), {"printer"}) != nullptr, "Common.Status has no printer block")) return;
                  c.expect(is_media_state(media_of(st)), "printer.media is '" + media_of(st) + "', not a 2024-03 media state");
                  c.expect(is_paper_state(paper_of(st)), "printer.paper.upper is '" + paper_of(st) + "', not a 2024-03 paper state");
                  c.measure("media", json::value(media_of(st)));
                  c.measure("paper", json::value(paper_of(st)));
              });

    std::string form_name;
    ctx.check(kSuite, "PTR-FORM-LIST", "GetFormList answers success with formList, an array of form names",
              "XFS4IoT 2024-03 §3 Printer.GetFormList", [&](Check& c) {
                  if (!info.has_command("Printer.GetFormList")) return c.skip("Printer.GetFormList not declared");
                  Exchange ex = s.call("Printer.GetFormList");
                  c.evidence(ex);
                  if (!c.expect(ex.code() == "success", ex.summary())) return;
                  std::string problem = list_problem(ex.payload(), "formList");
                  if (!c.expect(problem.empty(), problem)) return;
                  const json::array& forms = ex.payload().at("formList").as_array();
                  c.measure("forms", static_cast<std::int64_t>(forms.size()));
                  if (!forms.empty()) form_name = std::string(forms[0].as_string());
              });

    ctx.check(kSuite, "PTR-MEDIA-LIST", "GetMediaList answers success with mediaList, an array of media names",
              "XFS4IoT 2024-03 §3 Printer.GetMediaList", [&](Check& c) {
                  if (!info.has_command("Printer.GetMediaList")) return c.skip("Printer.GetMediaList not declared");
                  Exchange ex = s.call("Printer.GetMediaList");
                  c.evidence(ex);
                  if (!c.expect(ex.code() == "success", ex.summary())) return;
                  std::string problem = list_problem(ex.payload(), "mediaList");
                  c.expect(problem.empty(), problem);
              });

    ctx.check(kSuite, "PTR-FORM-NOT-FOUND", "PrintForm of a form the service does not have completes commandErrorCode formNotFound",
              "XFS4IoT 2024-03 §3.1 Printer.PrintForm (errorCode formNotFound)", [&](Check& c) {
                  if (!info.has_command("Printer.PrintForm")) return c.skip("Printer.PrintForm not declared");
                  Exchange ex = s.call("Printer.PrintForm", json::object{{"formName", "atmbenchNoSuchForm"}});
                  c.evidence(ex);
                  c.expect(ex.code() == "commandErrorCode" && ex.error_code() == "formNotFound",
                           "expected commandErrorCode formNotFound; got " + ex.summary());
              });

    ctx.check(kSuite, "PTR-PRINT-RAW-CUT", "PrintRaw then ControlMedia cut: both succeed and the cut receipt is in the printer (media present)",
              "XFS4IoT 2024-03 §3.1 Printer.PrintRaw {inputData, data}, §3 Printer.ControlMedia (mediaControl cut)", [&](Check& c) {
                  if (!info.has_command("Printer.PrintRaw") || !info.has_command("Printer.ControlMedia"))
                      return c.skip("Printer.PrintRaw or Printer.ControlMedia not declared");
                  Exchange print = s.call("Printer.PrintRaw", print_raw_payload("ATMBENCH CERTIFY\nPrintRaw line 2\n"));
                  c.evidence(print);
                  if (!c.expect(print.code() == "success", "PrintRaw: " + print.summary())) return;
                  Exchange cut = s.call("Printer.ControlMedia", json::object{{"mediaControl", json::object{{"cut", true}}}});
                  c.evidence(cut);
                  if (!c.expect(cut.code() == "success", "ControlMedia cut: " + cut.summary())) return;
                  Exchange st = status();
                  c.evidence(st);
                  c.expect(media_of(st) == "present", "after a cut without eject printer.media is '" + media_of(st) + "', expected present");
              });

    bool presented = false;
    ctx.check(kSuite, "PTR-PRINT-FORM-PRESENT", "PrintForm with mediaControl cut+eject succeeds with a MediaPresentedEvent; the receipt is at the exit (media entering)",
              "XFS4IoT 2024-03 §3.1 Printer.PrintForm (mediaControl), §3 Printer.MediaPresentedEvent", [&](Check& c) {
                  if (!info.has_command("Printer.PrintForm")) return c.skip("Printer.PrintForm not declared");
                  if (form_name.empty()) return c.skip("GetFormList named no form to print");
                  json::object fields{{"title", "ATMBENCH CERTIFY"}, {"amount", "100.00"}};
                  Exchange ex = s.call("Printer.PrintForm",
                                       json::object{{"formName", form_name}, {"fields", fields},
                                                    {"mediaControl", json::object{{"cut", true}, {"eject", true}}}});
                  c.evidence(ex);
                  if (!c.expect(ex.code() == "success", "PrintForm " + form_name + ": " + ex.summary())) return;
                  auto ev = ex.events_named("Printer.MediaPresentedEvent");
                  c.expect(!ev.empty(), "no Printer.MediaPresentedEvent before the completion of an ejecting PrintForm");
                  for (const auto* e : ev) {
                      const json::object* p = object_at(*e, {"payload"});
                      std::int64_t wad = p ? int_at(*p, {"wadIndex"}).value_or(0) : 0;
                      std::int64_t total = p ? int_at(*p, {"totalWads"}).value_or(0) : 0;
                      c.expect(wad >= 1 && wad <= total,
                               "MediaPresentedEvent payload " + (p ? json::serialize(*p) : std::string("null")) + " lacks wadIndex 1..totalWads");
                  }
                  Exchange st = status();
                  c.evidence(st);
                  c.expect(media_of(st) == "entering", "with the receipt at the exit printer.media is '" + media_of(st) + "', expected entering");
                  presented = !ev.empty();
              });

    ctx.check(kSuite, "PTR-MEDIA-TAKEN", "The customer takes the presented receipt: an unsolicited Printer.MediaTakenEvent, then media notPresent",
              "XFS4IoT 2024-03 §3 Printer.MediaTakenEvent (unsolicited)", [&](Check& c) {
                  if (!presented) return c.skip("no receipt was presented (PTR-PRINT-FORM-PRESENT)");
                  std::size_t from = s.mark();
                  if (!c.act("takeReceipt", {}, "take the receipt from the printer's exit slot", std::chrono::seconds(60))) return;
                  auto taken = s.wait_unsolicited(from, "Printer.MediaTakenEvent", milliseconds(5000));
                  if (!c.expect(taken.has_value(), "no unsolicited Printer.MediaTakenEvent within 5 s of the receipt being taken")) return;
                  c.evidence(*taken);
                  Exchange st = status();
                  c.evidence(st);
                  c.expect(media_of(st) == "notPresent", "after the receipt was taken printer.media is '" + media_of(st) + "', expected notPresent");
              });

    ctx.check(kSuite, "PTR-PAPER-OUT", "With the paper run out, printing completes commandErrorCode paperOut and Status paper.upper is out; loaded again, it prints",
              "XFS4IoT 2024-03 §3.1 Printer.PrintForm/PrintRaw (errorCode paperOut), Common.Status printer.paper", [&](Check& c) {
                  if (!info.has_command("Printer.PrintRaw")) return c.skip("Printer.PrintRaw not declared");
                  // A simulated ESC/POS mechanism runs out through its own paper end; the simulated roll through
                  // paperOut. Only one of them applies to the device behind the service.
                  OperatorAnswer mech = ctx.op().inject(
                      OperatorFault{service, json::object{{"name", "mechanismPaperEnd"}, {"count", 0}}, ""}, milliseconds(5000));
                  if (mech.done()) {
                      c.measure("fault", json::string("mechanismPaperEnd"));
                  } else {
                      if (!c.inject({{"name", "paperOut"}, {"at", "print"}, {"count", 0}}, "take the paper roll out of the printer",
                                    std::chrono::seconds(60)))
                          return;
                      c.measure("fault", json::string("paperOut"));
                  }
                  Exchange ex = s.call("Printer.PrintRaw", print_raw_payload("ATMBENCH paper out\n"));
                  Exchange st = status();
                  c.evidence(ex);
                  c.evidence(st);
                  c.expect(ex.code() == "commandErrorCode" && ex.error_code() == "paperOut",
                           "PrintRaw without paper: expected commandErrorCode paperOut; got " + ex.summary());
                  c.expect(paper_of(st) == "out", "without paper printer.paper.upper is '" + paper_of(st) + "', expected out");
                  // Clean again: faults cleared, a roll loaded; the printer must print again.
                  ctx.op().clear_faults(service);
                  tidy("loadPaper", {});
                  Exchange again = s.call("Printer.PrintRaw", print_raw_payload("ATMBENCH paper loaded\n"));
                  c.evidence(again);
                  c.expect(again.code() == "success", "after the paper was loaded PrintRaw: " + again.summary());
                  Exchange st2 = status();
                  c.evidence(st2);
                  c.expect(paper_of(st2) == "full" || paper_of(st2) == "low",
                           "after the paper was loaded printer.paper.upper is '" + paper_of(st2) + "'");
                  if (again.code() == "success" && info.has_command("Printer.ControlMedia")) {
                      Exchange out = s.call("Printer.ControlMedia", json::object{{"mediaControl", json::object{{"cut", true}, {"eject", true}}}});
                      if (out.code() == "success") tidy("takeReceipt", {});
                  }
              });

    ctx.check(kSuite, "PTR-RESET", "Reset succeeds and leaves the device online",
              "XFS4IoT 2024-03 §3 Printer.Reset (3.0)", [&](Check& c) {
                  if (!info.has_command("Printer.Reset")) return c.skip("Printer.Reset not declared");
                  Exchange ex = s.call("Printer.Reset", nullptr, {milliseconds(15000)});
                  c.evidence(ex);
                  if (!c.expect(ex.code() == "success", ex.summary())) return;
                  Exchange st = status();
                  c.evidence(st);
                  c.expect(text_at(st.payload(), {"common", "device"}) == "online",
                           "after Reset common.device is '" + text_at(st.payload(), {"common", "device"}) + "'");
              });
}

}  // namespace atmbench::certify::suites_detail
