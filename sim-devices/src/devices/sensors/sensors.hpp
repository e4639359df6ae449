// The terminal's sensors: card entry gate, safe door, cabinet door, operator switch (issue 3: "Sensors … reported
// through Common.Status"). No networking. XFS4IoT Auxiliaries reports them in Common.Status `auxiliaries` and
// Common.StatusChangedEvent (2023-2+ has no Auxiliaries events; docs/references.md [XFS4IoT] §3 Auxiliaries).
//
// Sensors and states (setSensor / status names):
//   cardEntryGate  ok | abnormal          status "cardEntryGate" (a bench name: XFS4IoT has no gate sensor)
//   safeDoor       closed | open          status "safeDoor"
//   cabinetDoor    closed | open          status "cabinetFrontDoor"
//   operatorSwitch run | supervisor | maintenance   status "operatorSwitch"
// Faults (inject_fault / FaultSpec.name): gateAbnormal (state: the gate reports abnormal until the fault is
// cleared), offline (state).
#pragma once

#include "atmbench/devices/fault_plan.hpp"
#include "devices/device_model.hpp"
#include "devices/device_state.hpp"
#include "devices/outcome.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::devices {

struct SensorChange {
    std::int64_t time_ns = 0;
    std::string sensor, state;
};

class Sensors : public DeviceModel {
public:
    Sensors();

    using DeviceModel::admit;

    // Sets one sensor; returns whether its state changed. Throws std::invalid_argument naming what is expected.
    bool set(const std::string& sensor, const std::string& state);
    static std::vector<std::string> sensor_names();
    static std::vector<std::string> states_of(const std::string& sensor);  // empty = no such sensor
    static std::string status_name(const std::string& sensor);            // cabinetDoor → cabinetFrontDoor

    // What the application asked of Auxiliaries.SetAuxiliaries, kept (no actuator is simulated).
    void record_request(boost::json::object request);

    const std::map<std::string, std::string>& states() const { return states_; }
    boost::json::object status_part() const;  // the Common.Status `auxiliaries` part

    void inject_fault(const FaultSpec& f) override;
    // Returns the sensors whose state the clearing changed (a gate made abnormal by gateAbnormal → ok).
    std::vector<std::string> clear_faults();
    static const std::vector<std::string>& fault_names();
    // {device, sensors:{…}, history:[{timeNs, sensor, state}], requests:[…]}
    boost::json::object physical_truth() const override;

private:
    std::map<std::string, std::string> states_;
    std::vector<SensorChange> history_;
    boost::json::array requests_;
    bool gate_fault_ = false;  // the gate is abnormal because of the gateAbnormal fault
};

}  // namespace atmbench::devices
