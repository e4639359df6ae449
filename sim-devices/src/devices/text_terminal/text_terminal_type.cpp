// The customer display and keyboard as a device type (device_type.hpp): `config` is {rows, columns}.
#include "devices/device_type.hpp"

#include "devices/text_terminal/text_terminal_device.hpp"

namespace atmbench::devices {

namespace {

using common::YamlReader;

const FaultTable kTextTerminal{
    {"hang", {"read"}},
    {"hardwareError", {"write", "clearScreen", "read", "beep", "reset"}},
    {"offline", {}, true},
};

TextTerminalConfig parse_text_terminal(const YamlReader& r) {
    r.require_map("textTerminal config");
    r.allow_only({"rows", "columns"});
    TextTerminalConfig c;
    c.rows = static_cast<int>(r.integer_or("rows", c.rows, 1, 200));
    c.columns = static_cast<int>(r.integer_or("columns", c.columns, 1, 400));
    return c;
}

}  // namespace

const DeviceType& text_terminal_device_type() {
    static const DeviceType type{
        "textTerminal",
        [](const YamlReader& r) -> std::any { return parse_text_terminal(r); },
        [](const std::any& c, const DeviceContext&) {
            return make_text_terminal_device(std::any_cast<const TextTerminalConfig&>(c));
        },
        kTextTerminal,
    };
    return type;
}

}  // namespace atmbench::devices
