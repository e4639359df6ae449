// The receipt printer as the bench composes it (simulated_device.hpp): model + XFS4IoT service "Printer1".
//
// Customer / operator actions (act):
//   takeReceipt {} — the customer takes the receipt(s) at the exit (Printer.MediaTakenEvent); nothing at the
//     exit → ActionError.
//   loadPaper {lines?} — the operator loads a roll (default: the configured capacity).
// Faults: see printer.hpp (paperOut, paperJam, hardwareError, offline).
#pragma once

#include "atmbench/devices/simulated_device.hpp"
#include "devices/printer/printer.hpp"

#include <memory>

namespace atmbench::devices {

std::unique_ptr<SimulatedDevice> make_printer_device(PrinterConfig config = {});

}  // namespace atmbench::devices
