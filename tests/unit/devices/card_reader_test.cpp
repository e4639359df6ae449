// The card reader: card in, read, chip, eject, take, retain — physical truth, errors and events in order.
#include "device_test_support.hpp"

namespace atmbench::devices {
namespace {

using test::CardEvents;
using test::expect_cards_once;

struct Reader : ::testing::Test {
    CardReader r{CardReaderConfig{{{"unit1", 2, 0}}}, {test::mag_card("zhang", "6222020000000000018")}};
    CardEvents ev;
    Card chip = test::chip_card("zhang-chip");
    void SetUp() override { r.set_listener(&ev); }
    void card_in(const Card& c) {
        auto a = r.accept_card();
        ASSERT_TRUE(a.outcome.ok());
        ASSERT_FALSE(a.card_present);
        ASSERT_TRUE(r.insert(c));
    }
};

TEST_F(Reader, CardInReadEjectTake) {
    card_in(chip);
    EXPECT_EQ(r.media_status(), "present");
    EXPECT_EQ(r.card()->id, "zhang-chip");
    auto rd = r.read_raw_data({.track1 = true, .track2 = true, .chip = true});
    ASSERT_TRUE(rd.outcome.ok());
    EXPECT_EQ(rd.track1->status, "dataMissing");
    EXPECT_EQ(rd.track2->status, "");
    EXPECT_EQ(rd.track2->data, "6222020000000000018=30121011234567890000");
    EXPECT_EQ(rd.chip->data, "3B6800000073C84013009000");
    EXPECT_FALSE(rd.track3) << "not requested";
    ASSERT_TRUE(r.move("transport", "exit").ok());
    EXPECT_EQ(r.media_status(), "entering");
    EXPECT_TRUE(r.take());
    EXPECT_EQ(r.where_is("zhang-chip"), "customer");
    EXPECT_EQ(r.media_status(), "notPresent");
    EXPECT_EQ(ev.log, (std::vector<std::string>{"insertCard", "mediaInserted", "mediaRemoved"}));
    expect_cards_once(r, {"zhang-chip"});
}

TEST_F(Reader, ACardAlreadyInsideNeedsNoInsertion) {
    card_in(chip);
    auto a = r.accept_card();
    EXPECT_TRUE(a.card_present);
    EXPECT_EQ(ev.log, (std::vector<std::string>{"insertCard", "mediaInserted"}));
}

TEST_F(Reader, TheSlotIsClosedUnlessTheReaderWaits) {
    EXPECT_FALSE(r.insert(chip));
    EXPECT_EQ(r.where_is("zhang-chip"), "");
    r.accept_card();
    r.cancel_accept();
    EXPECT_FALSE(r.insert(chip));
    card_in(chip);
    EXPECT_FALSE(r.insert(std::string("zhang"))) << "occupied";
    EXPECT_THROW(r.insert(chip), std::invalid_argument) << "the same card cannot be inserted twice";
    EXPECT_THROW(r.insert(std::string("nobody")), std::invalid_argument);
}

TEST_F(Reader, CatalogueCardsByIdAndTheSameCardAgainAfterTaking) {
    r.accept_card();
    ASSERT_TRUE(r.insert(std::string("zhang")));
    ASSERT_TRUE(r.move("", "exit").ok());
    ASSERT_TRUE(r.take());
    r.accept_card();
    ASSERT_TRUE(r.insert(std::string("zhang")));
    EXPECT_EQ(r.where_is("zhang"), "transport");
    expect_cards_once(r, {"zhang"});
}

TEST_F(Reader, RetainIntoTheUnitUntilFull) {
    card_in(chip);
    ASSERT_TRUE(r.move("transport", "unit1").ok());
    EXPECT_EQ(r.where_is("zhang-chip"), "unit1");
    EXPECT_EQ(r.get_storage()[0].reported_count, 1);
    r.accept_card();
    ASSERT_TRUE(r.insert(std::string("zhang")));
    ASSERT_TRUE(r.move("transport", "unit1").ok());
    EXPECT_EQ(r.cards_at("unit1"), 2);
    Card third = test::mag_card("li", "6222020000000000026");
    card_in(third);
    EXPECT_EQ(r.move("transport", "unit1").error_code, "full");
    EXPECT_EQ(r.where_is("li"), "transport");
    EXPECT_EQ(r.reset("retain").error_code, "retainBinFull");
    EXPECT_EQ(r.where_is("li"), "transport");
    expect_cards_once(r, {"zhang-chip", "zhang", "li"});
}

TEST_F(Reader, MoveErrors) {
    EXPECT_EQ(r.move("transport", "exit").error_code, "noMedia");
    card_in(chip);
    EXPECT_EQ(r.move("exit", "transport").error_code, "noMedia");
    EXPECT_EQ(r.move("transport", "unit7").completion, Completion::invalidData);
    EXPECT_EQ(r.move("unit1", "exit").completion, Completion::invalidData);
    ASSERT_TRUE(r.move("transport", "exit").ok());
    ASSERT_TRUE(r.move("exit", "transport").ok()) << "retracted back in from the exit";
    EXPECT_EQ(r.where_is("zhang-chip"), "transport");
    EXPECT_EQ(r.read_raw_data({.track2 = true}).track2->data.substr(0, 19), "6222020000000000018");
}

TEST_F(Reader, ReadWithoutACard) {
    EXPECT_EQ(r.read_raw_data({.track2 = true}).outcome.error_code, "noMedia");
    EXPECT_EQ(r.chip_io("00A4040000").outcome.error_code, "noMedia");
}

TEST_F(Reader, BlankCardIsInvalidMedia) {
    Card blank;
    blank.id = "blank";
    card_in(blank);
    auto rd = r.read_raw_data({.track1 = true, .track2 = true, .track3 = true});
    EXPECT_EQ(rd.outcome.error_code, "invalidMedia");
    EXPECT_EQ(rd.track2->status, "dataMissing");
    EXPECT_EQ(ev.log.back(), "invalidMedia");
    EXPECT_EQ(r.chip_io("00A4040000").outcome.error_code, "invalidMedia");
}

TEST_F(Reader, ChipAnswersFromItsScript) {
    card_in(chip);
    auto a = r.chip_io("00 a4 04 00 0e 31 50 41 59 2e 53 59 53 2e 44 44 46 30 31 00");
    ASSERT_TRUE(a.outcome.ok());
    EXPECT_EQ(a.response, "6F1E840E315041592E5359532E44444630319000");
    EXPECT_EQ(r.chip_io("00B2010C00").response, "6D00");
    EXPECT_EQ(r.chip_io("zz").outcome.completion, Completion::invalidData);
    auto w = r.chip_io("00DC010C0470025A00");
    EXPECT_EQ(w.response, "9000");
    ASSERT_EQ(r.chip_log().size(), 3u);
    EXPECT_FALSE(r.chip_log()[0].write);
    EXPECT_TRUE(r.chip_log()[2].write);
    EXPECT_EQ(r.chip_log()[2].status, 'S');
    EXPECT_EQ(r.chip_io("805200000B0000000100000000000000").response, "6985");
    EXPECT_EQ(r.chip_log().back().status, 'F');
}

TEST_F(Reader, ResetEjectsOrRetainsOrLeavesTheCard) {
    card_in(chip);
    ASSERT_TRUE(r.reset("currentPosition").ok());
    EXPECT_EQ(r.where_is("zhang-chip"), "transport");
    ASSERT_TRUE(r.reset("exit").ok());
    EXPECT_EQ(r.where_is("zhang-chip"), "exit");
    ASSERT_TRUE(r.move("exit", "transport").ok());
    ASSERT_TRUE(r.reset("retain").ok());
    EXPECT_EQ(r.where_is("zhang-chip"), "unit1");
    EXPECT_TRUE(r.reset().ok()) << "nothing inside";
    EXPECT_EQ(ev.log, (std::vector<std::string>{"insertCard", "mediaInserted", "mediaDetected:transport",
                                                "mediaDetected:exit", "mediaDetected:unit1"}));
}

TEST_F(Reader, PhysicalTruthDocument) {
    card_in(chip);
    ASSERT_TRUE(r.move("transport", "unit1").ok());
    auto t = r.physical_truth();
    EXPECT_EQ(t.at("cards").at("unit1").as_array()[0].as_string(), "zhang-chip");
    EXPECT_EQ(t.at("units").at("unit1").at("count").as_int64(), 1);
    EXPECT_EQ(t.at("units").at("unit1").at("capacity").as_int64(), 2);
    EXPECT_EQ(t.at("gate").as_string(), "normal");
    EXPECT_EQ(t.at("media").as_string(), "notPresent");
}

TEST(CardReaderConfig, PreloadedRetainUnitCountsAndDuplicates) {
    CardReader r(CardReaderConfig{{{"unit1", 3, 2}}});
    EXPECT_EQ(r.cards_at("unit1"), 2);
    EXPECT_EQ(r.get_storage()[0].reported_count, 2);
    EXPECT_THROW(CardReader(CardReaderConfig{{{"unit1", 3, 0}, {"unit1", 3, 0}}}), std::invalid_argument);
}

TEST(Card, LuhnAndHex) {
    EXPECT_TRUE(luhn_valid("6222020000000000018"));
    EXPECT_FALSE(luhn_valid("6222020000000000019"));
    EXPECT_FALSE(luhn_valid(""));
    EXPECT_FALSE(luhn_valid("62220200000000000a8"));
    EXPECT_EQ(normalise_hex("0a b1"), "0AB1");
    EXPECT_THROW(normalise_hex("ABC"), std::invalid_argument);
}

}  // namespace
}  // namespace atmbench::devices
