// The guidance lights as the XFS4IoT service "Lights1", interface Lights: SetLight only; the state is the
// `lights` part of Common.Status and every change goes out as Common.StatusChangedEvent to every connection
// (docs/references.md [XFS4IoT] §3 Lights).
#pragma once

#include "atmbench/devices/wire_face.hpp"
#include "atmbench/xfs4iot/service.hpp"
#include "devices/lights/lights.hpp"

namespace atmbench::devices {

class LightsService : public XfsWireFace {
public:
    explicit LightsService(Lights& model);

    std::string name() const override { return "Lights1"; }
    std::vector<std::string> interfaces() const override { return {"Lights"}; }
    std::vector<std::string> events() const override { return {"Common.StatusChangedEvent"}; }
    boost::json::object status() const override;
    boost::json::object capabilities() const override;
    void device_state_changed();

private:
    void set_light(const std::shared_ptr<xfs4iot::Command>& cmd);

    Lights& model_;
};

}  // namespace atmbench::devices
