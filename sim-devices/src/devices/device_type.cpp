// Looking device types up by name (device_type.hpp); the list itself is generated (device_types.cpp.in).
#include "devices/device_type.hpp"

namespace atmbench::devices {

const DeviceType* find_device_type(std::string_view name) {
    for (const DeviceType* t : device_types())
        if (t->name == name) return t;
    return nullptr;
}

std::vector<std::string> device_type_names() {
    std::vector<std::string> names;
    for (const DeviceType* t : device_types()) names.push_back(t->name);
    return names;
}

std::any no_config_keys(const common::YamlReader& config, std::string_view type) {
    config.require_map(std::string(type) + " config");
    for (const auto& kv : config.node())
        config.fail(kv.first, kv.first.as<std::string>(), "unknown key (a " + std::string(type) + " takes no config yet)");
    return {};
}

}  // namespace atmbench::devices
