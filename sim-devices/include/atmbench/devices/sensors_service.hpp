// The sensors as the XFS4IoT service "Auxiliaries1", interface Auxiliaries: the `auxiliaries` part of
// Common.Status, Common.StatusChangedEvent to every connection on each change, and SetAuxiliaries (recorded; no
// actuator is simulated) (reference/xfs4iot.md §3 Auxiliaries).
#pragma once

#include "atmbench/devices/sensors.hpp"
#include "atmbench/xfs4iot/service.hpp"

namespace atmbench::devices {

class SensorsService : public xfs4iot::Service {
public:
    explicit SensorsService(Sensors& model) : model_(model) {}

    std::string name() const override { return "Auxiliaries1"; }
    std::vector<std::string> interfaces() const override { return {"Auxiliaries"}; }
    std::map<std::string, xfs4iot::CommandInfo> commands() const override {
        return {{"Auxiliaries.SetAuxiliaries", {}}};
    }
    std::vector<std::string> events() const override { return {"Common.StatusChangedEvent"}; }
    void execute(const std::shared_ptr<xfs4iot::Command>& command) override;
    boost::json::object status() const override;
    boost::json::object capabilities() const override;

    // StatusChangedEvent {auxiliaries: {<these sensors' status names>: state}}.
    void sensors_changed(const std::vector<std::string>& sensors);
    void device_state_changed();

private:
    Sensors& model_;
};

}  // namespace atmbench::devices
