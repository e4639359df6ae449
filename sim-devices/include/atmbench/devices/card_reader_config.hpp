// How a card reader is built: its retain units (docs/references.md [XFS4IoT] §3.1, CardReader storage). Read from the
// `config` of a cardReader entry of a device set (fixtures/devices/README.md) or written in code by tests.
#pragma once

#include <string>
#include <vector>

namespace atmbench::devices {

struct RetainUnitConfig {
    std::string id = "unit1";
    int capacity = 20;
    int count = 0;            // cards already inside at start (reported; physically anonymous)
};

struct CardReaderConfig {
    std::vector<RetainUnitConfig> retain_units{RetainUnitConfig{}};
};

}  // namespace atmbench::devices
