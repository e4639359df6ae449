// The PIN pad as the bench composes it (simulated_device.hpp): model + XFS4IoT service "PinPad1".
//
// Customer actions (act):
//   pressKeys {keys: ["1", "2", "enter", "cancel", "clear", "backspace", "F1" … or XFS4IoT names "one", "fdk01"]}
//     — one Keyboard.KeyEvent per key the running entry accepts; keys with no entry running (or inactive) are
//     ignored and listed in the result; digits are listed as "digit" (7.3.6.9 b).
//   enterPin {pin: "123456", then?: "enter" (default) | "cancel" | "none"} — the digits, then that key.
// Faults: see pin_pad.hpp (hardwareError, hang, keyNotFound, offline).
#pragma once

#include "atmbench/devices/simulated_device.hpp"

#include <memory>

namespace atmbench::devices {

std::unique_ptr<SimulatedDevice> make_pin_pad_device();

}  // namespace atmbench::devices
