// The Auxiliaries suite: doors and switches (docs/references.md [XFS4IoT] §3 Auxiliaries): their state in
// Common.Status auxiliaries, a change announced by Common.StatusChangedEvent (2023-2+ has no Auxiliaries events),
// SetAuxiliaries.
#include "suites.hpp"

#include <boost/json.hpp>

namespace atmbench::certify::suites_detail {

namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

const char* kSuite = "Auxiliaries";

struct Sensor {
    const char* status;   // the 2024-03 Capabilities/Status name
    const char* control;  // the sensor's name for the bench's control endpoint (setSensor)
    const char* person;   // what a person is asked to open
};
// The doors the bench can have opened, first the one that is harmless to open.
const Sensor kDoors[] = {{"cabinetFrontDoor", "cabinetDoor", "the cabinet's front door"}, {"safeDoor", "safeDoor", "the safe door"}};

bool one_of(const std::string& s, std::initializer_list<const char*> values) {
    for (const char* v : values)
        if (s == v) return true;
    return false;
}

bool declared(const json::object* caps, const char* name) {
    const json::value* v = caps ? caps->if_contains(name) : nullptr;
    return v && ((v->is_bool() && v->as_bool()) || (v->is_object() && !v->as_object().empty()));
}

}  // namespace

void auxiliaries_suite(SuiteContext& ctx) {
    ServiceSession& s = ctx.session();
    const ServiceInfo& info = ctx.info();
    const json::object* caps = object_at(info.capabilities, {"auxiliaries"});

    ctx.check(kSuite, "AUX-STATUS", "Status has an auxiliaries block with each declared door and the operator switch in a 2024-03 state",
              "XFS4IoT 2024-03 §3 Auxiliaries (Common.Status auxiliaries)", [&](Check& c) {
                  Exchange st = s.call("Common.Status");
                  c.evidence(st);
                  if (!c.expect(st.code() == "success", st.summary())) return;
                  const json::object* aux = object_at(st.payload(), {"auxiliaries"});
                  if (!c.expect(aux != nullptr, "Common.Status has no auxiliaries block")) return;
                  int judged = 0;
                  for (const char* door : {"safeDoor", "cabinetFrontDoor", "cabinetRearDoor", "cabinetLeftDoor", "cabinetRightDoor"}) {
                      if (!declared(caps, door)) continue;
                      ++judged;
                      std::string v = text_at(*aux, {door});
                      c.expect(one_of(v, {"closed", "open", "locked", "bolted", "tampered"}),
                               std::string("auxiliaries.") + door + " is '" + v + "', not a 2024-03 door state");
                  }
                  if (declared(caps, "operatorSwitch")) {
                      ++judged;
                      std::string v = text_at(*aux, {"operatorSwitch"});
                      c.expect(one_of(v, {"run", "maintenance", "supervisor"}), "auxiliaries.operatorSwitch is '" + v + "', not run|maintenance|supervisor");
                  }
                  c.measure("judged", judged);
                  if (judged == 0) c.expect(!aux->empty(), "the auxiliaries block is empty");
              });

    ctx.check(kSuite, "AUX-DOOR-CHANGE", "A door opened and closed again: each change comes as a Common.StatusChangedEvent carrying the auxiliaries change, and Status shows it",
              "XFS4IoT 2024-03 §3 Auxiliaries (no events in 2023-2+: Common.StatusChangedEvent), Common.Status auxiliaries", [&](Check& c) {
                  const Sensor* door = nullptr;
                  for (const Sensor& d : kDoors)
                      if (!door && declared(caps, d.status)) door = &d;
                  if (!door) return c.skip("Capabilities declare no cabinetFrontDoor or safeDoor sensor");
                  Exchange before = s.call("Common.Status");
                  if (text_at(before.payload(), {"auxiliaries", door->status}) != "closed")
                      return c.skip(std::string(door->status) + " is not closed to begin with");
                  for (const char* state : {"open", "closed"}) {
                      std::size_t from = s.mark();
                      if (!c.act("setSensor", {{"sensor", door->control}, {"state", state}},
                                 std::string(state == std::string("open") ? "open " : "close ") + door->person, std::chrono::seconds(60)))
                          return;
                      auto ev = s.wait_unsolicited(from, "Common.StatusChangedEvent", milliseconds(5000));
                      std::string told = ev ? text_at(*ev, {"payload", "auxiliaries", door->status}) : "";
                      if (ev) c.evidence(*ev);
                      c.expect(told == state, std::string("no Common.StatusChangedEvent with auxiliaries.") + door->status + " " + state +
                                                  " within 5 s" + (ev ? ": " + json::serialize(*ev) : std::string()));
                      Exchange st = s.call("Common.Status");
                      std::string now = text_at(st.payload(), {"auxiliaries", door->status});
                      if (!c.expect(now == state, std::string("Common.Status auxiliaries.") + door->status + " is '" + now + "', expected " + state))
                          c.evidence(st);
                  }
              });

    ctx.check(kSuite, "AUX-SET-AUXILIARIES", "SetAuxiliaries bolting a declared door succeeds",
              "XFS4IoT 2024-03 §3 Auxiliaries.SetAuxiliaries", [&](Check& c) {
                  if (!info.has_command("Auxiliaries.SetAuxiliaries")) return c.skip("Auxiliaries.SetAuxiliaries not declared");
                  const Sensor* door = nullptr;
                  for (const Sensor& d : kDoors)
                      if (!door && declared(caps, d.status)) door = &d;
                  if (!door) return c.skip("Capabilities declare no door SetAuxiliaries could bolt");
                  Exchange ex = s.call("Auxiliaries.SetAuxiliaries", json::object{{door->status, "bolt"}});
                  c.evidence(ex);
                  c.expect(ex.code() == "success", std::string("SetAuxiliaries {") + door->status + ": bolt}: " + ex.summary());
              });
}

}  // namespace atmbench::certify::suites_detail
