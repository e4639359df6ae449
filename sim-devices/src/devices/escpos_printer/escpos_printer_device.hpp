// The ESC/POS receipt printer of a kiosk whose own application prints in ESC/POS on USB (harness-usb.md §4), as
// the bench composes it (simulated_device.hpp): the simulated escpos::Printer behind a USB face
// (usb_wire_face.hpp), no XFS4IoT service. Action: loadPaper. Faults: the printer's own (escpos/printer.hpp).
// Truth: its status as DLE EOT reports it, the receipt on the roll and the receipts cut (escpos/printer_json.hpp).
#pragma once

#include "atmbench/escpos/printer.hpp"
#include "devices/device_type.hpp"

#include <memory>
#include <optional>

namespace atmbench::devices {

struct EscposPrinterConfig {
    escpos::PrinterSettings settings;
    std::optional<int> paper_lines;  // lines on a roll before it ends; nullopt: it never ends
};

std::unique_ptr<SimulatedDevice> make_escpos_printer_device(const EscposPrinterConfig& config, const DeviceContext& context);

}  // namespace atmbench::devices
