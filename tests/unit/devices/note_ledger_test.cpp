// The ledger of physical truth: every note in exactly one place, moves conserve totals.
#include "devices/cash/note_ledger.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace atmbench::devices {
namespace {

Note note(const std::string& serial, std::int64_t value = 10000, NoteClass c = NoteClass::fit) {
    return Note{serial, "CNY", value, c};
}

TEST(NoteLedger, AddCountAmountAndWhere) {
    NoteLedger l;
    l.add("unit1", note("A1"));
    l.add("unit1", note("A2"));
    l.add("unit2", note("B1", 5000));
    EXPECT_EQ(l.count("unit1"), 2);
    EXPECT_EQ(l.amount("unit1"), 20000);
    EXPECT_EQ(l.amount("unit2"), 5000);
    EXPECT_EQ(l.count("nowhere"), 0);
    EXPECT_EQ(l.total(), 3);
    EXPECT_EQ(l.where_is("B1"), "unit2");
    EXPECT_EQ(l.where_is("ZZ"), "");
}

TEST(NoteLedger, ANoteCannotBeInTwoPlaces) {
    NoteLedger l;
    l.add("unit1", note("A1"));
    EXPECT_THROW(l.add("customer", note("A1")), std::invalid_argument);
    EXPECT_EQ(l.total(), 1);
}

TEST(NoteLedger, MovesAreFirstInFirstOutAndConserve) {
    NoteLedger l;
    for (int i = 0; i < 5; ++i) l.add("unit1", note("N" + std::to_string(i)));
    auto moved = l.move("unit1", where::stacker, 2);
    ASSERT_EQ(moved.size(), 2u);
    EXPECT_EQ(moved[0].serial, "N0");
    EXPECT_EQ(moved[1].serial, "N1");
    EXPECT_EQ(l.where_is("N1"), "stacker");
    EXPECT_EQ(l.count("unit1"), 3);
    EXPECT_EQ(l.move("unit1", where::output).size(), 3u);  // all
    EXPECT_EQ(l.move("empty", where::output, 4).size(), 0u);
    EXPECT_EQ(l.total(), 5);
    EXPECT_EQ(l.count(where::stacker) + l.count(where::output), 5);
}

TEST(NoteLedger, MoveIfAndMoveSerial) {
    NoteLedger l;
    l.add(where::input, note("G1"));
    l.add(where::input, note("U1", 10000, NoteClass::unrecognised));
    l.add(where::input, note("G2"));
    auto refused = l.move_if(where::input, where::output,
                             [](const Note& n) { return n.note_class == NoteClass::unrecognised; });
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].serial, "U1");
    EXPECT_EQ(l.count(where::input), 2);
    EXPECT_TRUE(l.move_serial("G2", where::escrow));
    EXPECT_FALSE(l.move_serial("nope", where::escrow));
    EXPECT_EQ(l.at(where::input).front().serial, "G1");
    EXPECT_EQ(l.where_is("G2"), "escrow");
}

TEST(NoteLedger, JsonListsNotesPerLocation) {
    NoteLedger l;
    l.add("unit1", note("A1"));
    l.add("unit1", note("A2", 5000, NoteClass::unfit));
    l.move("unit1", where::customer, 1);
    l.move("unit1", where::customer, 1);  // unit1 now empty: left out
    boost::json::object j = l.to_json();
    EXPECT_FALSE(j.contains("unit1"));
    const auto& c = j.at("customer").as_object();
    EXPECT_EQ(c.at("count").as_uint64(), 2u);
    EXPECT_EQ(c.at("amount").as_int64(), 15000);
    EXPECT_EQ(c.at("notes").as_array()[1].as_object().at("class").as_string(), "unfit");
}

}  // namespace
}  // namespace atmbench::devices
