// The host model on a dialect written only in JSON (tests/data/iso8583/bank-b-1993.json: withdrawal 1200/17,
// reversal 1420 naming the original in F56, sign-on and echo 1804 with the code in F24): it signs on, authorises,
// reverses and refuses by the dialect, not by MTIs of its own.
#include "host_fixture.hpp"

#include "atmbench/host/response_codes.hpp"

namespace atmbench::host::test {
namespace {

struct BankBHost : HostFixture {
    BankBHost() : HostFixture(fixtures() / ".." / "tests" / "data" / "iso8583" / "bank-b-1993.json") {}

    Outcome bank_b_sign_on() {
        iso8583::Message m = network("000");
        m.mti = "1804";
        m.set(24, "801");
        Outcome o = send(m);
        if (o.reply && o.reply->find(39) && o.reply->at(39) == rc::kApproved) {
            crypto::BlockKey tmk = crypto::BlockKey::tdes(from_hex("0123456789ABCDEFFEDCBA9876543210"));
            crypto::WorkingKeys k = crypto::parse_f62(tmk, view_of(o.reply->at(62)), false);
            pik = crypto::BlockKey::tdes(k.pik);
            mak = crypto::BlockKey::tdes(k.mak);
        }
        return o;
    }
    iso8583::Message withdrawal(std::int64_t amount) {
        iso8583::Message m = financial("17", kPan, kPin, amount);
        m.mti = "1200";
        return m;
    }
};

TEST_F(BankBHost, SignsOnAuthorisesAndReversesByTheDialect) {
    Outcome on = bank_b_sign_on();
    ASSERT_TRUE(on.reply);
    EXPECT_EQ(on.reply->mti, "1814");
    EXPECT_EQ(on.reply->at(39), "00") << on.note;
    ASSERT_TRUE(mak);

    std::int64_t before = balance(kPan);
    iso8583::Message w = withdrawal(30000);
    Outcome paid = send(w);
    ASSERT_TRUE(paid.reply);
    EXPECT_EQ(paid.reply->mti, "1210");
    EXPECT_EQ(paid.reply->at(39), "00") << paid.note;
    EXPECT_EQ(balance(kPan), before - 30000);

    // The reversal names its original in F56 (56.1 MTI, 56.2 STAN) and carries a STAN of its own.
    iso8583::Message rev;
    rev.mti = "1420";
    for (int f : {2, 3, 4, 41, 49}) rev.set(f, w.at(f));
    rev.set(11, next_stan());
    rev.set(56, "1200" + w.at(11) + std::string(23, '0'));
    Outcome back = send(rev);
    ASSERT_TRUE(back.reply);
    EXPECT_EQ(back.reply->at(39), "00") << back.note;
    EXPECT_EQ(balance(kPan), before);
}

TEST_F(BankBHost, EchoNeedsNoMacAndUnknownCodesAreNotSupported) {
    iso8583::Message echo = network("000");
    echo.mti = "1804";
    echo.set(24, "831");
    Outcome o = send(echo);
    ASSERT_TRUE(o.reply);
    EXPECT_EQ(o.reply->at(39), "00") << o.note;

    echo.set(24, "999");  // a network code no kind lists: network management, not supported
    o = send(echo);
    EXPECT_EQ(o.reply->at(39), rc::kNotSupported) << o.note;

    ASSERT_TRUE(bank_b_sign_on().reply);
    iso8583::Message w = withdrawal(10000);
    w.set(3, "990000");  // a processing code no kind lists
    o = send(w);
    EXPECT_EQ(o.reply->at(39), rc::kNotSupported) << o.note;

    iso8583::Message cup = financial("01", kPan, kPin, 10000);  // cup-atm's 0200 is no message of this dialect
    o = send(cup);
    EXPECT_EQ(o.reply->at(39), rc::kNotSupported) << o.note;
    EXPECT_NE(o.note.find("no kind of the dialect"), std::string::npos) << o.note;
}

}  // namespace
}  // namespace atmbench::host::test
