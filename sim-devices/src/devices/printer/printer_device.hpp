// The receipt printer as the bench composes it (simulated_device.hpp): model + XFS4IoT service "Printer1".
//
// Customer / operator actions (act):
//   takeReceipt {} — the customer takes the receipt(s) at the exit (Printer.MediaTakenEvent); nothing at the
//     exit → ActionError.
//   loadPaper {lines?} — the operator loads a roll (default: the configured capacity).
// Faults: see printer.hpp (paperOut, paperJam, hardwareError, offline) and, with an ESC/POS mechanism,
// escpos_mechanism.hpp (mechanism…, lineFault).
#pragma once

#include "atmbench/devices/simulated_device.hpp"
#include "devices/device_type.hpp"
#include "devices/printer/printer.hpp"

#include <memory>

namespace atmbench::devices {

// With config.escpos, the ESC/POS mechanism's line records its exchanges through context.device_line.
std::unique_ptr<SimulatedDevice> make_printer_device(PrinterConfig config = {}, const DeviceContext* context = nullptr);

}  // namespace atmbench::devices
