// LightsDevice: the lights model and its service, with the fault surface.
#include "devices/lights/lights_device.hpp"

#include "devices/lights/lights.hpp"
#include "devices/lights/lights_service.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace atmbench::devices {

namespace json = boost::json;

namespace {

class LightsDevice : public SimulatedDevice {
public:
    LightsDevice() : service_(std::make_shared<LightsService>(model_)) {
        model_.on_state_change([this](DeviceState) { service_->device_state_changed(); });
    }

    std::string id() const override { return "lights"; }
    std::vector<std::shared_ptr<WireFace>> wire_faces() override { return {service_}; }

    void inject_fault(const FaultSpec& spec) override {
        const auto& known = Lights::fault_names();
        if (std::find(known.begin(), known.end(), spec.name) == known.end())
            throw ActionError("lights: unknown fault '" + spec.name + "' (known: hardwareError, offline)");
        model_.inject_fault(spec);
    }
    void clear_faults() override { model_.clear_faults(); }
    std::vector<std::string> fault_names() const override { return Lights::fault_names(); }
    json::object physical_truth() const override { return model_.physical_truth(); }

private:
    Lights model_;
    std::shared_ptr<LightsService> service_;
};

}  // namespace

std::unique_ptr<SimulatedDevice> make_lights_device() { return std::make_unique<LightsDevice>(); }

}  // namespace atmbench::devices
