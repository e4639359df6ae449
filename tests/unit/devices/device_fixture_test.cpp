// The shipped device and card fixtures load, and bad files fail with file:line: key: what was expected.
#include "atmbench/common/yaml_source.hpp"
#include "atmbench/devices/card_catalogue.hpp"
#include "atmbench/devices/device_fixture.hpp"
#include "devices/card_reader/card_reader.hpp"
#include "devices/cash/cash_module.hpp"
#include "devices/printer/printer.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace atmbench::devices {
namespace {

const std::filesystem::path kFixtures = ATMBENCH_FIXTURES_DIR;

std::string fixture_error(const std::string& yaml) {
    try {
        parse_device_fixture(yaml, "set.yaml");
    } catch (const common::FixtureError& e) {
        return e.what();
    }
    return "<no error>";
}

std::string card_error(const std::string& yaml) {
    try {
        CardCatalogue::parse(yaml, "cards.yaml");
    } catch (const common::FixtureError& e) {
        return e.what();
    }
    return "<no error>";
}

TEST(DeviceFixture, StandardCashOutSet) {
    DeviceFixture f = load_device_fixture(kFixtures / "devices" / "standard.yaml");
    EXPECT_EQ(f.name, "CNY cash-out set");
    const auto* cash = f.config<CashModuleConfig>("cash");
    ASSERT_TRUE(cash);
    ASSERT_EQ(cash->units.size(), 6u);
    EXPECT_EQ(cash->units[0].value, 10000);
    EXPECT_EQ(cash->units[2].value, 5000);
    EXPECT_EQ(cash->units[0].currency, "CNY");
    EXPECT_EQ(cash->units[4].type, UnitType::reject);
    EXPECT_EQ(cash->units[5].type, UnitType::retract);
    EXPECT_EQ(cash->units[5].currency, "");
    const auto* card_reader = f.config<CardReaderConfig>("cardReader");
    ASSERT_TRUE(card_reader);
    EXPECT_EQ(card_reader->retain_units[0].capacity, 20);
    ASSERT_EQ(f.devices.size(), 7u);  // every device type of the bench, in the order of the file
    EXPECT_EQ(f.devices[2].type, "pinPad");
    EXPECT_EQ(f.devices[6].id, "sensors");

    CashModule m(*cash);
    EXPECT_EQ(m.ledger().total(), 2000);
    EXPECT_EQ(m.ledger().amount("unit1") + m.ledger().amount("unit2") + m.ledger().amount("unit3") +
                  m.ledger().amount("unit4"),
              15000000);  // 1000 × 100 + 1000 × 50 CNY, in fen
    EXPECT_EQ(m.notes_at("unit1").front().serial.substr(0, 2), "FA");
    auto d = m.denominate(245000, "CNY");  // 2450 CNY: 24 × 100 + 1 × 50
    ASSERT_TRUE(d.outcome.ok());
    int hundreds = 0, fifties = 0;
    for (const auto& [unit, n] : d.mix) (unit == "unit1" || unit == "unit2" ? hundreds : fifties) += n;
    EXPECT_EQ(hundreds, 24);
    EXPECT_EQ(fifties, 1);
    CashModule again(*load_device_fixture(kFixtures / "devices" / "standard.yaml").config<CashModuleConfig>("cash"));
    EXPECT_EQ(again.notes_at("unit4").back().serial, m.notes_at("unit4").back().serial);
}

TEST(DeviceFixture, RecyclerSet) {
    DeviceFixture f = load_device_fixture(kFixtures / "devices" / "recycler.yaml");
    const auto* cash = f.config<CashModuleConfig>("cash");
    ASSERT_TRUE(cash);
    EXPECT_EQ(cash->units[0].type, UnitType::recycling);
    EXPECT_EQ(cash->units[2].type, UnitType::cashIn);
    EXPECT_EQ(cash->escrow_capacity, 200);
    EXPECT_TRUE(cash->retain_counterfeit);
    CashModule m(*cash);
    EXPECT_TRUE(m.cash_in_start().ok());
}

// A set with one cash module whose `config` is `cash` (indented under it); its first line is line 4 of the file.
std::string cash_set(const std::string& cash) {
    std::string indented;
    for (std::size_t at = 0; at < cash.size();) {
        std::size_t nl = cash.find('\n', at);
        indented += "      " + cash.substr(at, nl - at + 1);
        at = nl == std::string::npos ? cash.size() : nl + 1;
    }
    return "devices:\n  - type: cash\n    config:\n" + indented;
}

TEST(DeviceFixture, ErrorsNameFileLineAndKey) {
    std::string e = fixture_error(cash_set("units:\n  - {id: unit1, type: cashout, value: 100, capacity: 10}\n"));
    EXPECT_NE(e.find("set.yaml:5: type: expected cashOut, cashIn, recycling, reject or retract"), std::string::npos)
        << e;
    e = fixture_error(cash_set("units:\n  - id: unit1\n    type: cashOut\n    capacity: 10\n"));
    EXPECT_NE(e.find("set.yaml:5: value: missing (required for cashOut units)"), std::string::npos) << e;
    e = fixture_error(cash_set("units:\n  - {id: unit1, type: cashOut, value: 100, capacity: 10, count: 11}\n"));
    EXPECT_NE(e.find("count: expected a number from 0 to 10 (found 11)"), std::string::npos) << e;
    e = fixture_error(cash_set("units:\n  - {id: unit1, type: cashOut, value: 100, capacity: 10}\n"
                               "  - {id: unit1, type: reject, capacity: 10}\n"));
    EXPECT_NE(e.find("set.yaml:6: id: unit unit1 defined twice"), std::string::npos) << e;
    e = fixture_error(cash_set("colour: red\nunits: []\n"));
    EXPECT_NE(e.find("set.yaml:4: colour: unknown key"), std::string::npos) << e;
    e = fixture_error(cash_set("units: []\n"));
    EXPECT_NE(e.find("units: expected a list of cash units"), std::string::npos) << e;
    e = fixture_error(cash_set("units:\n  - {id: cassetteA, type: reject, capacity: 10}\n"));
    EXPECT_NE(e.find("id: expected unit1, unit2"), std::string::npos) << e;
    e = fixture_error(cash_set("serials: {prefix: fa}\nunits:\n  - {id: unit1, type: reject, capacity: 1}\n"));
    EXPECT_NE(e.find("set.yaml:4: prefix: expected capital letters"), std::string::npos) << e;
    e = fixture_error(cash_set("units:\n  - {id: unit1, type: cashOut, value: 100, currency: yuan, capacity: 1}\n"));
    EXPECT_NE(e.find("currency: expected an ISO 4217 code"), std::string::npos) << e;
    e = fixture_error("devices:\n  - type: cardReader\n    config:\n      retain_units:\n        - {id: unit1, capacity: 0}\n");
    EXPECT_NE(e.find("set.yaml:5: capacity: expected a number from 1 to 10000"), std::string::npos) << e;
    e = fixture_error("devices: [\n");
    EXPECT_NE(e.find("set.yaml:"), std::string::npos) << e;
    EXPECT_NE(e.find("YAML syntax error"), std::string::npos) << e;
    EXPECT_THROW(load_device_fixture(kFixtures / "devices" / "nope.yaml"), common::FixtureError);
}

TEST(DeviceFixture, DeviceEntriesNameTheirTypeAndId) {
    std::string e = fixture_error("devices:\n  - {type: pinPad}\n  - {type: teleporter}\n");
    EXPECT_NE(e.find("set.yaml:3: type: unknown device type \"teleporter\" (expected one of: cardReader, cash"),
              std::string::npos) << e;
    e = fixture_error("devices:\n  - {type: lights}\n  - {type: lights}\n");
    EXPECT_NE(e.find("set.yaml:3: id: device lights listed twice"), std::string::npos) << e;
    e = fixture_error("devices:\n  - {type: lights, id: a}\n  - {type: lights, id: b}\n");
    EXPECT_NE(e.find("set.yaml:3: type: a second lights"), std::string::npos) << e;
    e = fixture_error("devices:\n  - {type: sensors, config: {doors: 2}}\n");
    EXPECT_NE(e.find("set.yaml:2: doors: unknown key (a sensors takes no config yet)"), std::string::npos) << e;
    e = fixture_error("devices:\n  - {type: printer, colour: red}\n");
    EXPECT_NE(e.find("set.yaml:2: colour: unknown key (expected one of: type, id, config)"), std::string::npos) << e;
    e = fixture_error("name: x\n");
    EXPECT_NE(e.find("devices: missing: expected a list of devices {type, id?, config?}"), std::string::npos) << e;

    DeviceFixture f = parse_device_fixture("devices:\n  - {type: printer, id: receipt, config: {paper_lines: 5}}\n", "s");
    ASSERT_EQ(f.devices.size(), 1u);
    EXPECT_EQ(f.devices[0].id, "receipt");
    ASSERT_TRUE(f.config<PrinterConfig>("printer"));
    EXPECT_EQ(f.config<PrinterConfig>("printer")->paper_lines, 5);
    EXPECT_EQ(f.config<CashModuleConfig>("cash"), nullptr);
}

TEST(DeviceFixture, OldFormatSaysHowToConvert) {
    std::string e = fixture_error("name: x\ncash:\n  units: []\n");
    EXPECT_NE(e.find("set.yaml:2: cash: the device set format changed: list every device under `devices:` as "
                     "{type, id?, config?}, here `- {type: cash, config: <this mapping>}`"),
              std::string::npos) << e;
    e = fixture_error("card_reader:\n  retain_units: []\n");
    EXPECT_NE(e.find("set.yaml:1: card_reader: the device set format changed"), std::string::npos) << e;
    EXPECT_NE(e.find("{type: cardReader, config: <this mapping>}"), std::string::npos) << e;
}

TEST(CardCatalogue, ShippedTestCards) {
    CardCatalogue c = CardCatalogue::load(kFixtures / "cards");
    const Card* zhang = c.find("zhang-mag");
    ASSERT_NE(zhang, nullptr);
    EXPECT_EQ(zhang->pan, "6222020000000000018");
    EXPECT_TRUE(zhang->track1 && zhang->track3);
    EXPECT_FALSE(zhang->chip);
    const Card* chip = c.find("zhang-chip");
    ASSERT_TRUE(chip && chip->chip);
    EXPECT_EQ(*chip->track2, "6222020000000000018=30122011234567890000");
    EXPECT_EQ(chip->chip->atr, "3B6800000073C84013009000");
    EXPECT_EQ(chip->chip->answer("00A404000E315041592E5359532E444446303100").substr(0, 4), "6F1E");
    EXPECT_EQ(chip->chip->answer("00B2020C00"), "6D00");
    const Card* bad = c.find("bad-luhn");
    ASSERT_NE(bad, nullptr);
    EXPECT_FALSE(luhn_valid(bad->pan));
    EXPECT_TRUE(luhn_valid(c.find_pan("6222020000000000034")->pan));
    EXPECT_EQ(c.find_pan("6222020000000000034")->id, "lost-mag");
    EXPECT_FALSE(c.find("blank")->readable());
    for (const Card& k : c.cards()) {
        if (k.id != "bad-luhn" && !k.pan.empty()) {
            EXPECT_TRUE(luhn_valid(k.pan)) << k.id;
        }
    }
}

TEST(CardCatalogue, ShippedCardsWorkInTheReader) {
    CardCatalogue c = CardCatalogue::load(kFixtures / "cards" / "test-cards.yaml");
    CardReader r({}, c.cards());
    r.accept_card();
    ASSERT_TRUE(r.insert(std::string("zhang-chip")));
    auto rd = r.read_raw_data({.track2 = true, .chip = true});
    ASSERT_TRUE(rd.outcome.ok());
    EXPECT_EQ(rd.chip->data, "3B6800000073C84013009000");
    EXPECT_EQ(r.chip_io("80CA9F7900").response, "9F79060000000100009000");
}

TEST(CardCatalogue, ErrorsNameFileLineAndKey) {
    std::string e = card_error("cards:\n  - id: a\n    pan: \"6222020000000000018\"\n    track2: \"6222=1\"\n");
    EXPECT_NE(e.find("cards.yaml:4: track2: expected \"PAN=…\""), std::string::npos) << e;
    e = card_error("cards:\n  - id: a\n    pan: \"62220\"\n");
    EXPECT_NE(e.find("cards.yaml:3: pan: expected 12 to 19 digits"), std::string::npos) << e;
    e = card_error("cards:\n  - id: a\n    track2: \"1=2\"\n");
    EXPECT_NE(e.find("cards.yaml:2: pan: missing"), std::string::npos) << e;
    e = card_error("cards:\n  - id: a\n    pan: \"6222020000000000018\"\n    chip:\n      atr: \"3B6\"\n");
    EXPECT_NE(e.find("cards.yaml:5: atr: expected an even number of hex digits"), std::string::npos) << e;
    e = card_error("cards:\n  - id: a\n    pan: \"6222020000000000018\"\n    chip:\n      atr: \"3B00\"\n"
                   "      apdu:\n        - {command: \"00A4\", response: \"9000\"}\n");
    EXPECT_NE(e.find("cards.yaml:7: command: expected at least CLA INS P1 P2"), std::string::npos) << e;
    e = card_error("cards:\n  - id: a\n  - id: a\n");
    EXPECT_NE(e.find("cards.yaml:3: id: card \"a\" already defined at cards.yaml:2"), std::string::npos) << e;
    e = card_error("cards:\n  - id: a\n    cvv: 123\n");
    EXPECT_NE(e.find("cards.yaml:3: cvv: unknown key"), std::string::npos) << e;
    e = card_error("kards: []\n");
    EXPECT_NE(e.find("kards: unknown key"), std::string::npos) << e;
}

}  // namespace
}  // namespace atmbench::devices
