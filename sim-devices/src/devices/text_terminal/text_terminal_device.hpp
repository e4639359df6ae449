// The text terminal as the bench composes it (simulated_device.hpp): model + XFS4IoT service "TextTerminal1".
//
// Customer actions (act):
//   pressKeys {keys: ["1", "a", "enter", "cancel", "clear", "backspace", "F1" …]} — single characters are
//     character keys; longer names are command keys ("F1" = "fdk01"); one TextTerminal.KeyEvent per key the
//     running Read accepts; keys with no Read running (or inactive) are ignored and listed in the result.
// Faults: see text_terminal.hpp (hardwareError, hang, offline).
#pragma once

#include "atmbench/devices/simulated_device.hpp"
#include "devices/text_terminal/text_terminal.hpp"

#include <memory>

namespace atmbench::devices {

std::unique_ptr<SimulatedDevice> make_text_terminal_device(TextTerminalConfig config = {});

}  // namespace atmbench::devices
