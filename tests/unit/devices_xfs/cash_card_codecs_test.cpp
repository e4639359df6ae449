// The adapters' pure helpers: money conversion between minor units and XFS4IoT decimals, note type names,
// base64/hex, status deltas and the E2E token check without a server.
#include "cash_test_support.hpp"

#include "devices/cash_card_adapter.hpp"
#include "devices/cash/cash_payloads.hpp"

#include <limits>

namespace atmbench::devices::xfs_test {

TEST(CashPayloads, AmountsAreDecimalMajorUnits) {
    EXPECT_EQ(decimal_amount(30000, "CNY"), 300);
    EXPECT_EQ(decimal_amount(15050, "CNY"), 150.5);
    EXPECT_EQ(decimal_amount(1000, "JPY"), 1000) << "JPY has no minor unit";
    EXPECT_EQ(minor_amount(json::value(300), "CNY"), 30000);
    EXPECT_EQ(minor_amount(json::value(150.5), "CNY"), 15050);
    EXPECT_EQ(minor_amount(json::value(0.1), "CNY"), 10);
    EXPECT_FALSE(minor_amount(json::value(1.005), "CNY"));
    EXPECT_FALSE(minor_amount(json::value(-1), "CNY"));
    EXPECT_FALSE(minor_amount(json::value("300"), "CNY"));
    EXPECT_EQ(note_type("CNY", 10000), "typeCNY100");
    EXPECT_EQ(note_type("CNY", 50), "typeCNY0.5");
}

// A terminal may ask for any number: one whose minor units int64 cannot hold is refused, never wrapped (signed
// overflow and an out-of-range double→int64 conversion are undefined behaviour, C++ [expr.pre]/4, [conv.fpint]).
TEST(CashPayloads, AmountsBeyondMinorUnitsAreRefused) {
    EXPECT_FALSE(minor_amount(json::value(std::int64_t{92233720368547759}), "CNY")) << "x100 overflows int64";
    EXPECT_EQ(minor_amount(json::value(std::int64_t{92233720368547758}), "CNY"), 9223372036854775800);
    EXPECT_EQ(minor_amount(json::value(std::int64_t{9223372036854775807}), "JPY"), 9223372036854775807);
    EXPECT_FALSE(minor_amount(json::value(std::uint64_t{18446744073709551615u}), "JPY"));
    EXPECT_FALSE(minor_amount(json::value(1e300), "CNY"));
    EXPECT_FALSE(minor_amount(json::value(9.3e16), "CNY")) << "9.3e18 minor units";
    EXPECT_FALSE(minor_amount(json::value(std::numeric_limits<double>::infinity()), "CNY"));
    EXPECT_FALSE(minor_amount(json::value(std::numeric_limits<double>::quiet_NaN()), "CNY"));
    std::string error;
    EXPECT_FALSE(parse_denomination(json::parse(R"({"denomination":{"counts":{"unit1":4294967297}}})"), error))
        << "a count beyond int is refused, not cut to 1";
    EXPECT_NE(error.find("unit1"), std::string::npos) << error;
}

TEST(CashPayloads, DenominationRequestReadsCountsOrValues) {
    std::string error;
    auto r = parse_denomination(json::parse(R"({"denomination":{"currencies":{"CNY":250},"values":{"unit1":2,"unit3":1}}})"), error);
    ASSERT_TRUE(r) << error;
    EXPECT_EQ(r->currency, "CNY");
    EXPECT_EQ(r->amount, 25000);
    EXPECT_EQ(r->counts, (Mix{{"unit1", 2}, {"unit3", 1}}));
    EXPECT_FALSE(parse_denomination(json::parse(R"({"denomination":{"currencies":{"CNY":1,"EUR":1}}})"), error));
    EXPECT_FALSE(parse_denomination(json::parse(R"({"denomination":{"counts":{"unit1":-1}}})"), error));
    EXPECT_FALSE(parse_denomination(json::parse(R"({})"), error));
}

TEST(CardReaderCodec, Base64AndHex) {
    for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) EXPECT_EQ(*base64_decode(base64_encode(s)), s);
    EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
    EXPECT_FALSE(base64_decode("Zm9"));
    EXPECT_FALSE(base64_decode("Zm=v"));
    EXPECT_EQ(hex_of(bytes_of_hex("3b68ff")), "3B68FF");
    EXPECT_THROW(bytes_of_hex("3G"), std::invalid_argument);
}

TEST(AdapterStatus, DeltaHoldsOnlyChangedFields) {
    json::object before{{"common", json::object{{"device", "online"}}},
                        {"cardReader", json::object{{"media", "present"}, {"security", "notSupported"}}}};
    json::object after = before;
    after["cardReader"].as_object()["media"] = "entering";
    EXPECT_EQ(status_delta(before, after), (json::object{{"cardReader", json::object{{"media", "entering"}}}}));
    EXPECT_TRUE(status_delta(after, after).empty());
}

TEST(DispenseTokens, HmacCoversTheTextUpToHmacKey) {
    DispenseTokens t(bytes_of_hex(kE2eKeyHex));
    std::string nonce = t.new_nonce();
    std::string token = sign_token(nonce, "300.00CNY");
    EXPECT_EQ(token.size(), std::stoul(token.substr(token.find("TOKENLENGTH=") + 12, 4)));
    EXPECT_TRUE(t.authorise(token, "CNY", 30000).ok());
    EXPECT_EQ(t.authorise(token, "CNY", 30001).code, xfs4iot::CompletionCode::InvalidToken);
    t.spent(token, "CNY", 20000);
    EXPECT_EQ(t.authorise(token, "CNY", 10001).code, xfs4iot::CompletionCode::InvalidToken);
    EXPECT_TRUE(t.authorise(token, "CNY", 10000).ok());
    std::string lower = token.substr(0, token.size() - 64) + std::string(64, 'a');
    EXPECT_EQ(t.authorise(lower, "CNY", 100).code, xfs4iot::CompletionCode::InvalidTokenFormat);
    EXPECT_TRUE(t.clear_nonce());
    EXPECT_EQ(t.authorise(token, "CNY", 100).code, xfs4iot::CompletionCode::NoCommandNonce);
}

}  // namespace atmbench::devices::xfs_test
