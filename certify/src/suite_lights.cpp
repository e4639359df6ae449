// The Lights suite: guidance lights (docs/references.md [XFS4IoT] §3 Lights): SetLight (3.0) of each light the
// Capabilities declare, read back in Common.Status and announced by Common.StatusChangedEvent; an unknown light.
#include "suites.hpp"

#include <boost/json.hpp>

namespace atmbench::certify::suites_detail {

namespace json = boost::json;
using std::chrono::milliseconds;

namespace {
const char* kSuite = "Lights";
}  // namespace

void lights_suite(SuiteContext& ctx) {
    ServiceSession& s = ctx.session();
    const ServiceInfo& info = ctx.info();

    // 2024-03 Capabilities lights: {<light>: {flashRate: {off, slow, medium, quick, continuous}, color, direction}}.
    const json::object* declared = object_at(info.capabilities, {"lights"});

    ctx.check(kSuite, "LGT-SET-LIGHT", "SetLight of each declared light to slow, continuous and off succeeds; Status and StatusChangedEvent report the flashRate",
              "XFS4IoT 2024-03 §3 Lights.SetLight (3.0), Common.Status lights, Common.StatusChangedEvent", [&](Check& c) {
                  if (!info.has_command("Lights.SetLight")) return c.skip("Lights.SetLight not declared");
                  if (!declared || declared->empty()) return c.skip("Capabilities declare no lights");
                  int set = 0;
                  Exchange before = s.call("Common.Status");
                  for (const auto& [name_sv, caps] : *declared) {
                      std::string name(name_sv);
                      for (const char* rate : {"slow", "continuous", "off"}) {
                          const json::object* rates = caps.is_object() ? object_at(caps.as_object(), {"flashRate"}) : nullptr;
                          if (rates) {
                              const json::value* r = rates->if_contains(rate);
                              if (!r || !r->is_bool() || !r->as_bool()) continue;  // not declared for this light
                          }
                          std::size_t from = s.mark();
                          Exchange ex = s.call("Lights.SetLight", json::object{{name, json::object{{"flashRate", rate}}}});
                          c.evidence(ex);
                          if (!c.expect(ex.code() == "success", "SetLight " + name + " " + rate + ": " + ex.summary())) continue;
                          ++set;
                          Exchange st = s.call("Common.Status");
                          std::string now = text_at(st.payload(), {"lights", name.c_str(), "flashRate"});
                          if (!c.expect(now == rate, "after SetLight " + name + " " + rate + " Common.Status lights." + name +
                                                         ".flashRate is '" + now + "'"))
                              c.evidence(st);
                          // A change of state is announced (slow, unless the light was slow already).
                          if (std::string(rate) == "slow" && text_at(before.payload(), {"lights", name.c_str(), "flashRate"}) != rate) {
                              auto ev = s.wait_unsolicited(from, "Common.StatusChangedEvent", milliseconds(2000));
                              std::string told = ev ? text_at(*ev, {"payload", "lights", name.c_str(), "flashRate"}) : "";
                              if (!c.expect(told == rate, "no Common.StatusChangedEvent with lights." + name + ".flashRate " + rate +
                                                              " within 2 s" + (ev ? ": " + json::serialize(*ev) : std::string())))
                                  continue;
                          }
                      }
                  }
                  c.measure("lightsSet", set);
              });

    ctx.check(kSuite, "LGT-UNKNOWN-LIGHT", "SetLight of a light the service does not have completes invalidData or unsupportedData",
              "XFS4IoT 2024-03 §3 Lights.SetLight (3.0), §2 completionCode invalidData/unsupportedData", [&](Check& c) {
                  if (!info.has_command("Lights.SetLight")) return c.skip("Lights.SetLight not declared");
                  Exchange ex = s.call("Lights.SetLight", json::object{{"atmbenchNoSuchLight", json::object{{"flashRate", "slow"}}}});
                  c.evidence(ex);
                  c.expect(ex.code() == "invalidData" || ex.code() == "unsupportedData",
                           "expected invalidData or unsupportedData; got " + ex.summary());
              });
}

}  // namespace atmbench::certify::suites_detail
