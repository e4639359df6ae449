// Storage: the reported view, SetStorage, exchanges and the operator's hands, and the physical truth document.
#include "device_test_support.hpp"

#include <algorithm>

namespace atmbench::devices {
namespace {

using test::CashEvents;
using test::expect_conserved;
using test::reported;

struct Storage : test::CashModuleTest {};

TEST_F(Storage, GetStorageReportsTheConfiguration) {
    auto units = m.get_storage();
    ASSERT_EQ(units.size(), 4u);
    EXPECT_EQ(units[0].id, "unit1");
    EXPECT_EQ(to_string(units[0].type), "cashOut");
    EXPECT_EQ(units[0].reported_currency, "CNY");
    EXPECT_EQ(units[0].reported_value, 10000);
    EXPECT_EQ(units[0].reported_count, 50);
    EXPECT_EQ(units[0].capacity, 100);
    EXPECT_EQ(units[0].counters.initial, 50);
    EXPECT_EQ(to_string(units[3].type), "retract");
    EXPECT_EQ(to_string(units[3].status), "ok");
    EXPECT_EQ(replenishment_status(units[0]), "ok");
    EXPECT_EQ(replenishment_status(units[3]), "ok");
}

TEST_F(Storage, SetStorageChangesOnlyTheReportedCount) {
    ASSERT_TRUE(m.set_storage("unit2", 7).ok());
    EXPECT_EQ(reported(m, "unit2"), 7);
    EXPECT_EQ(m.unit("unit2")->counters.initial, 7);
    EXPECT_EQ(m.physical_count("unit2"), 50);
    EXPECT_EQ(replenishment_status(*m.unit("unit2")), "low");
    EXPECT_EQ(ev.log, (std::vector<std::string>{"counts:unit2,"}));
    EXPECT_EQ(m.set_storage("unit9", 1).completion, Completion::invalidData);
    EXPECT_EQ(m.set_storage("unit1", -1).completion, Completion::invalidData);
}

TEST_F(Storage, ExchangeBlocksTransactionsAndLetsTheOperatorWork) {
    ASSERT_TRUE(m.start_exchange().ok());
    EXPECT_EQ(m.start_exchange().error_code, "exchangeActive");
    EXPECT_EQ(m.denominate(10000, "CNY").outcome.error_code, "exchangeActive");
    EXPECT_EQ(m.dispense({{"unit1", 1}}).outcome.error_code, "exchangeActive");
    EXPECT_EQ(m.cash_in_start().error_code, "exchangeActive");
    ASSERT_TRUE(m.empty_unit("unit2").ok());
    EXPECT_EQ(m.ledger().count(where::operator_), 50);
    ASSERT_TRUE(m.replenish("unit2", 30).ok());
    EXPECT_EQ(m.physical_count("unit2"), 30);
    EXPECT_EQ(m.replenish("unit2", 80).error_code, "storageUnitError");
    EXPECT_EQ(reported(m, "unit2"), 50) << "the device does not know until SetStorage";
    ASSERT_TRUE(m.set_storage("unit2", 30).ok());
    ASSERT_TRUE(m.end_exchange().ok());
    EXPECT_EQ(m.end_exchange().error_code, "noExchangeActive");
    EXPECT_EQ(m.replenish("unit2", 1).error_code, "noExchangeActive");
    EXPECT_EQ(m.empty_unit("unit2").error_code, "noExchangeActive");
    EXPECT_EQ(std::count(ev.log.begin(), ev.log.end(), "storageChanged:unit2"), 1);
    EXPECT_EQ(m.notes_introduced(), 30);
    EXPECT_TRUE(m.dispense({{"unit2", 1}}).outcome.ok());
    expect_conserved(m, initial);
}

TEST_F(Storage, EndExchangeClearsEmptyAndFullFlags) {
    m.inject_fault({.name = "cassetteEmpty", .target = "unit1"});
    EXPECT_FALSE(m.dispense({{"unit1", 1}}).outcome.ok());
    EXPECT_TRUE(m.unit("unit1")->reported_empty);
    ASSERT_TRUE(m.start_exchange().ok());
    ASSERT_TRUE(m.end_exchange().ok());
    EXPECT_FALSE(m.unit("unit1")->reported_empty);
    EXPECT_TRUE(m.dispense({{"unit1", 1}}).outcome.ok());
}

TEST_F(Storage, PhysicalTruthDocument) {
    ASSERT_TRUE(m.dispense({{"unit1", 2}}).outcome.ok());
    boost::json::object t = m.physical_truth();
    EXPECT_EQ(t.at("total").as_int64(), 100);
    EXPECT_EQ(t.at("shutter").as_string(), "closed");
    const auto& notes = t.at("notes").as_object();
    EXPECT_EQ(notes.at("stacker").at("count").as_uint64(), 2u);
    EXPECT_EQ(notes.at("stacker").at("amount").as_int64(), 20000);
    EXPECT_EQ(notes.at("unit1").at("notes").as_array().size(), 48u);
    EXPECT_FALSE(notes.contains("unit3"));
    EXPECT_EQ(t.at("units").at("unit1").at("reportedCount").as_int64(), 48);
    EXPECT_EQ(t.at("units").at("unit3").at("count").as_int64(), 0);
}

TEST_F(Storage, SameConfigSameSerials) {
    CashModule other(test::small_dispenser());
    EXPECT_EQ(other.notes_at("unit1"), m.notes_at("unit1"));
    CashModuleConfig c = test::small_dispenser();
    c.seed = 43;
    CashModule reseeded(c);
    EXPECT_NE(reseeded.notes_at("unit1").front().serial, m.notes_at("unit1").front().serial);
}

TEST(CashModuleConfig, BadUnitsAreRefused) {
    CashModuleConfig c = test::small_dispenser();
    c.units.push_back(c.units[0]);
    EXPECT_THROW(CashModule{c}, std::invalid_argument);
    c = test::small_dispenser();
    c.units[2].count = 3;  // a reject unit with notes but no denomination
    EXPECT_THROW(CashModule{c}, std::invalid_argument);
}

}  // namespace
}  // namespace atmbench::devices
