// The small pieces under the models: serial numbers, the fault plan, the denomination search, the device gate.
#include "devices/cash/denomination.hpp"
#include "devices/device_state.hpp"
#include "atmbench/devices/fault_plan.hpp"
#include "devices/cash/serial_numbers.hpp"

#include <gtest/gtest.h>

#include <set>

namespace atmbench::devices {
namespace {

TEST(SerialNumbers, SameSeedSameSequenceAndNoRepeats) {
    SerialNumbers a("FA", 1), b("FA", 1), c("FA", 2);
    std::set<std::string> seen;
    bool differs = false;
    for (int i = 0; i < 5000; ++i) {
        std::string s = a.next();
        EXPECT_EQ(s, b.next());
        differs = differs || s != c.next();
        EXPECT_EQ(s.size(), 10u);
        EXPECT_EQ(s.substr(0, 2), "FA");
        seen.insert(s);
    }
    EXPECT_EQ(seen.size(), 5000u);
    EXPECT_TRUE(differs) << "another seed must give another sequence";
}

TEST(FaultPlan, FiresAtTheNthOccurrenceOnce) {
    FaultPlan p;
    p.arm({.name = "jam", .at = "dispense", .occurrence = 3});
    EXPECT_FALSE(p.fire("jam", "dispense"));
    EXPECT_FALSE(p.fire("jam", "present"));  // another point does not count
    EXPECT_FALSE(p.fire("jam", "dispense"));
    auto f = p.fire("jam", "dispense");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->name, "jam");
    EXPECT_FALSE(p.is_armed("jam"));
    EXPECT_FALSE(p.fire("jam", "dispense"));
}

TEST(FaultPlan, PersistentKeepsFiringUntilCleared) {
    FaultPlan p;
    p.arm({.name = "readFailure", .occurrence = 2, .persistent = true});
    EXPECT_FALSE(p.fire("readFailure", "read"));
    EXPECT_TRUE(p.fire("readFailure", "read"));
    EXPECT_TRUE(p.fire("readFailure", "anything"));
    EXPECT_EQ(p.clear("readFailure"), 1);
    EXPECT_FALSE(p.fire("readFailure", "read"));
}

TEST(FaultPlan, TargetRestrictsTheFault) {
    FaultPlan p;
    p.arm({.name = "cassetteEmpty", .target = "unit2"});
    EXPECT_FALSE(p.fire("cassetteEmpty", "dispense", "unit1"));
    EXPECT_TRUE(p.fire("cassetteEmpty", "dispense", "unit2"));
    EXPECT_EQ(p.armed().size(), 0u);
}

TEST(Denomination, MinimumNotesWithinWhatIsAvailable) {
    std::vector<Denomination> units = {{"unit1", 10000, 500}, {"unit2", 5000, 500}};
    EXPECT_EQ(*minimum_notes_mix(35000, units), (Mix{{"unit1", 3}, {"unit2", 1}}));
    units[0].available = 2;
    EXPECT_EQ(*minimum_notes_mix(35000, units), (Mix{{"unit1", 2}, {"unit2", 3}}));
    EXPECT_FALSE(minimum_notes_mix(12000, units));   // not a multiple of 50
    EXPECT_FALSE(minimum_notes_mix(2600000, units)); // 2 × 100 + 500 × 50 CNY is all there is
    EXPECT_EQ(minimum_notes_mix(2520000, units)->at("unit2"), 500);
    EXPECT_FALSE(minimum_notes_mix(0, units));
}

TEST(Denomination, NonCanonicalValuesStillGetTheMinimum) {
    // Largest-first would take 40+10+10 (3 notes); the minimum is 30+30.
    std::vector<Denomination> units = {{"a", 4000, 10}, {"b", 3000, 10}, {"c", 1000, 10}};
    EXPECT_EQ(*minimum_notes_mix(6000, units), (Mix{{"b", 2}}));
}

TEST(Denomination, IsDeterministicAcrossEqualUnits) {
    std::vector<Denomination> units = {{"unit1", 10000, 5}, {"unit2", 10000, 5}};
    auto a = minimum_notes_mix(70000, units);
    ASSERT_TRUE(a);
    EXPECT_EQ(*a, *minimum_notes_mix(70000, units));
    EXPECT_EQ(a->at("unit1") + a->at("unit2"), 7);
}

TEST(DeviceHealth, OfflineHardwareErrorAndReset) {
    DeviceHealth h;
    std::vector<DeviceState> changes;
    h.on_change([&](DeviceState s) { changes.push_back(s); });
    FaultPlan p;
    EXPECT_FALSE(h.admit(p, "dispense"));
    p.arm({.name = "hardwareError", .at = "present"});
    EXPECT_FALSE(h.admit(p, "dispense"));
    auto o = h.admit(p, "present");
    ASSERT_TRUE(o);
    EXPECT_EQ(o->completion, Completion::hardwareError);
    EXPECT_EQ(h.admit(p, "dispense")->completion, Completion::hardwareError);  // until reset
    EXPECT_FALSE(h.admit(p, "reset"));
    h.set(DeviceState::offline);
    EXPECT_EQ(h.admit(p, "reset")->completion, Completion::deviceNotReady);
    EXPECT_EQ(changes, (std::vector<DeviceState>{DeviceState::hardwareError, DeviceState::offline}));
    EXPECT_EQ(to_string(Completion::deviceNotReady), "deviceNotReady");
}

}  // namespace
}  // namespace atmbench::devices
