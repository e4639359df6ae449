// The device set format (device_fixture.hpp): a list of {type, id?, config?}; each type reads its own config.
#include "atmbench/devices/device_fixture.hpp"

#include "atmbench/common/yaml_source.hpp"
#include "devices/device_type.hpp"

#include <fstream>
#include <set>
#include <sstream>

namespace atmbench::devices {

using common::FixtureError;
using common::YamlReader;

namespace {

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
}

// The format before device types registered themselves had one top-level key per device. Say how to convert
// rather than "unknown key", so an old file is fixed in one go.
void refuse_old_format(const YamlReader& top) {
    for (const auto& [key, type] : {std::pair{"cash", "cash"}, std::pair{"card_reader", "cardReader"}})
        for (const auto& entry : top.node())
            if (entry.first.IsScalar() && entry.first.Scalar() == key)
                top.fail(entry.first, key,
                     std::string("the device set format changed: list every device under `devices:` as {type, id?, "
                                 "config?}, here `- {type: ") + type + ", config: <this mapping>}`, plus one entry each "
                                 "for pinPad, printer, textTerminal, lights and sensors (fixtures/devices/README.md)");
}

DeviceEntry parse_entry(const YamlReader& r) {
    r.require_map("a device {type, id?, config?}");
    r.allow_only({"type", "id", "config"});
    DeviceEntry e;
    e.type = r.string("type");
    const DeviceType* type = find_device_type(e.type);
    if (!type)
        r.fail(r["type"], "type", "unknown device type \"" + e.type + "\" (expected one of: " + joined(device_type_names()) + ")");
    e.id = r.string_or("id", e.type);
    if (e.id.empty() || e.id.find_first_of("/?# ") != std::string::npos)
        r.fail(r["id"], "id", "expected a name without '/', '?', '#' or spaces (found \"" + e.id + "\")");
    e.config = type->parse_config(r.has("config") ? r.child("config") : YamlReader(YAML::Node(YAML::NodeType::Map), r.source()));
    return e;
}

}  // namespace

DeviceFixture parse_device_fixture(const std::string& yaml_text, const std::string& source) {
    YamlReader top(common::load_yaml_text(yaml_text, source), source);
    top.require_map("a device set {name, devices}");
    refuse_old_format(top);
    top.allow_only({"name", "devices"});
    DeviceFixture f;
    f.name = top.string_or("name", "");
    if (!top.has("devices")) top.fail("devices", "missing: expected a list of devices {type, id?, config?}");
    YAML::Node list = top["devices"];
    if (!list.IsSequence()) top.fail(list, "devices", "expected a list of devices {type, id?, config?}");
    std::set<std::string> ids, types;
    for (const YAML::Node& n : list) {
        YamlReader r(n, source);
        DeviceEntry e = parse_entry(r);
        if (!ids.insert(e.id).second) r.fail(r["id"].IsDefined() ? r["id"] : r["type"], "id", "device " + e.id + " listed twice");
        // Each type's XFS4IoT services have fixed names (CardReader1, …): a second device of a type would collide.
        if (!types.insert(e.type).second)
            r.fail(r["type"], "type", "a second " + e.type + " (one device per type: their XFS4IoT service names are fixed)");
        f.devices.push_back(std::move(e));
    }
    return f;
}

DeviceFixture load_device_fixture(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw FixtureError(file.string() + ": cannot open file");
    std::stringstream buf;
    buf << in.rdbuf();
    return parse_device_fixture(buf.str(), file.string());
}

}  // namespace atmbench::devices
