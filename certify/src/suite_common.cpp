// The Common suite: what every XFS4IoT service must do whatever its device class (docs/references.md [XFS4IoT]
// §2 envelope, acknowledge, requestId, Cancel, header timeout, SetVersions; §3 Common.Status/Capabilities 2024-03).
#include "suites.hpp"

#include "atmbench/certify/spec.hpp"

#include <boost/json.hpp>

namespace atmbench::certify::suites_detail {

namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

const char* kSuite = "Common";

bool is_device_state(const std::string& s) {
    for (const char* d : {"online", "offline", "powerOff", "noDevice", "hardwareError", "userError", "deviceBusy",
                          "fraudAttempt", "potentialFraud", "starting"})
        if (s == d) return true;
    return false;
}

std::string raw_command(const std::string& name, const json::value& id, const std::string& version = "2.0") {
    return json::serialize(json::object{
        {"header", json::object{{"type", "command"}, {"name", name}, {"requestId", id}, {"version", version}}},
        {"payload", nullptr}});
}

}  // namespace

void common_suite(SuiteContext& ctx) {
    ServiceSession& s = ctx.session();
    const ServiceInfo& info = ctx.info();

    ctx.check(kSuite, "COMMON-CAPABILITIES", "Capabilities answers the 2024-03 shape: interfaces[] with commands/events and their versions, and the common block",
              "XFS4IoT 2024-03 §2 Common.Capabilities (3.0), §3 Common", [&](Check& c) {
                  Exchange ex = s.call("Common.Capabilities");
                  c.evidence(ex);
                  if (!c.expect(ex.code() == "success", ex.summary())) return;
                  const json::value* interfaces = ex.payload().if_contains("interfaces");
                  if (!c.expect(interfaces && interfaces->is_array() && !interfaces->as_array().empty(),
                                "payload.interfaces is not a non-empty array")) return;
                  for (const auto& i : interfaces->as_array()) {
                      const json::object* io = i.is_object() ? &i.as_object() : nullptr;
                      std::string name = io ? text_at(*io, {"name"}) : "";
                      if (!c.expect(!name.empty(), "an interfaces[] entry without a name: " + json::serialize(i))) continue;
                      const json::object* cmds = object_at(*io, {"commands"});
                      if (!cmds) continue;
                      for (const auto& [cmd, d] : *cmds) {
                          const json::value* v = d.is_object() ? d.as_object().if_contains("versions") : nullptr;
                          c.expect(v && v->is_array() && !v->as_array().empty(),
                                   name + " command " + std::string(cmd) + " declares no versions[]");
                      }
                  }
                  const json::object* common = object_at(ex.payload(), {"common"});
                  if (!c.expect(common != nullptr, "no common block (2024-03 Common.Capabilities 3.0: serviceVersion, deviceInformation)")) return;
                  c.expect(!text_at(*common, {"serviceVersion"}).empty(), "common.serviceVersion is missing");
                  const json::value* di = common->if_contains("deviceInformation");
                  c.expect(di && di->is_array() && !di->as_array().empty() && di->as_array()[0].is_object(),
                           "common.deviceInformation is not a non-empty array of objects");
                  if (di && di->is_array() && !di->as_array().empty() && di->as_array()[0].is_object())
                      c.measure("modelName", json::value(text_at(di->as_array()[0].as_object(), {"modelName"})));
              });

    ctx.check(kSuite, "COMMON-DECLARED-VERSIONS", "Every command declared in Capabilities is offered at its 2024-03 version",
              "XFS4IoT 2024-03 §0 Per-message versions", [&](Check& c) {
                  int known = 0;
                  const json::value* interfaces = info.capabilities.if_contains("interfaces");
                  if (!c.expect(interfaces && interfaces->is_array(), "Capabilities has no interfaces[]")) return;
                  for (const auto& i : interfaces->as_array()) {
                      const json::object* cmds = i.is_object() ? object_at(i.as_object(), {"commands"}) : nullptr;
                      if (!cmds) continue;
                      for (const auto& [cmd, d] : *cmds) {
                          auto v = spec::command_versions(cmd);
                          if (!v) continue;
                          ++known;
                          const json::value* vs = d.is_object() ? d.as_object().if_contains("versions") : nullptr;
                          bool has = false;
                          if (vs && vs->is_array())
                              for (const auto& x : vs->as_array()) has = has || (x.is_string() && spec::major_of(x.as_string()) == spec::major_of(v->command));
                          c.expect(has, std::string(cmd) + " declares " + (vs ? json::serialize(*vs) : "no versions") +
                                            ", without its 2024-03 version " + v->command);
                      }
                  }
                  c.measure("commandsJudged", known);
              });

    ctx.check(kSuite, "COMMON-STATUS", "Status answers success with common.device one of the 2024-03 device states",
              "XFS4IoT 2024-03 §3 Common (Common.Status 3.0, common.device)", [&](Check& c) {
                  Exchange ex = s.call("Common.Status");
                  c.evidence(ex);
                  if (!c.expect(ex.code() == "success", ex.summary())) return;
                  std::string device = text_at(ex.payload(), {"common", "device"});
                  c.expect(is_device_state(device), "common.device is '" + device + "', not a 2024-03 device state");
                  c.measure("device", json::value(device));
              });

    ctx.check(kSuite, "COMMON-UNSUPPORTED-COMMAND", "A command the service does not have completes unsupportedCommand",
              "XFS4IoT 2024-03 §2 header.completionCode (unsupportedCommand)", [&](Check& c) {
                  Exchange ex = s.call("Common.NoSuchCommandAtmbench");
                  c.evidence(ex);
                  c.expect(ex.accepted() && ex.code() == "unsupportedCommand",
                           "expected an accepted command completing unsupportedCommand; got " + ex.summary());
              });

    ctx.check(kSuite, "COMMON-INVALID-MESSAGE", "Text that is not a JSON command is acknowledged invalidMessage and nothing follows",
              "XFS4IoT 2024-03 §2 Acknowledge status invalidMessage", [&](Check& c) {
                  std::size_t from = s.mark();
                  s.send_raw("{\"header\": {\"type\": \"command\", \"name\": ", 0);
                  auto ack = s.wait_message(from, "acknowledge", "", 0, milliseconds(3000));
                  if (!c.expect(ack.has_value(), "no acknowledge within 3 s for a message that is not JSON")) return;
                  c.evidence(*ack);
                  c.expect(header_text(*ack, "status") == "invalidMessage",
                           "acknowledge status '" + header_text(*ack, "status") + "', expected invalidMessage");
              });

    ctx.check(kSuite, "COMMON-REQUEST-ID-INVALID", "A requestId that is 0 or not an integer is acknowledged invalidRequestID (or invalidMessage) and not run",
              "XFS4IoT 2024-03 §2 header.requestId (>0), acknowledge invalidRequestID", [&](Check& c) {
                  for (const json::value& bad : {json::value(0), json::value("seven")}) {
                      std::size_t from = s.mark();
                      s.send_raw(raw_command("Common.Status", bad), 0);
                      auto ack = s.wait_message(from, "acknowledge", "", 0, milliseconds(3000));
                      if (!c.expect(ack.has_value(), "no acknowledge for requestId " + json::serialize(bad))) continue;
                      c.evidence(*ack);
                      std::string st = header_text(*ack, "status");
                      c.expect(st == "invalidRequestID" || st == "invalidMessage",
                               "requestId " + json::serialize(bad) + " acknowledged with status '" + st + "'");
                      // Nothing else follows a rejection: give a completion time to show up.
                      auto late = s.wait_message(from, "completion", "Common.Status", 0, milliseconds(300));
                      c.expect(!late, "a completion followed the rejected command with requestId " + json::serialize(bad));
                  }
              });

    auto waiting = waiting_command(info);

    ctx.check(kSuite, "COMMON-CANCEL", "Common.Cancel of a running command: Cancel succeeds and the command completes canceled",
              "XFS4IoT 2024-03 §2 Common.Cancel", [&](Check& c) {
                  if (!waiting) return c.skip("the service has no command that waits for a customer to cancel");
                  Exchange run = s.start(waiting->name, waiting->payload);
                  if (!c.expect(run.accepted(), waiting->name + ": " + run.summary())) return;
                  Exchange cancel = s.call("Common.Cancel", json::object{{"requestIds", json::array{run.request_id}}});
                  s.finish(run, milliseconds(5000));
                  c.evidence(cancel);
                  c.evidence(run);
                  c.expect(cancel.code() == "success", "Cancel: " + cancel.summary());
                  c.expect(run.code() == "canceled", waiting->name + " after Cancel: " + run.summary());
              });

    ctx.check(kSuite, "COMMON-CANCEL-NO-MATCH", "Cancel naming no outstanding command completes commandErrorCode noMatchingRequestIDs",
              "XFS4IoT 2024-03 §2 Common.Cancel (noMatchingRequestIDs)", [&](Check& c) {
                  Exchange ex = s.call("Common.Cancel", json::object{{"requestIds", json::array{987654}}});
                  c.evidence(ex);
                  c.expect(ex.code() == "commandErrorCode" && ex.error_code() == "noMatchingRequestIDs",
                           "expected commandErrorCode noMatchingRequestIDs; got " + ex.summary());
              });

    ctx.check(kSuite, "COMMON-REQUEST-ID-DUPLICATE", "A requestId still outstanding on the connection is acknowledged invalidRequestID; the first command runs on",
              "XFS4IoT 2024-03 §2 header.requestId (unique among outstanding), acknowledge invalidRequestID", [&](Check& c) {
                  if (!waiting) return c.skip("the service has no command that stays outstanding long enough");
                  Exchange run = s.start(waiting->name, waiting->payload);
                  if (!c.expect(run.accepted(), waiting->name + ": " + run.summary())) return;
                  std::size_t from = s.mark();
                  s.send_raw(raw_command("Common.Status", run.request_id, "2.0"), run.request_id);
                  auto ack = s.wait_message(from, "acknowledge", "Common.Status", run.request_id, milliseconds(3000));
                  Exchange cancel = s.call("Common.Cancel", json::object{{"requestIds", json::array{run.request_id}}});
                  s.finish(run, milliseconds(5000));
                  c.evidence(run);
                  if (!c.expect(ack.has_value(), "no acknowledge for the duplicate requestId " + std::to_string(run.request_id))) return;
                  c.evidence(*ack);
                  c.expect(header_text(*ack, "status") == "invalidRequestID",
                           "duplicate requestId acknowledged with status '" + header_text(*ack, "status") + "'");
                  c.expect(run.code() == "canceled", "the first command did not run on until its Cancel: " + run.summary());
              });

    ctx.check(kSuite, "COMMON-HEADER-TIMEOUT", "A command with header.timeout that is not done in time completes timeOut",
              "XFS4IoT 2024-03 §2 header.timeout", [&](Check& c) {
                  if (!waiting) return c.skip("the service has no command that waits long enough to time out");
                  auto t0 = std::chrono::steady_clock::now();
                  Exchange ex = s.call(waiting->name, waiting->payload, {milliseconds(5000), 400});
                  auto ms = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - t0).count();
                  c.evidence(ex);
                  c.measure("completedAfterMs", ms);
                  c.expect(ex.code() == "timeOut", "timeout 400 ms: " + ex.summary());
                  c.expect(ms >= 350, "completed after " + std::to_string(ms) + " ms, before its 400 ms timeout");
                  if (ex.code().empty()) {
                      Exchange cancel = s.call("Common.Cancel", json::object{{"requestIds", json::array{ex.request_id}}});
                      s.finish(ex, milliseconds(3000));
                  }
              });

    ctx.check(kSuite, "COMMON-SET-VERSIONS", "SetVersions picks a declared major for this connection; an undeclared one is invalidData and changes nothing",
              "XFS4IoT 2024-03 §2 Common.SetVersions", [&](Check& c) {
                  Exchange bad = s.call("Common.SetVersions", json::object{{"commands", json::object{{"Common.Status", 99}}}});
                  c.evidence(bad);
                  c.expect(bad.code() == "invalidData", "SetVersions to major 99: " + bad.summary());
                  Exchange after_bad = s.call("Common.Status");
                  c.expect(after_bad.version() == "3.0", "after a refused SetVersions, Common.Status completes as '" + after_bad.version() + "'");
                  // The older major, when the service declares one (Common.Status 2.0 of 2023-2).
                  bool offers_two = false;
                  const json::value* interfaces = info.capabilities.if_contains("interfaces");
                  if (interfaces && interfaces->is_array())
                      for (const auto& i : interfaces->as_array())
                          if (const json::object* v = i.is_object() ? object_at(i.as_object(), {"commands", "Common.Status"}) : nullptr)
                              if (const json::value* vs = v->if_contains("versions"); vs && vs->is_array())
                                  for (const auto& x : vs->as_array()) offers_two = offers_two || (x.is_string() && spec::major_of(x.as_string()) == 2);
                  if (!offers_two) return;
                  ServiceSession other = ctx.second_connection();
                  Exchange set = other.call("Common.SetVersions", json::object{{"commands", json::object{{"Common.Status", 2}}}});
                  Exchange old = other.call("Common.Status");
                  Exchange here = s.call("Common.Status");
                  c.evidence(set);
                  c.evidence(here);
                  c.expect(set.code() == "success", "SetVersions Common.Status 2: " + set.summary());
                  c.expect(spec::major_of(old.version()) == 2, "after SetVersions 2, Common.Status completes as '" + old.version() + "'");
                  c.expect(here.version() == "3.0", "another connection's SetVersions changed this one's Common.Status to '" + here.version() + "'");
                  other.wire().close(other.connection());
              });

    ctx.check(kSuite, "COMMON-TRANSACTION-STATE", "SetTransactionState is read back by GetTransactionState",
              "XFS4IoT 2024-03 §2 Common.SetTransactionState", [&](Check& c) {
                  if (!info.has_command("Common.SetTransactionState")) return c.skip("Common.SetTransactionState not declared");
                  Exchange set = s.call("Common.SetTransactionState", json::object{{"state", "active"}, {"transactionID", "atmbench-cert"}});
                  Exchange get = s.call("Common.GetTransactionState");
                  Exchange clear = s.call("Common.SetTransactionState", json::object{{"state", "inactive"}});
                  c.evidence(set);
                  c.evidence(get);
                  c.expect(set.code() == "success", set.summary());
                  c.expect(text_at(get.payload(), {"state"}) == "active", "GetTransactionState state '" + text_at(get.payload(), {"state"}) + "'");
                  c.expect(text_at(get.payload(), {"transactionID"}) == "atmbench-cert", "GetTransactionState transactionID '" + text_at(get.payload(), {"transactionID"}) + "'");
                  c.expect(clear.code() == "success", clear.summary());
              });
}

}  // namespace atmbench::certify::suites_detail
