// SensorsDevice: the sensors model and its service, with the operator's hands and the fault surface.
#include "devices/sensors/sensors_device.hpp"

#include "devices/sensors/sensors.hpp"
#include "devices/sensors/sensors_service.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace atmbench::devices {

namespace json = boost::json;

namespace {

class SensorsDevice : public SimulatedDevice {
public:
    SensorsDevice() : service_(std::make_shared<SensorsService>(model_)) {
        model_.on_state_change([this](DeviceState) { service_->device_state_changed(); });
        define_actions({
            {"setSensor",
             {{"sensor", ArgType::text, true, "cardEntryGate|safeDoor|cabinetDoor|operatorSwitch"},
              {"state", ArgType::text, true, "ok|abnormal, closed|open, run|supervisor|maintenance"}},
             "a sensor changes", [this](const json::object& args) { return set_sensor(args); }},
        });
    }

    std::string id() const override { return "sensors"; }
    std::vector<std::shared_ptr<WireFace>> wire_faces() override { return {service_}; }

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
    json::value set_sensor(const json::object& args) {
        std::string sensor(args.at("sensor").as_string()), state(args.at("state").as_string());
        bool changed = false;
        try {
            changed = model_.set(sensor, state);
        } catch (const std::invalid_argument& e) {
            throw ActionError(std::string("sensors.setSensor: ") + e.what());
        }
        if (changed) service_->sensors_changed({sensor});
        return json::object{{"changed", changed}};
    }

    Sensors model_;
    std::shared_ptr<SensorsService> service_;
};

}  // namespace

std::unique_ptr<SimulatedDevice> make_sensors_device() { return std::make_unique<SensorsDevice>(); }

}  // namespace atmbench::devices
