// LightsService: Lights.SetLight ↔ the Lights model; StatusChangedEvent for each change.
#include "devices/lights/lights_service.hpp"
#include "devices/service_support.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace json = boost::json;
using xfs4iot::CompletionCode;

LightsService::LightsService(Lights& model) : model_(model) {
    define_commands({{"Lights.SetLight", {"3.0", false}, "sets the named lights: {<light>: {flashRate, color, direction}}",
                      [this](const auto& cmd) { set_light(cmd); }}});
}

void LightsService::set_light(const std::shared_ptr<xfs4iot::Command>& cmd) {
    // 2024-03 SetLight: {<light>: {flashRate, color, direction}, …}.
    std::map<std::string, LightState> wanted;
    if (cmd->payload().is_object()) {
        for (const auto& kv : cmd->payload().as_object()) {
            if (!kv.value().is_object())
                return cmd->complete(CompletionCode::InvalidData, nullptr, "", std::string(kv.key()) + " must be an object");
            LightState s;
            for (const auto& f : kv.value().as_object()) {
                if (!f.value().is_string())
                    return cmd->complete(CompletionCode::InvalidData, nullptr, "", std::string(f.key()) + " must be a string");
                std::string v(f.value().as_string());
                if (f.key() == "flashRate") s.flash_rate = v;
                else if (f.key() == "color") s.color = v;
                else if (f.key() == "direction") s.direction = v;
            }
            wanted[std::string(kv.key())] = s;
        }
    }
    std::vector<std::string> changed;
    Outcome o = model_.set(wanted, changed);
    if (!o.ok()) return finish(*cmd, o);  // deviceNotReady, hardwareError or invalidData
    cmd->complete(CompletionCode::Success);
    if (!changed.empty()) {
        json::object lights;
        for (const auto& n : changed) lights[n] = model_.lights().at(n).to_json();
        status_changed({{"lights", std::move(lights)}});
    }
}

void LightsService::device_state_changed() {
    status_changed({{"common", json::object{{"device", to_string(model_.device_state())}}}});
}

json::object LightsService::status() const {
    json::object lights;
    for (const auto& [n, s] : model_.lights()) lights[n] = s.to_json();
    return {{"common", json::object{{"device", to_string(model_.device_state())}}}, {"lights", std::move(lights)}};
}

json::object LightsService::capabilities() const {
    json::object lights;
    for (const auto& [n, s] : model_.lights())
        lights[n] = json::object{{"flashRate", json::object{{"off", true}, {"slow", true}, {"medium", true},
                                                             {"quick", true}, {"continuous", true}}}};
    return {{"lights", std::move(lights)}};
}

}  // namespace atmbench::devices
