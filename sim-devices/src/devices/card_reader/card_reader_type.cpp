// The card reader as a device type (device_type.hpp): `config` is {retain_units}; the cards come from the set's
// card catalogue. The fault table lists the points CardReader passes to FaultPlan::fire or DeviceHealth::admit.
#include "devices/device_type.hpp"

#include "devices/card_reader/card_reader_device.hpp"

#include <set>

namespace atmbench::devices {

namespace {

using common::YamlReader;

using Points = std::vector<std::string>;

// CardReader::admit (card_reader.cpp): ReadRawData, Move, Reset, ChipIO.
const Points kCardCommands{"readRawData", "move", "reset", "chipIO"};

const FaultTable kCardReader{
    {"cardJam", {"insert", "read", "eject", "transport", "retain", "reset"}},  // card_reader.cpp
    {"readFailure", {"read"}},
    {"cardPulled", {"chipWrite"}},
    {"hardwareError", kCardCommands},
    // CardReaderService: hangs(command_point(name)) before a queued command; "read" while a ReadRawData waits.
    {"hang", {"readRawData", "move", "reset", "chipIO", "read"}},
    {"retainFull", kCardCommands, true},
    {"cardLeftInReader", kCardCommands, true},
    {"gateAbnormal", kCardCommands, true},
    {"offline", kCardCommands, true},
};

CardReaderConfig parse_card_reader(const YamlReader& r) {
    r.require_map("cardReader config");
    r.allow_only({"retain_units"});
    CardReaderConfig c;
    if (!r.has("retain_units")) return c;
    YAML::Node units = r["retain_units"];
    if (!units.IsSequence()) r.fail(units, "retain_units", "expected a list of {id, capacity, count}");
    c.retain_units.clear();
    std::set<std::string> ids;
    for (const YAML::Node& n : units) {
        YamlReader u(n, r.source());
        u.require_map("a retain unit");
        u.allow_only({"id", "capacity", "count"});
        RetainUnitConfig ru;
        ru.id = u.string("id");
        ru.capacity = static_cast<int>(u.integer("capacity", 1, 10000));
        ru.count = static_cast<int>(u.integer_or("count", 0, 0, ru.capacity));
        if (!ids.insert(ru.id).second) u.fail(u["id"], "id", "unit " + ru.id + " defined twice");
        c.retain_units.push_back(ru);
    }
    return c;
}

}  // namespace

const DeviceType& card_reader_device_type() {
    static const DeviceType type{
        "cardReader",
        [](const YamlReader& r) -> std::any { return parse_card_reader(r); },
        [](const std::any& c, const DeviceContext& ctx) {
            return make_card_reader_device(std::any_cast<const CardReaderConfig&>(c), ctx.cards);
        },
        kCardReader,
    };
    return type;
}

}  // namespace atmbench::devices
