// SensorsDevice: the sensors model and its service, with the operator's hands and the fault surface.
#include "atmbench/devices/sensors_device.hpp"

#include "atmbench/devices/sensors.hpp"
#include "atmbench/devices/sensors_service.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace atmbench::devices {

namespace json = boost::json;

namespace {

class SensorsDevice : public SimulatedDevice {
public:
    SensorsDevice() : service_(std::make_shared<SensorsService>(model_)) {
        model_.on_state_change([this](DeviceState) { service_->device_state_changed(); });
    }

    std::string id() const override { return "sensors"; }
    std::vector<std::shared_ptr<xfs4iot::Service>> services() override { return {service_}; }

    json::value act(const std::string& action, const json::object& args) override {
        if (action != "setSensor") throw ActionError("sensors: unknown action '" + action + "' (expected setSensor)");
        const json::value* sensor = args.if_contains("sensor");
        const json::value* state = args.if_contains("state");
        if (!sensor || !sensor->is_string() || !state || !state->is_string())
            throw ActionError("sensors.setSensor: expected {sensor: cardEntryGate|safeDoor|cabinetDoor|operatorSwitch, state: …}");
        bool changed = false;
        try {
            changed = model_.set(std::string(sensor->as_string()), std::string(state->as_string()));
        } catch (const std::invalid_argument& e) {
            throw ActionError(std::string("sensors.setSensor: ") + e.what());
        }
        if (changed) service_->sensors_changed({std::string(sensor->as_string())});
        return json::object{{"changed", changed}};
    }

    std::vector<ActionInfo> actions() const override {
        return {{"setSensor", "a sensor changes: {sensor: cardEntryGate|safeDoor|cabinetDoor|operatorSwitch, state: "
                              "ok|abnormal, closed|open, run|supervisor|maintenance}"}};
    }

    void inject_fault(const FaultSpec& spec) override {
        const auto& known = Sensors::fault_names();
        if (std::find(known.begin(), known.end(), spec.name) == known.end())
            throw ActionError("sensors: unknown fault '" + spec.name + "' (known: gateAbnormal, offline)");
        bool gate_was_ok = model_.states().at("cardEntryGate") == "ok";
        model_.inject_fault(spec);
        if (spec.name == "gateAbnormal" && gate_was_ok) service_->sensors_changed({"cardEntryGate"});
    }
    void clear_faults() override { service_->sensors_changed(model_.clear_faults()); }
    std::vector<std::string> fault_names() const override { return Sensors::fault_names(); }
    json::object physical_truth() const override { return model_.physical_truth(); }

private:
    Sensors model_;
    std::shared_ptr<SensorsService> service_;
};

}  // namespace

std::unique_ptr<SimulatedDevice> make_sensors_device() { return std::make_unique<SensorsDevice>(); }

}  // namespace atmbench::devices
