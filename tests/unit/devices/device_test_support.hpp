// Shared helpers of the device model tests: small configurations, listeners that record events as text, and the
// conservation checks every test can apply.
#pragma once

#include "devices/card_reader/card_reader.hpp"
#include "devices/cash/cash_module.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace atmbench::devices::test {

// unit1 100 CNY × 50, unit2 50 CNY × 50, unit3 reject (cap 20), unit4 retract (cap 10).
inline CashModuleConfig small_dispenser() {
    CashModuleConfig c;
    c.serial_prefix = "TS";
    c.seed = 42;
    c.max_dispense_items = 40;
    c.units = {{"unit1", UnitType::cashOut, "CNY", 10000, 50, 100},
               {"unit2", UnitType::cashOut, "CNY", 5000, 50, 100},
               {"unit3", UnitType::reject, "", 0, 0, 20},
               {"unit4", UnitType::retract, "", 0, 0, 10}};
    return c;
}

// unit1 recycling 100 CNY × 10, unit2 recycling 50 CNY × 10, unit3 cashIn (cap 50), unit4 reject, unit5 retract.
inline CashModuleConfig small_recycler() {
    CashModuleConfig c;
    c.serial_prefix = "RT";
    c.seed = 3;
    c.max_cash_in_items = 20;
    c.escrow_capacity = 30;
    c.units = {{"unit1", UnitType::recycling, "CNY", 10000, 10, 100},
               {"unit2", UnitType::recycling, "CNY", 5000, 10, 100},
               {"unit3", UnitType::cashIn, "", 0, 0, 50},
               {"unit4", UnitType::reject, "", 0, 0, 20},
               {"unit5", UnitType::retract, "", 0, 0, 10}};
    return c;
}

struct CashEvents : CashListener {
    std::vector<std::string> log;
    void items_presented(int n) override { log.push_back("presented:" + std::to_string(n)); }
    void items_taken(std::string_view pos, int n) override {
        log.push_back("taken:" + std::string(pos) + ":" + std::to_string(n));
    }
    void items_inserted(int n) override { log.push_back("inserted:" + std::to_string(n)); }
    void insert_items() override { log.push_back("insertItems"); }
    void shutter_changed(ShutterState s) override { log.push_back("shutter:" + std::string(to_string(s))); }
    void incomplete_dispense(const Mix& m) override {
        std::string s = "incompleteDispense:";
        for (const auto& [u, n] : m) s += u + "=" + std::to_string(n) + ";";
        log.push_back(s);
    }
    void incomplete_retract(const std::string& u, int n) override {
        log.push_back("incompleteRetract:" + u + ":" + std::to_string(n));
    }
    void storage_error(const std::string& u, std::string_view f) override {
        log.push_back("storageError:" + u + ":" + std::string(f));
    }
    void counts_changed(const std::vector<std::string>& units) override {
        std::string s = "counts:";
        for (const auto& u : units) s += u + ",";
        log.push_back(s);
    }
    void storage_changed(const std::string& u) override { log.push_back("storageChanged:" + u); }
    void input_refused(std::string_view reason, int n) override {
        log.push_back("refused:" + std::string(reason) + ":" + std::to_string(n));
    }
    void status_changed(DeviceState s) override { log.push_back("status:" + std::string(to_string(s))); }
};

struct CardEvents : CardListener {
    std::vector<std::string> log;
    void insert_card() override { log.push_back("insertCard"); }
    void media_inserted() override { log.push_back("mediaInserted"); }
    void invalid_media() override { log.push_back("invalidMedia"); }
    void media_removed() override { log.push_back("mediaRemoved"); }
    void media_detected(std::string_view p) override { log.push_back("mediaDetected:" + std::string(p)); }
    void status_changed(DeviceState s) override { log.push_back("status:" + std::string(to_string(s))); }
};

// Money conservation: every note is in exactly one place, and none appeared or vanished beyond what came in.
inline void expect_conserved(const CashModule& m, int initial_total) {
    EXPECT_EQ(m.ledger().total(), initial_total + m.notes_introduced());
    boost::json::object truth = m.physical_truth();
    std::set<std::string> serials;
    int listed = 0;
    for (const auto& [loc, v] : truth.at("notes").as_object())
        for (const auto& n : v.as_object().at("notes").as_array()) {
            ++listed;
            serials.insert(std::string(n.as_object().at("serial").as_string()));
        }
    EXPECT_EQ(listed, m.ledger().total());
    EXPECT_EQ(static_cast<int>(serials.size()), listed) << "a serial is in two places";
}

inline int reported(const CashModule& m, const std::string& unit) { return m.unit(unit)->reported_count; }

inline Card mag_card(const std::string& id, const std::string& pan) {
    Card c;
    c.id = id;
    c.pan = pan;
    c.track2 = pan + "=30121011234567890000";
    return c;
}

inline Card chip_card(const std::string& id) {
    Card c = mag_card(id, "6222020000000000018");
    c.chip = Chip{"3B6800000073C84013009000",
                  {{"00A404000E315041592E5359532E444446303100", "6F1E840E315041592E5359532E44444630319000"},
                   {"00DC010C0470025A00", "9000"},
                   {"805200000B0000000100000000000000", "6985"}}};
    return c;
}

// Each card the test used appears exactly once in the reader's physical truth.
inline void expect_cards_once(const CardReader& r, const std::vector<std::string>& ids) {
    boost::json::object truth = r.physical_truth();
    for (const auto& id : ids) {
        int seen = 0;
        for (const auto& [loc, v] : truth.at("cards").as_object())
            for (const auto& c : v.as_array()) seen += c.as_string() == id;
        EXPECT_EQ(seen, 1) << id;
    }
}


// A small dispenser with its event listener attached and its starting note count, the setting of the cash
// dispenser, fault and storage tests.
struct CashModuleTest : ::testing::Test {
    CashModule m{small_dispenser()};
    CashEvents ev;
    int initial = 0;
    void SetUp() override {
        m.set_listener(&ev);
        initial = m.ledger().total();
    }
};

}  // namespace atmbench::devices::test
