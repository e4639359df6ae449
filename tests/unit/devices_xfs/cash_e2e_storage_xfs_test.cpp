// End-to-end dispense tokens (docs/references.md [XFS4IoT] §4) and storage exchange over XFS4IoT.
#include "cash_test_support.hpp"

namespace atmbench::devices::xfs_test {

namespace {
json::object dispense(std::int64_t cny, const std::string& token) {
    json::object p{{"denomination", json::object{{"currencies", json::object{{"CNY", cny}}}}}};
    if (!token.empty()) p["token"] = token;
    return p;
}
}  // namespace

class CashE2eXfsTest : public ::testing::Test {
protected:
    DeviceServer ds{make_cash_device(fixture_cash("standard.yaml"), CashDeviceOptions{kE2eKeyHex})};
    XfsClient app{ds.uri("CashModule1")};

    std::string nonce() {
        Messages m = app.run("Common.GetCommandNonce");
        EXPECT_EQ(completion_code(m), "success");
        return std::string(payload(m).at("commandNonce").as_string());
    }
    void clear_stacker() { EXPECT_EQ(completion_code(app.run("CashDispenser.Reject")), "success"); }
};

TEST_F(CashE2eXfsTest, ValidTokenDispensesUpToItsAmountAcrossCalls) {
    json::object status;
    app.sync(&status);
    EXPECT_EQ(status.at("common").at("endToEndSecurity"), "enforced");

    std::string token = sign_token(nonce(), "300.00CNY");
    Messages first = app.run("CashDispenser.Dispense", dispense(200, token));
    ASSERT_EQ(completion_code(first), "success");
    clear_stacker();
    Messages over = app.run("CashDispenser.Dispense", dispense(200, token));
    EXPECT_EQ(completion_code(over), "invalidToken") << "200 + 200 > 300 under one token";
    EXPECT_EQ(notes_at(ds.truth(), "stacker"), 0) << "nothing moved for a refused token";
    Messages rest = app.run("CashDispenser.Dispense", dispense(100, token));
    EXPECT_EQ(completion_code(rest), "success");
    clear_stacker();
    EXPECT_EQ(completion_code(app.run("CashDispenser.Dispense", dispense(50, token))), "invalidToken");
}

TEST_F(CashE2eXfsTest, OverAmountAndWrongCurrency) {
    std::string n = nonce();
    EXPECT_EQ(completion_code(app.run("CashDispenser.Dispense", dispense(400, sign_token(n, "300.00CNY")))), "invalidToken");
    EXPECT_EQ(completion_code(app.run("CashDispenser.Dispense", dispense(100, sign_token(n, "300.00EUR")))), "invalidToken");
    EXPECT_EQ(notes_at(ds.truth(), "stacker"), 0);
}

TEST_F(CashE2eXfsTest, InvalidTokensAreRefusedWithTheirCodes) {
    EXPECT_EQ(completion_code(app.run("CashDispenser.Dispense", dispense(100, sign_token("ABCD", "300.00CNY")))),
              "noCommandNonce")
        << "no nonce was ever issued";
    std::string n = nonce();
    EXPECT_EQ(completion_code(app.run("CashDispenser.Dispense", dispense(100, ""))), "authorisationRequired");

    std::string good = sign_token(n, "300.00CNY");
    std::string tampered = good;
    tampered.replace(tampered.find("300.00"), 6, "900.00");  // same length: only the HMAC can tell
    EXPECT_EQ(completion_code(app.run("CashDispenser.Dispense", dispense(100, tampered))), "invalidTokenHMAC");
    EXPECT_EQ(completion_code(app.run("CashDispenser.Dispense", dispense(100, sign_token(n, "300.00CNY", std::string(64, 'A'))))),
              "invalidTokenHMAC")
        << "signed under another key";

    EXPECT_EQ(completion_code(app.run("CashDispenser.Dispense", dispense(100, "DISPENSE1=100.00CNY"))), "invalidTokenFormat");
    std::string bad_length = good;
    bad_length.replace(bad_length.find("TOKENLENGTH=") + 12, 4, "0001");
    EXPECT_EQ(completion_code(app.run("CashDispenser.Dispense", dispense(100, bad_length))), "invalidTokenFormat");
    EXPECT_EQ(completion_code(app.run("CashDispenser.Dispense", dispense(100, sign_token(n, "3,00CNY")))), "invalidTokenFormat");

    std::string stale = good;
    std::string fresh = nonce();  // a new nonce retires tokens made for the old one
    ASSERT_NE(fresh, n);
    EXPECT_EQ(completion_code(app.run("CashDispenser.Dispense", dispense(100, stale))), "invalidTokenNonce");
    EXPECT_EQ(completion_code(app.run("CashDispenser.Dispense", dispense(100, sign_token(fresh, "100.00CNY")))), "success");

    Messages cleared = app.run("Common.ClearCommandNonce");
    EXPECT_EQ(completion_code(cleared), "success");
    EXPECT_EQ(events_of(cleared), (std::vector<std::string>{"unsolicited:Common.NonceClearedEvent"}));
    app.run("CashDispenser.Reject");
    EXPECT_EQ(completion_code(app.run("CashDispenser.Dispense", dispense(100, sign_token(fresh, "100.00CNY")))),
              "noCommandNonce");
    EXPECT_EQ(ds.truth().at("units").at("unit1").at("count"), 499) << "only the one valid dispense moved notes";
}

class CashStorageXfsTest : public ::testing::Test {
protected:
    DeviceServer ds{make_cash_device(fixture_cash("standard.yaml"))};
    XfsClient app{ds.uri("CashModule1")};
};

TEST_F(CashStorageXfsTest, GetStorageShapesUnitsPerReference) {
    Messages m = app.run("Storage.GetStorage");
    const json::value& unit1 = payload(m).at("storage").at("unit1");
    EXPECT_EQ(unit1.at("id"), "unit1");
    EXPECT_EQ(unit1.at("capacity"), 2500);
    EXPECT_EQ(unit1.at("status"), "ok");
    EXPECT_EQ(unit1.at("cash").at("configuration").at("currency"), "CNY");
    EXPECT_EQ(unit1.at("cash").at("configuration").at("value"), 100);
    EXPECT_EQ(unit1.at("cash").at("configuration").at("types").at("cashOut"), true);
    EXPECT_EQ(unit1.at("cash").at("status").at("initial").at("typeCNY100").at("fit"), 500);
    EXPECT_EQ(unit1.at("cash").at("status").at("count"), 500);
    EXPECT_EQ(payload(m).at("storage").at("unit6").at("cash").at("configuration").at("types").at("cashOutRetract"), true);
}

TEST_F(CashStorageXfsTest, ExchangeReplenishSetCountsAndEnd) {
    Messages start = app.run("Storage.StartExchange");
    ASSERT_EQ(completion_code(start), "success");
    json::value changed = payload_of(start, "unsolicited:Common.StatusChangedEvent");
    ASSERT_TRUE(changed.is_object());
    EXPECT_EQ(changed.at("common").at("exchange"), "active");
    EXPECT_EQ(error_code(app.run("CashDispenser.Dispense",
                                 json::object{{"denomination", json::object{{"currencies", json::object{{"CNY", 100}}}}}})),
              "exchangeActive");
    EXPECT_EQ(error_code(app.run("Storage.StartExchange")), "exchangeActive");

    // The operator swaps the cassette's contents: 500 out, 120 in.
    ds.act("emptyUnit", {{"unit", "unit1"}});
    ds.act("replenish", {{"unit", "unit1"}, {"count", 120}});
    Messages set = app.run("Storage.SetStorage",
                           json::object{{"storage", json::object{{"unit1", json::object{{"cash", json::object{{"initial", json::object{{"typeCNY100", json::object{{"fit", 120}}}}}}}}}}}});
    ASSERT_EQ(completion_code(set), "success");
    EXPECT_EQ(payload_of(set, "unsolicited:Storage.CountsChangedEvent").at("unit1").at("cash").at("status").at("count"), 120);
    EXPECT_EQ(completion_code(app.run("Storage.SetStorage", json::object{{"storage", json::object{{"unit9", json::object{{"count", 1}}}}}})),
              "invalidData");

    Messages end = app.run("Storage.EndExchange");
    ASSERT_EQ(completion_code(end), "success");
    int storage_changed = 0;
    for (const auto& e : events_of(end)) storage_changed += e == "unsolicited:Storage.StorageChangedEvent";
    EXPECT_EQ(storage_changed, 6) << "one StorageChangedEvent per unit";
    EXPECT_EQ(error_code(app.run("Storage.EndExchange")), "noExchangeActive");

    Messages storage = app.run("Storage.GetStorage");
    EXPECT_EQ(reported_count(storage, "unit1"), 120);
    EXPECT_EQ(payload(storage).at("storage").at("unit1").at("cash").at("status").at("initial").at("typeCNY100").at("fit"), 120);
    json::object truth = ds.truth();
    EXPECT_EQ(notes_at(truth, "unit1"), 120);
    EXPECT_EQ(notes_at(truth, "operator"), 500);
    expect_conserved(truth, 2000);
}

TEST_F(CashStorageXfsTest, CassetteRemovedAndMissingAtDispense) {
    ds.fault({{"name", "cassetteRemoved"}, {"target", "unit1"}});
    Messages removed = app.sync();
    EXPECT_EQ(payload_of(removed, "unsolicited:Storage.StorageChangedEvent").at("unit1").at("status"), "missing");
    Messages d = app.run("CashDispenser.Dispense",
                         json::object{{"denomination", json::object{{"counts", json::object{{"unit1", 1}}}}}});
    EXPECT_EQ(error_code(d), "cashUnitError");
    // A bare amount is mixed from the units still there.
    Messages d2 = app.run("CashDispenser.Dispense",
                          json::object{{"denomination", json::object{{"currencies", json::object{{"CNY", 100}}}}}});
    EXPECT_EQ(completion_code(d2), "success");
    EXPECT_EQ(payload(d2).at("denomination").at("counts"), (json::object{{"unit2", 1}}));
}

}  // namespace atmbench::devices::xfs_test
