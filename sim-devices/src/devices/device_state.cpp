#include "devices/device_state.hpp"

#include <chrono>

namespace atmbench::devices {

std::string_view to_string(DeviceState s) {
    switch (s) {
        case DeviceState::online: return "online";
        case DeviceState::offline: return "offline";
        case DeviceState::hardwareError: return "hardwareError";
    }
    return "hardwareError";
}

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void DeviceHealth::set(DeviceState s) {
    if (s == state_) return;
    state_ = s;
    if (changed_) changed_(s);
}

std::optional<Outcome> DeviceHealth::admit(FaultPlan& faults, std::string_view command) {
    if (state_ == DeviceState::offline) return Outcome::not_ready("device offline");
    if (faults.fire("hardwareError", command)) {
        set(DeviceState::hardwareError);
        return Outcome::hardware("hardware error during " + std::string(command));
    }
    if (state_ == DeviceState::hardwareError && command != "reset")
        return Outcome::hardware("device in hardware error; reset required");
    return std::nullopt;
}

}  // namespace atmbench::devices
