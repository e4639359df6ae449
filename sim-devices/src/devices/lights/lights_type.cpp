// The guidance lights as a device type (device_type.hpp); no configuration.
#include "devices/device_type.hpp"

#include "devices/lights/lights_device.hpp"

namespace atmbench::devices {

namespace {

using common::YamlReader;

const FaultTable kLights{
    {"hardwareError", {"setLight"}},
    {"offline", {}, true},
};

}  // namespace

const DeviceType& lights_device_type() {
    static const DeviceType type{
        "lights",
        [](const YamlReader& r) { return no_config_keys(r, "lights"); },
        [](const std::any&, const DeviceContext&) { return make_lights_device(); },
        kLights,
    };
    return type;
}

}  // namespace atmbench::devices
