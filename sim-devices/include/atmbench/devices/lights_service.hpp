// The guidance lights as the XFS4IoT service "Lights1", interface Lights: SetLight only; the state is the
// `lights` part of Common.Status and every change goes out as Common.StatusChangedEvent to every connection
// (reference/xfs4iot.md §3 Lights).
#pragma once

#include "atmbench/devices/lights.hpp"
#include "atmbench/xfs4iot/service.hpp"

namespace atmbench::devices {

class LightsService : public xfs4iot::Service {
public:
    explicit LightsService(Lights& model) : model_(model) {}

    std::string name() const override { return "Lights1"; }
    std::vector<std::string> interfaces() const override { return {"Lights"}; }
    std::map<std::string, xfs4iot::CommandInfo> commands() const override { return {{"Lights.SetLight", {"3.0", false}}}; }
    std::vector<std::string> events() const override { return {"Common.StatusChangedEvent"}; }
    void execute(const std::shared_ptr<xfs4iot::Command>& command) override;
    boost::json::object status() const override;
    boost::json::object capabilities() const override;
    void device_state_changed();

private:
    Lights& model_;
};

}  // namespace atmbench::devices
