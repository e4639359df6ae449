// A device set loaded from fixtures/devices/*.yaml (format: fixtures/devices/README.md): the devices of one
// terminal, each {type, id?, config?}, read by its registered device type. Errors are atmbench::common::FixtureError
// naming the file, the line and the key; a file in the old format (top-level `cash:` / `card_reader:`) gets one
// that says how to convert it.
#pragma once

#include <any>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace atmbench::devices {

struct DeviceEntry {
    std::string type;  // a registered device type: cash, cardReader, pinPad, printer, textTerminal, lights, sensors
    std::string id;    // its name on the control endpoint (default: the type)
    std::any config;   // what the type read from `config` (CashModuleConfig, CardReaderConfig, …; empty for none)
};

struct DeviceFixture {
    std::string name;
    std::vector<DeviceEntry> devices;  // in the order of the file: the order of the services on the server

    // The configuration of the device of `type`, nullptr when the set has none, e.g. config<CashModuleConfig>("cash").
    template <class Config>
    const Config* config(std::string_view type) const {
        for (const auto& d : devices)
            if (d.type == type) return std::any_cast<Config>(&d.config);
        return nullptr;
    }
};

DeviceFixture load_device_fixture(const std::filesystem::path& file);
DeviceFixture parse_device_fixture(const std::string& yaml_text, const std::string& source_name);

}  // namespace atmbench::devices
