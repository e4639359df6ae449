// The `dialect` section of a profile: what each shipped profile's messages mean, and the specific errors a wrong
// section gets (file, JSON path, what was expected).
#include "test_support.hpp"

#include "atmbench/iso8583/dialect.hpp"

#include <map>

namespace atmbench::iso8583::test {
namespace {

using host::HostKind;

std::optional<HostKind> kind(const Dialect& d, const std::string& mti, std::map<int, std::string> fields) {
    return d.kind_of(mti, [&](int f) -> const std::string* {
        auto it = fields.find(f);
        return it == fields.end() ? nullptr : &it->second;
    });
}

TEST(Dialect, ShippedProfilesSayWhatTheirMessagesAre) {
    for (const Profile* p : {&cup(), &ascii87()}) {
        SCOPED_TRACE(p->name);
        ASSERT_TRUE(p->dialect);
        const Dialect& d = *p->dialect;
        EXPECT_EQ(kind(d, "0200", {{3, "010000"}}), HostKind::Withdrawal);
        EXPECT_EQ(kind(d, "0210", {{3, "010000"}, {39, "00"}}), HostKind::Withdrawal);  // a reply: its request's kind
        EXPECT_EQ(kind(d, "0200", {{3, "210000"}}), HostKind::Deposit);
        EXPECT_EQ(kind(d, "0200", {{3, "310000"}}), HostKind::BalanceInquiry);
        EXPECT_EQ(kind(d, "0200", {{3, "990000"}}), HostKind::OtherFinancial);
        EXPECT_EQ(kind(d, "0421", {{3, "010000"}}), HostKind::Reversal);
        EXPECT_EQ(kind(d, "0430", {}), HostKind::Reversal);
        EXPECT_EQ(kind(d, "0800", {{60, "00000001003"}}), HostKind::SignOn);
        EXPECT_EQ(kind(d, "0800", {{70, "301"}}), HostKind::Echo);  // F70 first, where the message carries it
        EXPECT_EQ(kind(d, "0800", {{60, "00000001999"}}), HostKind::OtherNetwork);
        EXPECT_EQ(kind(d, "0500", {{60, "00000001201"}}), HostKind::Settlement);
        EXPECT_EQ(kind(d, "0500", {{60, "00000001999"}}), std::nullopt);
        EXPECT_EQ(kind(d, "0100", {{3, "010000"}}), std::nullopt);  // not in the dialect
        EXPECT_EQ(d.first_of(d.original_stan, [](int f) -> const std::string* {
                      static const std::string f90 = "0200000123" + std::string(32, '0'), f11 = "000777";
                      return f == 90 ? &f90 : f == 11 ? &f11 : nullptr;
                  }),
                  "000123");
        EXPECT_TRUE(d.is_approved("00"));
        EXPECT_FALSE(d.is_approved("51"));
    }
}

std::string dialect_error(const std::string& dialect) {
    const std::string fields = R"("3":{"name":"p","type":"n","length":6},"4":{"name":"a","type":"n","length":12},
        "11":{"name":"s","type":"n","length":6},"2":{"name":"pan","kind":"llvar","type":"n","length":19},
        "39":{"name":"rc","type":"an","length":2},"41":{"name":"t","type":"ans","length":8},
        "48":{"name":"tot","kind":"lllvar","type":"ans","length":99},"62":{"name":"k","kind":"lllvar","type":"b","length":99},
        "60":{"name":"r","kind":"lllvar","type":"n","length":17,"subfields":[{"id":"60.1","name":"x","length":2},{"id":"60.2","name":"b","length":6},{"id":"60.3","name":"c","length":3}]})";
    try {
        Profile::parse(R"({"name":"x","fields":{)" + fields + R"(},"dialect":)" + dialect + "}", "fixtures/iso8583/x.json");
    } catch (const ProfileError& e) {
        return e.what();
    }
    return "(no error)";
}

const std::string kRest = R"("fields":{"processing_code":"3","amount":"4","stan":"11","pan":"2","response_code":"39",
    "terminal":"41","network_code":"60.3","original_stan":"11"},"responses":{"approved":"00","reversal_done":["00"]},
    "totals":{"field":"48","format":"debit-credit-n12n3"},"keys":{"field":"62","format":"cup-f62"})";

TEST(DialectErrors, AMinimalDialectLoads) {
    EXPECT_EQ(dialect_error(R"({"kinds":{"withdrawal":{"mti":"0200","processing":"01"}},)" + kRest + "}"), "(no error)");
}

TEST(DialectErrors, NameFileJsonPathAndWhatWasExpected) {
    EXPECT_EQ(dialect_error(R"({"kinds":{"withdrawl":{"mti":"0200"}},)" + kRest + "}"),
              "fixtures/iso8583/x.json: dialect: kinds: unknown kind 'withdrawl' (expected one of balance_inquiry, "
              "withdrawal, deposit, transfer, reversal, sign_on, sign_off, key_exchange, echo, time_sync, settlement)");
    EXPECT_EQ(dialect_error(R"({"kinds":{"withdrawal":{"mti":"0210"}},)" + kRest + "}"),
              "fixtures/iso8583/x.json: dialect: kinds: withdrawal: 'mti' must hold request MTIs: 4 digits, an even "
              "third digit (\"0200\") (found \"0210\")");
    EXPECT_EQ(dialect_error(R"({"kinds":{"withdrawal":{"processing":"01"}},)" + kRest + "}"),
              "fixtures/iso8583/x.json: dialect: kinds: withdrawal: missing key 'mti'");
    std::string rest = kRest;
    rest.replace(rest.find(R"("60.3")"), 6, R"("60.9")");
    EXPECT_EQ(dialect_error(R"({"kinds":{"withdrawal":{"mti":"0200"}},)" + rest + "}"),
              "fixtures/iso8583/x.json: dialect: fields: 'network_code': field 60 has no subfield \"60.9\" (expected "
              "one of its 'subfields' ids)");
    rest = kRest;
    rest.replace(rest.find(R"("amount":"4")"), 12, R"("amount":"5")");
    EXPECT_EQ(dialect_error(R"({"kinds":{"withdrawal":{"mti":"0200"}},)" + rest + "}"),
              "fixtures/iso8583/x.json: dialect: fields: 'amount': field 5 is not defined in this profile's 'fields'");
    rest = kRest;
    rest.replace(rest.find("cup-f62"), 7, "tr31");
    EXPECT_EQ(dialect_error(R"({"kinds":{"withdrawal":{"mti":"0200"}},)" + rest + "}"),
              "fixtures/iso8583/x.json: dialect: keys: 'format' must be one of cup-f62 (found \"tr31\")");
}

}  // namespace
}  // namespace atmbench::iso8583::test
