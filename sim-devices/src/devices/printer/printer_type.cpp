// The receipt printer as a device type (device_type.hpp): `config` is {paper_lines, low_paper_lines, escpos?}.
// `escpos: {line: {transport: simulated | serial | usb, …}, status_timeout_ms}` puts an ESC/POS printer under the
// XFS4IoT Printer service (issue 14, hardware in the loop; devices/device_line.hpp).
#include "devices/device_type.hpp"

#include "devices/printer/escpos_mechanism.hpp"
#include "devices/printer/printer_device.hpp"

namespace atmbench::devices {

namespace {

using common::YamlReader;

const FaultTable kPrinter{
    {"hardwareError", {"print", "controlMedia", "reset"}},
    {"offline", {}, true},
    {"paperJam", {"print", "controlMedia"}},  // jam_check(point)
    {"paperOut", {"print"}},
    // An ESC/POS mechanism's (escpos_mechanism.hpp): physical on a simulated one, lineFault on any line.
    {"mechanismPaperEnd", {}, true},
    {"mechanismCoverOpen", {}, true},
    {"mechanismOffline", {}, true},
    {"mechanismCutterJam", {}, true},
    {"lineFault", {}, true},
};

std::shared_ptr<const EscposMechanismConfig> parse_escpos(const YamlReader& r, int paper_lines) {
    r.require_map("escpos");
    r.allow_only({"line", "status_timeout_ms"});
    auto c = std::make_shared<EscposMechanismConfig>();
    if (r.has("line")) c->line = parse_device_line(r.child("line"));
    c->paper_lines = paper_lines;
    c->status_timeout = std::chrono::milliseconds(r.integer_or("status_timeout_ms", 1000, 10, 60'000));
    return c;
}

PrinterConfig parse_printer(const YamlReader& r) {
    r.require_map("printer config");
    r.allow_only({"paper_lines", "low_paper_lines", "escpos"});
    PrinterConfig c;
    c.paper_lines = static_cast<int>(r.integer_or("paper_lines", c.paper_lines, 1, 1'000'000));
    c.low_paper_lines = static_cast<int>(r.integer_or("low_paper_lines", c.low_paper_lines, 0, c.paper_lines));
    if (r.has("escpos")) c.escpos = parse_escpos(r.child("escpos"), c.paper_lines);
    return c;
}

}  // namespace

const DeviceType& printer_device_type() {
    static const DeviceType type{
        "printer",
        [](const YamlReader& r) -> std::any { return parse_printer(r); },
        [](const std::any& c, const DeviceContext& context) {
            return make_printer_device(std::any_cast<const PrinterConfig&>(c), &context);
        },
        kPrinter,
    };
    return type;
}

}  // namespace atmbench::devices
