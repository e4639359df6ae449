// Checking a fault against its device type's table (fault_table.hpp). The tables themselves live with their types
// (devices/TYPE/TYPE_type.cpp), next to the model whose fire() calls they list.
#include "atmbench/devices/fault_table.hpp"

#include "devices/device_type.hpp"

#include <algorithm>

namespace atmbench::devices {

namespace {

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
}

}  // namespace

const FaultTable* fault_table(std::string_view type) {
    const DeviceType* t = find_device_type(type);
    return t ? &t->faults : nullptr;
}

std::vector<std::string> fault_names(const FaultTable& table) {
    std::vector<std::string> names;
    for (const auto& f : table) names.push_back(f.name);
    return names;
}

const std::vector<std::string>& answer_fault_names() {
    static const std::vector<std::string> names{"invalidJson", "missingFields", "unknownCompletionCode", "wrongRequestId"};
    return names;
}

std::optional<FaultProblem> check_fault(std::string_view device, const FaultTable& table, const FaultSpec& spec,
                                        const std::vector<std::string>& commands) {
    const std::string dev(device);
    const auto& answers = answer_fault_names();
    if (std::find(answers.begin(), answers.end(), spec.name) != answers.end()) {
        if (spec.at.empty() || std::find(commands.begin(), commands.end(), spec.at) != commands.end()) return std::nullopt;
        return FaultProblem{"at", "fault " + spec.name + " on " + dev + ": at: \"" + spec.at +
                                      "\" is no XFS4IoT command of the device (expected one of: " + joined(commands) + ")",
                            commands};
    }
    auto kind = std::find_if(table.begin(), table.end(), [&](const FaultKind& k) { return k.name == spec.name; });
    if (kind == table.end()) {
        std::vector<std::string> names = fault_names(table);
        names.insert(names.end(), answers.begin(), answers.end());
        return FaultProblem{"name", "fault on " + dev + ": name: unknown fault \"" + spec.name +
                                        "\" (expected one of: " + joined(names) + ")",
                            names};
    }
    if (spec.at.empty() || std::find(kind->points.begin(), kind->points.end(), spec.at) != kind->points.end())
        return std::nullopt;
    if (kind->points.empty())
        return FaultProblem{"at", "fault " + spec.name + " on " + dev + ": at: \"" + spec.at +
                                      "\" — this state fault takes effect when armed and waits for no point (omit at)",
                            {}};
    return FaultProblem{"at", "fault " + spec.name + " on " + dev + ": at: the device never reaches \"" + spec.at +
                                  "\" for " + spec.name + ", so it would never fire (expected one of: " +
                                  joined(kind->points) + ")",
                        kind->points};
}

}  // namespace atmbench::devices
