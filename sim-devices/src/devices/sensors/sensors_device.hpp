// The sensors as the bench composes them (simulated_device.hpp): model + XFS4IoT service "Auxiliaries1".
//
// Customer / operator actions (act):
//   setSensor {sensor: cardEntryGate | safeDoor | cabinetDoor | operatorSwitch, state: …} — states in sensors.hpp;
//     a change goes out as Common.StatusChangedEvent to every connection.
// Faults: see sensors.hpp (gateAbnormal, offline).
#pragma once

#include "atmbench/devices/simulated_device.hpp"

#include <memory>

namespace atmbench::devices {

std::unique_ptr<SimulatedDevice> make_sensors_device();

}  // namespace atmbench::devices
