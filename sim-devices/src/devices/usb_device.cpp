#include "devices/usb_device.hpp"

#include <algorithm>

namespace atmbench::devices {

UsbDevice::UsbDevice(const DeviceContext& context, const std::string& type, const FaultTable& faults,
                     std::string wire_protocol, usbip::UsbDescription usb, device_link::WireDevice& model)
    : id_(context.id.empty() ? type : context.id),
      faults_(faults),
      face_(std::make_shared<UsbWireFace>(id_, std::move(wire_protocol), std::move(usb), model, context.wire_exchange)) {}

namespace {
// The set names every device's faults in camelCase (stackerJam, paperEnd); these models' own parsers read the same
// names hyphenated (stacker-jam, paper-end: ccnet/fault_plan.hpp, escpos/printer.hpp).
std::string hyphenated(std::string_view camel) {
    std::string out;
    for (char c : camel) {
        if (c >= 'A' && c <= 'Z') {
            out += '-';
            out += static_cast<char>(c - 'A' + 'a');
        } else {
            out += c;
        }
    }
    return out;
}
}  // namespace

std::string UsbDevice::model_fault_text(const FaultSpec& spec, const std::string& argument) const {
    const auto names = devices::fault_names(faults_);
    if (std::find(names.begin(), names.end(), spec.name) == names.end()) {
        std::string known;
        for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
        throw ActionError(id_ + ": unknown fault '" + spec.name + "' (known: " + known + ")");
    }
    if (spec.occurrence != 1 || spec.persistent || !spec.target.empty())
        throw ActionError(id_ + ": fault " + spec.name +
                          " fires once at its fixed point: occurrence, persistent and target do not apply");
    const std::string name = hyphenated(spec.name);
    return argument.empty() ? name : name + ":" + argument;
}

}  // namespace atmbench::devices
