// The guidance lights model: one state per light (flash rate, colour, direction) and every change with its
// steady_clock time (issue 3: "Lights: SetLight, recorded"). No networking. XFS4IoT Lights reports the state
// only through Common.Status / Common.StatusChangedEvent (docs/references.md [XFS4IoT] §3 Lights).
//
// Faults (inject_fault / FaultSpec.name): hardwareError (armed; at = "setLight" or any), offline (state).
#pragma once

#include "atmbench/devices/fault_plan.hpp"
#include "devices/device_model.hpp"
#include "devices/device_state.hpp"
#include "devices/outcome.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace atmbench::devices {

struct LightState {
    std::string flash_rate = "off";  // off | slow | medium | quick | continuous
    std::string color;               // red | green | yellow | blue | cyan | magenta | white; "" = the default
    std::string direction;           // entry | exit; "" = none

    bool operator==(const LightState&) const = default;
    boost::json::object to_json() const;
};

struct LightChange {
    std::int64_t time_ns = 0;
    std::string light;
    LightState state;
};

class Lights : public DeviceModel {
public:
    // The lights this terminal has (XFS4IoT light names).
    explicit Lights(std::vector<std::string> names = default_names());
    static std::vector<std::string> default_names();


    // All or nothing: an unknown light or value → invalidData and no light changes. `changed` = lights whose state
    // differs afterwards (each recorded).
    Outcome set(const std::map<std::string, LightState>& wanted, std::vector<std::string>& changed);

    const std::map<std::string, LightState>& lights() const { return lights_; }
    const std::vector<LightChange>& history() const { return history_; }

    void inject_fault(const FaultSpec& f) override;
    void clear_faults();
    static const std::vector<std::string>& fault_names();
    // {device, lights:{name:{flashRate, color, direction}}, history:[{timeNs, light, flashRate, color, direction}]}
    boost::json::object physical_truth() const override;

private:
    std::map<std::string, LightState> lights_;
    std::vector<LightChange> history_;
};

}  // namespace atmbench::devices
