// The TextTerminal suite: a text screen with a keyboard (docs/references.md [XFS4IoT] §3 TextTerminal): Write
// and ClearScreen, Read with the customer's keys (a KeyEvent per key, the input in the completion), GetKeyDetail.
#include "suites.hpp"

#include <boost/json.hpp>

namespace atmbench::certify::suites_detail {

namespace json = boost::json;
using std::chrono::milliseconds;

namespace {
const char* kSuite = "TextTerminal";
}  // namespace

void text_terminal_suite(SuiteContext& ctx) {
    ServiceSession& s = ctx.session();
    const ServiceInfo& info = ctx.info();

    ctx.check(kSuite, "TTU-WRITE-CLEAR", "Write of a text at an absolute position succeeds, then ClearScreen succeeds",
              "XFS4IoT 2024-03 §3 TextTerminal.Write, TextTerminal.ClearScreen", [&](Check& c) {
                  if (!info.has_command("TextTerminal.Write") || !info.has_command("TextTerminal.ClearScreen"))
                      return c.skip("TextTerminal.Write or TextTerminal.ClearScreen not declared");
                  Exchange w = s.call("TextTerminal.Write",
                                      json::object{{"mode", "absolute"}, {"posX", 0}, {"posY", 0}, {"text", "ATMBENCH"}});
                  c.evidence(w);
                  c.expect(w.code() == "success", "Write: " + w.summary());
                  Exchange clear = s.call("TextTerminal.ClearScreen");
                  c.evidence(clear);
                  c.expect(clear.code() == "success", "ClearScreen: " + clear.summary());
              });

    ctx.check(kSuite, "TTU-READ-KEYS", "Read of 3 digits with autoEnd: one TextTerminal.KeyEvent per key pressed, then success with the input typed",
              "XFS4IoT 2024-03 §3 TextTerminal.Read, TextTerminal.KeyEvent", [&](Check& c) {
                  if (!info.has_command("TextTerminal.Read")) return c.skip("TextTerminal.Read not declared");
                  json::object read{{"numOfChars", 3}, {"mode", "absolute"}, {"posX", 0}, {"posY", 0}, {"echoMode", "text"},
                                    {"autoEnd", true}, {"activeKeys", "0123456789"},
                                    {"commandKeys", json::object{{"enter", json::object{{"terminate", true}}}}}};
                  Exchange run = s.start("TextTerminal.Read", read);
                  if (!c.expect(run.accepted(), "Read: " + run.summary())) return;
                  if (!c.act("pressKeys", {{"keys", json::array{"1", "2", "3"}}}, "press the keys 1, 2, 3 on the terminal's keyboard",
                             std::chrono::seconds(60))) {
                      s.call("Common.Cancel", json::object{{"requestIds", json::array{run.request_id}}});
                      s.finish(run, milliseconds(3000));
                      return;
                  }
                  s.finish(run, milliseconds(5000));
                  c.evidence(run);
                  if (run.code().empty()) {
                      s.call("Common.Cancel", json::object{{"requestIds", json::array{run.request_id}}});
                      s.finish(run, milliseconds(3000));
                  }
                  c.expect(run.code() == "success", "Read after 3 of its 3 characters: " + run.summary());
                  std::string keys;
                  for (const auto* e : run.events_named("TextTerminal.KeyEvent")) {
                      const json::object* p = object_at(*e, {"payload"});
                      keys += p ? text_at(*p, {"key"}) : "";
                  }
                  c.expect(keys == "123", "KeyEvent keys '" + keys + "', expected one event each for 1, 2, 3");
                  c.expect(text_at(run.payload(), {"input"}) == "123",
                           "Read completion input '" + text_at(run.payload(), {"input"}) + "', expected 123");
              });

    ctx.check(kSuite, "TTU-KEY-DETAIL", "GetKeyDetail answers success with keys (a string of the character keys) and commandKeys (names)",
              "XFS4IoT 2024-03 §3 TextTerminal.GetKeyDetail", [&](Check& c) {
                  if (!info.has_command("TextTerminal.GetKeyDetail")) return c.skip("TextTerminal.GetKeyDetail not declared");
                  Exchange ex = s.call("TextTerminal.GetKeyDetail");
                  c.evidence(ex);
                  if (!c.expect(ex.code() == "success", ex.summary())) return;
                  const json::value* keys = ex.payload().if_contains("keys");
                  c.expect(keys && keys->is_string(), "payload.keys is not a string");
                  if (keys && keys->is_string()) {
                      std::string k(keys->as_string());
                      c.measure("keys", static_cast<std::int64_t>(k.size()));
                      // The Read check types digits: a terminal offering Read should list them.
                      c.expect(k.find_first_of("0123456789") != std::string::npos, "payload.keys '" + k + "' lists no digit");
                  }
                  if (const json::value* ck = ex.payload().if_contains("commandKeys"); ck && !ck->is_null()) {
                      bool names = ck->is_array();
                      if (names)
                          for (const auto& n : ck->as_array()) names = names && n.is_string() && !n.as_string().empty();
                      c.expect(names, "payload.commandKeys is not an array of key names: " + json::serialize(*ck));
                  }
              });
}

}  // namespace atmbench::certify::suites_detail
