// The common device state of a model (XFS4IoT Common.Status `device`) and the checks every command makes first:
// offline → deviceNotReady, hardware error until reset → hardwareError, and the armed "hardwareError" fault.
#pragma once

#include "atmbench/devices/fault_plan.hpp"
#include "devices/outcome.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

namespace atmbench::devices {

enum class DeviceState { online, offline, hardwareError };

std::string_view to_string(DeviceState s);

// steady_clock now in nanoseconds: the time the models stamp their histories (receipts, screens, lights,
// sensor requests) with, so the bench can order them.
std::int64_t now_ns();

class DeviceHealth {
public:
    DeviceState state() const { return state_; }
    // Changes the state; calls `changed` (the model's StatusChanged notification) only when it differs.
    void set(DeviceState s);
    void on_change(std::function<void(DeviceState)> changed) { changed_ = std::move(changed); }

    // The gate of every command: offline → deviceNotReady; the "hardwareError" fault armed at this command (or
    // at any) fires → state hardwareError; in hardware error only `reset` may run. nullopt = go ahead.
    std::optional<Outcome> admit(FaultPlan& faults, std::string_view command);

private:
    DeviceState state_ = DeviceState::online;
    std::function<void(DeviceState)> changed_;
};

}  // namespace atmbench::devices
