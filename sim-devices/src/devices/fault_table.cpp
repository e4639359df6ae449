// Checking a fault against its device type's table (fault_table.hpp). The tables themselves live with their types
// (devices/TYPE/TYPE_type.cpp), next to the model whose fire() calls they list.
#include "atmbench/devices/fault_table.hpp"

#include "devices/device_type.hpp"

#include "atmbench/xfs4iot/xfs_server.hpp"

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
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const auto& k : xfs4iot::answer_fault_kinds()) n.push_back(k.name);
        return n;
    }();
    return names;
}

namespace {

// An answer fault's `at`: a command of the device's services, one of their events (missingEvent), or
// Storage.GetStorage only (countsOff). Empty = any (countsOff: its one point).
std::optional<FaultProblem> check_answer_fault(const std::string& dev, const xfs4iot::AnswerFaultKind& kind,
                                               const FaultSpec& spec, const std::vector<std::string>& commands,
                                               const std::vector<std::string>& events) {
    auto has = [](const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); };
    const std::string head = "fault " + spec.name + " on " + dev + ": at: \"" + spec.at + "\"";
    // eventAfterCompletion repeats a command's solicited event, or sends one the service declares
    // (answer_faults.cpp): with none but the unsolicited Common.StatusChangedEvent it could never fire.
    if (kind.name == "eventAfterCompletion" &&
        std::none_of(events.begin(), events.end(), [](const std::string& e) { return e != "Common.StatusChangedEvent"; }))
        return FaultProblem{"name", "fault " + spec.name + " on " + dev +
                                        ": sends a solicited event after a completion, and the device declares none",
                            {}};
    switch (kind.at) {
        case xfs4iot::AnswerFaultPoint::Command:
            if (spec.at.empty() || has(commands, spec.at)) return std::nullopt;
            return FaultProblem{"at", head + " is no XFS4IoT command of the device (expected one of: " + joined(commands) + ")",
                                commands};
        case xfs4iot::AnswerFaultPoint::Event:
            if (spec.at.empty() || has(events, spec.at)) return std::nullopt;
            return FaultProblem{"at", head + " is no XFS4IoT event of the device (expected one of: " + joined(events) + ")",
                                events};
        case xfs4iot::AnswerFaultPoint::GetStorage: {
            const std::string get_storage = "Storage.GetStorage";
            if (!has(commands, get_storage))
                return FaultProblem{"name", "fault " + spec.name + " on " + dev +
                                                ": spoils a Storage.GetStorage completion, and the device answers no Storage.GetStorage",
                                    {}};
            if (spec.at.empty() || spec.at == get_storage) return std::nullopt;
            return FaultProblem{"at", head + " — " + spec.name + " spoils only Storage.GetStorage (expected one of: " + get_storage + ")",
                                {get_storage}};
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<FaultProblem> check_fault(std::string_view device, const FaultTable& table, const FaultSpec& spec,
                                        const std::vector<std::string>& commands, const std::vector<std::string>& events) {
    const std::string dev(device);
    const auto& answers = answer_fault_names();
    if (const auto* kind = xfs4iot::find_answer_fault_kind(spec.name)) return check_answer_fault(dev, *kind, spec, commands, events);
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
