// SensorsService: Auxiliaries status and SetAuxiliaries ↔ the Sensors model.
#include "devices/sensors/sensors_service.hpp"
#include "devices/service_support.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace json = boost::json;
using xfs4iot::CompletionCode;

SensorsService::SensorsService(Sensors& model) : model_(model) {
    define_commands({{"Auxiliaries.SetAuxiliaries", {}, "records what the application asked of the auxiliaries",
                      [this](const auto& cmd) { set_auxiliaries(cmd); }}});
}

void SensorsService::set_auxiliaries(const std::shared_ptr<xfs4iot::Command>& cmd) {
    if (auto refused = model_.admit("setAuxiliaries")) return finish(*cmd, *refused);
    model_.record_request(cmd->payload().is_object() ? cmd->payload().as_object() : json::object{});
    cmd->complete(CompletionCode::Success);
}

void SensorsService::sensors_changed(const std::vector<std::string>& sensors) {
    if (sensors.empty()) return;
    json::object part;
    for (const auto& s : sensors) part[Sensors::status_name(s)] = model_.states().at(s);
    status_changed({{"auxiliaries", std::move(part)}});
}

void SensorsService::device_state_changed() {
    status_changed({{"common", json::object{{"device", to_string(model_.device_state())}}}});
}

json::object SensorsService::status() const {
    return {{"common", json::object{{"device", to_string(model_.device_state())}}}, {"auxiliaries", model_.status_part()}};
}

json::object SensorsService::capabilities() const {
    return {{"auxiliaries", json::object{{"operatorSwitch", json::object{{"run", true}, {"maintenance", true}, {"supervisor", true}}},
                                         {"safeDoor", true},
                                         {"cabinetFrontDoor", true},
                                         {"cardEntryGate", true}}}};
}

}  // namespace atmbench::devices
