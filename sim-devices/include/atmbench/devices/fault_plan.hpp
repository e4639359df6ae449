// Armed faults of one device model. A fault is armed by name and fires when the model reaches its fault point
// (a command or a physical step) for the n-th time; it is one-shot (disarmed after firing) or persistent (fires
// every time from the n-th occurrence on, until cleared). The models document which names they accept.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atmbench::devices {

struct FaultSpec {
    std::string name{};        // e.g. "jam", "shutterOpenFail", "cardJam"
    std::string at{};          // the fault point (command / step) it waits for; "" = any point of that fault
    int occurrence = 1;        // fires at the n-th time the point is reached (1 = next time)
    bool persistent = false;   // keep firing from then on until cleared
    std::string target{};      // cash unit id, card id or location the fault concerns ("" = any)
    std::int64_t count = 0;    // a number the fault needs: notes before a jam, notes presented, count delta …
    std::string currency{};    // cassetteMismatch: the currency the unit will claim
    std::int64_t value = 0;    // cassetteMismatch: the denomination (minor units) the unit will claim
};

class FaultPlan {
public:
    void arm(FaultSpec spec);
    // Removes every armed fault with this name; returns how many were removed.
    int clear(std::string_view name);
    void clear_all() { armed_.clear(); }

    // Called by a model at a fault point. Counts the occurrence for every matching armed fault and returns the
    // first one that fires now (one-shot ones are removed). A point that concerns one unit passes its id as
    // `target` (then only faults for that unit or for any unit match); a point without a target matches all.
    std::optional<FaultSpec> fire(std::string_view name, std::string_view point, std::string_view target = {});
    bool is_armed(std::string_view name) const;
    std::vector<FaultSpec> armed() const;

private:
    struct Armed {
        FaultSpec spec;
        int hits = 0;
    };
    std::vector<Armed> armed_;
};

}  // namespace atmbench::devices
