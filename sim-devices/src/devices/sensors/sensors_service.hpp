// The sensors as the XFS4IoT service "Auxiliaries1", interface Auxiliaries: the `auxiliaries` part of
// Common.Status, Common.StatusChangedEvent to every connection on each change, and SetAuxiliaries (recorded; no
// actuator is simulated) (docs/references.md [XFS4IoT] §3 Auxiliaries).
#pragma once

#include "atmbench/devices/wire_face.hpp"
#include "atmbench/xfs4iot/service.hpp"
#include "devices/sensors/sensors.hpp"

namespace atmbench::devices {

class SensorsService : public XfsWireFace {
public:
    explicit SensorsService(Sensors& model);

    std::string name() const override { return "Auxiliaries1"; }
    std::vector<std::string> interfaces() const override { return {"Auxiliaries"}; }
    std::vector<std::string> events() const override { return {"Common.StatusChangedEvent"}; }
    boost::json::object status() const override;
    boost::json::object capabilities() const override;

    // StatusChangedEvent {auxiliaries: {<these sensors' status names>: state}}.
    void sensors_changed(const std::vector<std::string>& sensors);
    void device_state_changed();

private:
    void set_auxiliaries(const std::shared_ptr<xfs4iot::Command>& cmd);

    Sensors& model_;
};

}  // namespace atmbench::devices
