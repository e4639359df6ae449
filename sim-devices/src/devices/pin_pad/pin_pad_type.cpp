// The PIN pad (encrypting PIN pad) as a device type (device_type.hpp); no configuration: keys are loaded by the
// application over XFS4IoT. Its state faults take effect at once only (inject_fault ignores `at` for them).
#include "devices/device_type.hpp"

#include "devices/pin_pad/pin_pad_device.hpp"

namespace atmbench::devices {

namespace {

using common::YamlReader;

const FaultTable kPinPad{
    {"hardwareError", {"pinEntry", "dataEntry", "getPinBlock", "generateAuthentication", "importKey", "deleteKey", "reset"}},
    {"hang", {"pinEntry", "dataEntry"}},                        // pin_pad.cpp: the entry ignores every key
    {"keyNotFound", {"getPinBlock", "generateAuthentication"}},  // find_key(name, point)
    {"offline", {}, true},
};

}  // namespace

const DeviceType& pin_pad_device_type() {
    static const DeviceType type{
        "pinPad",
        [](const YamlReader& r) { return no_config_keys(r, "pinPad"); },
        [](const std::any&, const DeviceContext&) { return make_pin_pad_device(); },
        kPinPad,
    };
    return type;
}

}  // namespace atmbench::devices
