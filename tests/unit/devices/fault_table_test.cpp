// The fault tables (fault_table.cpp) against the models' sources: every point a model passes to FaultPlan::fire
// (directly or through its helpers) and every command DeviceHealth::admit gates must be in the table, or the
// control endpoint and the scenario loader would refuse a point the device does reach.
#include "atmbench/devices/fault_table.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace atmbench::devices {
namespace {

const std::filesystem::path kModels = std::filesystem::path(ATMBENCH_FIXTURES_DIR).parent_path() / "sim-devices" / "src" / "devices";

// The device type whose folder (src/devices/TYPE/) holds `file`; "" outside a type folder.
std::string device_of(const std::filesystem::path& file) {
    static const std::map<std::string, std::string> folders{
        {"cash", "cash"},   {"card_reader", "cardReader"}, {"pin_pad", "pinPad"}, {"printer", "printer"},
        {"text_terminal", "textTerminal"}, {"lights", "lights"}, {"sensors", "sensors"}};
    auto it = folders.find(file.parent_path().filename().string());
    return it == folders.end() ? "" : it->second;
}

bool has_point(const FaultTable& t, const std::string& name, const std::string& point) {
    for (const auto& k : t)
        if (k.name == name)
            for (const auto& p : k.points)
                if (p == point) return true;
    return false;
}

bool has_fault(const FaultTable& t, const std::string& name) {
    for (const auto& k : t)
        if (k.name == name) return true;
    return false;
}

TEST(FaultTable, EveryPointAModelReachesIsInItsDevicesTable) {
    // Helpers that fire one fault at the point they are given.
    const std::map<std::string, std::string> helpers{{"shutter_opens", "shutterOpenFail"}, {"shutter_closes", "shutterCloseFail"},
                                                     {"escrow_jam", "escrowJam"},         {"jam_check", "paperJam"},
                                                     {"claimed", "countMismatch"},        {"hangs", "hang"}};
    const std::regex fire(R"re(fire\("(\w+)",\s*"(\w+)")re"), admit(R"re(admit\((?:faults_,\s*)?"(\w+)")re"),
        helper(R"re(\b(shutter_opens|shutter_closes|escrow_jam|jam_check|claimed|hangs)\("(\w+)")re");
    int seen = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(kModels)) {
        std::string file = e.path().filename().string();
        std::string device = device_of(e.path());
        if (device.empty() || e.path().extension() != ".cpp") continue;
        const FaultTable* table = fault_table(device);
        ASSERT_NE(table, nullptr) << device;
        std::ifstream in(e.path());
        std::stringstream text;
        text << in.rdbuf();
        const std::string src = text.str();
        for (std::sregex_iterator it(src.begin(), src.end(), fire), end; it != end; ++it, ++seen)
            EXPECT_TRUE(has_point(*table, (*it)[1], (*it)[2])) << file << ": " << (*it)[1] << " at " << (*it)[2];
        for (std::sregex_iterator it(src.begin(), src.end(), helper), end; it != end; ++it, ++seen)
            EXPECT_TRUE(has_point(*table, helpers.at((*it)[1]), (*it)[2])) << file << ": " << helpers.at((*it)[1]) << " at " << (*it)[2];
        if (!has_fault(*table, "hardwareError")) continue;  // the sensors' admit gates no injectable fault
        for (std::sregex_iterator it(src.begin(), src.end(), admit), end; it != end; ++it, ++seen)
            EXPECT_TRUE(has_point(*table, "hardwareError", (*it)[1])) << file << ": hardwareError at " << (*it)[1];
    }
    EXPECT_GT(seen, 40) << "the sources were read";
}

TEST(FaultTable, CheckRefusesUnknownNamesAndUnreachablePoints) {
    const FaultTable& cash = *fault_table("cash");
    EXPECT_FALSE(check_fault("cash", cash, FaultSpec{.name = "jam", .at = "dispense"}, {}));
    EXPECT_FALSE(check_fault("cash", cash, FaultSpec{.name = "jam"}, {}));
    auto p = check_fault("cash", cash, FaultSpec{.name = "jam", .at = "cashIn"}, {});
    ASSERT_TRUE(p);
    EXPECT_EQ(p->field, "at");
    EXPECT_EQ(p->expected, std::vector<std::string>{"dispense"});
    p = check_fault("cash", cash, FaultSpec{.name = "jamm"}, {});
    ASSERT_TRUE(p);
    EXPECT_EQ(p->field, "name");
    p = check_fault("printer", *fault_table("printer"), FaultSpec{.name = "offline", .at = "print"}, {});
    ASSERT_TRUE(p);
    EXPECT_NE(p->message.find("takes effect when armed"), std::string::npos) << p->message;
    EXPECT_FALSE(check_fault("cash", cash, FaultSpec{.name = "missingFields", .at = "CashDispenser.Dispense"}, {"CashDispenser.Dispense"}));
    EXPECT_TRUE(check_fault("cash", cash, FaultSpec{.name = "missingFields", .at = "CashDispenser.Dispens"}, {"CashDispenser.Dispense"}));
}

TEST(FaultTable, AnswerFaultPointsFollowTheirKind) {
    const FaultTable& cash = *fault_table("cash");
    const std::vector<std::string> commands{"CashDispenser.Dispense", "Storage.GetStorage"};
    const std::vector<std::string> events{"Common.StatusChangedEvent", "CashManagement.ItemsTakenEvent"};
    // missingEvent's points are the events, not the commands.
    EXPECT_FALSE(check_fault("cash", cash, FaultSpec{.name = "missingEvent", .at = "CashManagement.ItemsTakenEvent"}, commands, events));
    auto p = check_fault("cash", cash, FaultSpec{.name = "missingEvent", .at = "CashManagement.ItemTakenEvent"}, commands, events);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->field, "at");
    EXPECT_EQ(p->expected, events);
    EXPECT_NE(p->message.find("(expected one of: Common.StatusChangedEvent, CashManagement.ItemsTakenEvent)"), std::string::npos) << p->message;
    EXPECT_TRUE(check_fault("cash", cash, FaultSpec{.name = "missingEvent", .at = "CashDispenser.Dispense"}, commands, events));
    // countsOff: Storage.GetStorage or nothing.
    EXPECT_FALSE(check_fault("cash", cash, FaultSpec{.name = "countsOff"}, commands, events));
    EXPECT_FALSE(check_fault("cash", cash, FaultSpec{.name = "countsOff", .at = "Storage.GetStorage"}, commands, events));
    p = check_fault("cash", cash, FaultSpec{.name = "countsOff", .at = "CashDispenser.Dispense"}, commands, events);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->expected, std::vector<std::string>{"Storage.GetStorage"});
    // The command deviations take the commands.
    EXPECT_FALSE(check_fault("cash", cash, FaultSpec{.name = "wrongCompletionCode", .at = "CashDispenser.Dispense"}, commands, events));
    EXPECT_TRUE(check_fault("cash", cash, FaultSpec{.name = "ackStatusOnSuccess", .at = "CashManagement.ItemsTakenEvent"}, commands, events));
    // Unknown names list the answer faults with the device's own.
    p = check_fault("cash", cash, FaultSpec{.name = "countOff"}, commands, events);
    ASSERT_TRUE(p);
    EXPECT_NE(std::find(p->expected.begin(), p->expected.end(), "countsOff"), p->expected.end());
}

}  // namespace
}  // namespace atmbench::devices
