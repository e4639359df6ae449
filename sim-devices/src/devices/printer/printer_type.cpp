// The receipt printer as a device type (device_type.hpp): `config` is {paper_lines, low_paper_lines}.
#include "devices/device_type.hpp"

#include "devices/printer/printer_device.hpp"

namespace atmbench::devices {

namespace {

using common::YamlReader;

const FaultTable kPrinter{
    {"hardwareError", {"print", "controlMedia", "reset"}},
    {"offline", {}, true},
    {"paperJam", {"print", "controlMedia"}},  // jam_check(point)
    {"paperOut", {"print"}},
};

PrinterConfig parse_printer(const YamlReader& r) {
    r.require_map("printer config");
    r.allow_only({"paper_lines", "low_paper_lines"});
    PrinterConfig c;
    c.paper_lines = static_cast<int>(r.integer_or("paper_lines", c.paper_lines, 1, 1'000'000));
    c.low_paper_lines = static_cast<int>(r.integer_or("low_paper_lines", c.low_paper_lines, 0, c.paper_lines));
    return c;
}

}  // namespace

const DeviceType& printer_device_type() {
    static const DeviceType type{
        "printer",
        [](const YamlReader& r) -> std::any { return parse_printer(r); },
        [](const std::any& c, const DeviceContext&) { return make_printer_device(std::any_cast<const PrinterConfig&>(c)); },
        kPrinter,
    };
    return type;
}

}  // namespace atmbench::devices
