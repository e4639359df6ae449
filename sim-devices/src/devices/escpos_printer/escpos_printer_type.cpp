// The ESC/POS receipt printer as a device type (device_type.hpp): `config` is {paper_lines, near_end_lines,
// chinese_by_default}, as `atmbench escpos-printer --paper-lines --near-end-lines --ascii-default`. Its face is
// ESC/POS on USB (printer class; served by `atmbench devices` over USB/IP or on a pty), not XFS4IoT: a kiosk whose
// application prints itself. (`printer` with `escpos` is the other way round: ESC/POS under an XFS4IoT service.)
#include "devices/device_type.hpp"

#include "devices/escpos_printer/escpos_printer_device.hpp"

namespace atmbench::devices {

namespace {

using common::YamlReader;

// The printer's own faults (escpos/printer.hpp, hyphenated there); paperEnd takes `count`, the lines that still print.
const FaultTable kEscposPrinter{
    {"paperEnd", {}, true}, {"paperNearEnd", {}, true}, {"coverOpen", {}, true},
    {"offline", {}, true},  {"cutterJam", {}, true},
};

EscposPrinterConfig parse_escpos_printer(const YamlReader& r) {
    r.require_map("escposPrinter config");
    r.allow_only({"paper_lines", "near_end_lines", "chinese_by_default"});
    EscposPrinterConfig c;
    if (r.has("paper_lines")) c.paper_lines = static_cast<int>(r.integer("paper_lines", 0, 1'000'000));
    c.settings.near_end_lines = static_cast<int>(r.integer_or("near_end_lines", c.settings.near_end_lines, 0, 1'000'000));
    c.settings.chinese_by_default = r.boolean_or("chinese_by_default", c.settings.chinese_by_default);
    return c;
}

}  // namespace

const DeviceType& escpos_printer_device_type() {
    static const DeviceType type{
        "escposPrinter",
        [](const YamlReader& r) -> std::any { return parse_escpos_printer(r); },
        [](const std::any& c, const DeviceContext& context) {
            return make_escpos_printer_device(std::any_cast<const EscposPrinterConfig&>(c), context);
        },
        kEscposPrinter,
    };
    return type;
}

}  // namespace atmbench::devices
