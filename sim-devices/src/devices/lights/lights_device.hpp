// The guidance lights as the bench composes them (simulated_device.hpp): model + XFS4IoT service "Lights1".
// No customer actions (the application drives the lights). Faults: see lights.hpp (hardwareError, offline).
#pragma once

#include "atmbench/devices/simulated_device.hpp"

#include <memory>

namespace atmbench::devices {

std::unique_ptr<SimulatedDevice> make_lights_device();

}  // namespace atmbench::devices
