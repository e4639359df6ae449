#include "atmbench/devices/fault_plan.hpp"

#include <algorithm>

namespace atmbench::devices {

void FaultPlan::arm(FaultSpec spec) {
    if (spec.occurrence < 1) spec.occurrence = 1;
    armed_.push_back({std::move(spec), 0});
}

int FaultPlan::clear(std::string_view name) {
    auto n = std::erase_if(armed_, [&](const Armed& a) { return a.spec.name == name; });
    return static_cast<int>(n);
}

std::optional<FaultSpec> FaultPlan::fire(std::string_view name, std::string_view point, std::string_view target) {
    std::optional<FaultSpec> fired;
    for (auto it = armed_.begin(); it != armed_.end();) {
        const FaultSpec& s = it->spec;
        bool match = s.name == name && (s.at.empty() || s.at == point) && (s.target.empty() || target.empty() || s.target == target);
        if (!match) {
            ++it;
            continue;
        }
        ++it->hits;
        if (!fired && it->hits >= s.occurrence) {
            fired = s;
            if (!s.persistent) {
                it = armed_.erase(it);
                continue;
            }
        }
        ++it;
    }
    return fired;
}

bool FaultPlan::is_armed(std::string_view name) const {
    return std::any_of(armed_.begin(), armed_.end(), [&](const Armed& a) { return a.spec.name == name; });
}

std::vector<FaultSpec> FaultPlan::armed() const {
    std::vector<FaultSpec> out;
    for (const auto& a : armed_) out.push_back(a.spec);
    return out;
}

}  // namespace atmbench::devices
