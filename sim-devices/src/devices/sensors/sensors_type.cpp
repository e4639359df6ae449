// The sensors and indicators unit as a device type (device_type.hpp); no configuration.
#include "devices/device_type.hpp"

#include "devices/sensors/sensors_device.hpp"

namespace atmbench::devices {

namespace {

using common::YamlReader;

const FaultTable kSensors{
    {"gateAbnormal", {}, true},
    {"offline", {}, true},
};

}  // namespace

const DeviceType& sensors_device_type() {
    static const DeviceType type{
        "sensors",
        [](const YamlReader& r) { return no_config_keys(r, "sensors"); },
        [](const std::any&, const DeviceContext&) { return make_sensors_device(); },
        kSensors,
    };
    return type;
}

}  // namespace atmbench::devices
