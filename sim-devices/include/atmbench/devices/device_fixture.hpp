// A device set loaded from fixtures/devices/*.yaml (format: fixtures/devices/README.md): the cash module and the
// card reader configuration. Errors are atmbench::host::FixtureError naming the file, the line and the key.
#pragma once

#include "atmbench/devices/card_reader.hpp"
#include "atmbench/devices/cash_module_config.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace atmbench::devices {

struct DeviceFixture {
    std::string name;
    std::optional<CashModuleConfig> cash;
    std::optional<CardReaderConfig> card_reader;
};

DeviceFixture load_device_fixture(const std::filesystem::path& file);
DeviceFixture parse_device_fixture(const std::string& yaml_text, const std::string& source_name);

}  // namespace atmbench::devices
