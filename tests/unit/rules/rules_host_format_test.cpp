// HOST-FORMAT (7.3.5 a/d): every frame the terminal sends parses under the host's profile; the host records why one
// does not.
#include "rules_test_support.hpp"

namespace atmbench::harness::test {
namespace {

struct HostFormat : RulesTest {};

TEST_F(HostFormat, ATerminalWhoseMessagesAllParsePasses) {
    atm.sign_on();
    atm.choose_withdrawal();
    atm.request("01", 30000);
    atm.reply("00");
    EXPECT_PASSES(judge("HOST-FORMAT"));
}

TEST_F(HostFormat, AFrameTheHostCannotParseFails) {
    atm.sign_on();
    atm.choose_withdrawal();
    // What the recorder writes for the 0200 of a terminal whose PAN is padded on the wrong side.
    const std::size_t bad = trace.add(
        "host", "in", "",
        json::object{{"seq", 9}, {"direction", "in"}, {"connection", 1}, {"length", 80},
                     {"raw", "00486000010000603100000000<67 bytes not shown: undecodable>"},
                     {"error", "field 2 at offset 10: expected pad nibble 0, found nibble 6"},
                     {"note", "undecodable request: not answered"}});
    EXPECT_FAILS_WITH(judge("HOST-FORMAT"), Evidence{bad}, "pad nibble 0");
}

TEST_F(HostFormat, NothingSentIsNotApplicable) {
    EXPECT_EQ(judge("HOST-FORMAT").outcome, Outcome::NotApplicable);
}

}  // namespace
}  // namespace atmbench::harness::test
