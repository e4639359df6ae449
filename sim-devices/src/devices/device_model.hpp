// What every device model shares: its fault plan (the faults armed on it, fault_plan.hpp), its device state with
// the gate every command passes (device_state.hpp), a listener for that state, and its physical truth — where
// every note and card really is and what the device reports, for the harness's conservation rules. Models are
// pure state machines: no networking, no XFS4IoT; their wire faces (wire_face.hpp) call them.
#pragma once

#include "atmbench/devices/fault_plan.hpp"
#include "devices/device_state.hpp"
#include "devices/outcome.hpp"

#include <boost/json/object.hpp>

#include <functional>
#include <optional>
#include <string_view>

namespace atmbench::devices {

class DeviceModel {
public:
    virtual ~DeviceModel() = default;

    // The state listener: called with the new state when it changes (a service turns it into
    // Common.StatusChangedEvent).
    void on_state_change(std::function<void(DeviceState)> f) { health_.on_change(std::move(f)); }
    DeviceState device_state() const { return health_.state(); }

    // Arms a fault of the model's fault table (its type's TYPE_type.cpp); throws std::invalid_argument for a name
    // the model does not have.
    virtual void inject_fault(const FaultSpec& f) = 0;
    virtual boost::json::object physical_truth() const = 0;

protected:
    DeviceModel() = default;
    // The gate of every command (DeviceHealth::admit); a model whose commands need more checks wraps it.
    std::optional<Outcome> admit(std::string_view command) { return health_.admit(faults_, command); }

    FaultPlan faults_;
    DeviceHealth health_;
};

}  // namespace atmbench::devices
