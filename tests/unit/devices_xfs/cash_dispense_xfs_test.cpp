// The cash module's dispenser and cash management over XFS4IoT, driven by a real WebSocket client: denominate →
// dispense → present → take, present → not taken → retract, jams, shutter, and money conservation throughout.
#include "cash_test_support.hpp"

namespace atmbench::devices::xfs_test {

class CashDispenseXfsTest : public ::testing::Test {
protected:
    static constexpr std::int64_t kInitialNotes = 2000;  // standard.yaml: 4 × 500
    DeviceServer ds{make_cash_device(fixture_cash("standard.yaml"))};
    XfsClient app{ds.uri("CashModule1")};

    static json::object cny(std::int64_t amount) {
        return {{"denomination", json::object{{"currencies", json::object{{"CNY", amount}}}}}};
    }
};

TEST_F(CashDispenseXfsTest, DenominateDispensePresentTake) {
    Messages den = app.run("CashDispenser.Denominate", cny(300));
    ASSERT_EQ(completion_code(den), "success");
    EXPECT_EQ(payload(den).at("currencies").at("CNY"), 300) << "amounts are decimal major units";
    EXPECT_EQ(payload(den).at("counts"), (json::object{{"unit1", 3}}));

    Messages disp = app.run("CashDispenser.Dispense", cny(300));
    ASSERT_EQ(completion_code(disp), "success");
    EXPECT_EQ(payload(disp).at("denomination").at("counts"), (json::object{{"unit1", 3}}));
    EXPECT_EQ(payload(disp).at("denomination").at("currencies").at("CNY"), 300);
    json::value counts = payload_of(disp, "unsolicited:Storage.CountsChangedEvent");
    ASSERT_TRUE(counts.is_object());
    EXPECT_EQ(counts.at("unit1").at("cash").at("status").at("count"), 497);
    EXPECT_EQ(notes_at(ds.truth(), "stacker"), 3);

    Messages present = app.run("CashDispenser.Present", json::object{{"position", "outDefault"}});
    ASSERT_EQ(completion_code(present), "success");
    EXPECT_EQ(events_of(present), (std::vector<std::string>{"unsolicited:CashManagement.ShutterStatusChangedEvent",
                                                             "unsolicited:CashManagement.ItemsPresentedEvent",
                                                             "unsolicited:Storage.CountsChangedEvent"}));
    EXPECT_EQ(payload_of(present, "unsolicited:CashManagement.ShutterStatusChangedEvent").at("shutter"), "open");
    EXPECT_EQ(payload(app.run("CashDispenser.GetPresentStatus")).at("presentState"), "presented");

    ds.act("takeCash");
    Messages taken = app.sync();
    EXPECT_EQ(events_of(taken), (std::vector<std::string>{"unsolicited:CashManagement.ItemsTakenEvent",
                                                           "unsolicited:CashManagement.ShutterStatusChangedEvent"}));
    EXPECT_EQ(payload_of(taken, "unsolicited:CashManagement.ShutterStatusChangedEvent").at("shutter"), "closed");

    json::object truth = ds.truth();
    EXPECT_EQ(notes_at(truth, "customer"), 3);
    EXPECT_EQ(truth.at("notes").at("customer").at("amount"), 30000) << "physical truth keeps minor units";
    expect_conserved(truth, kInitialNotes);
    EXPECT_EQ(reported_count(app.run("Storage.GetStorage"), "unit1"), 497);

    // GetItemInfo: the serial numbers (冠字号) of the notes the customer now holds.
    Messages info = app.run("CashManagement.GetItemInfo");
    std::vector<std::string> serials;
    for (const auto& item : payload(info).at("itemsList").as_array()) {
        serials.emplace_back(item.at("serialNumber").as_string());
        EXPECT_EQ(item.at("noteType"), "typeCNY100");
    }
    EXPECT_EQ(serials, serials_at(truth, "customer"));
}

TEST_F(CashDispenseXfsTest, PresentedButNotTakenIsRetracted) {
    ASSERT_EQ(completion_code(app.run("CashDispenser.Dispense", cny(150))), "success");
    ASSERT_EQ(completion_code(app.run("CashDispenser.Present")), "success");
    Messages retract = app.run("CashManagement.Retract",
                               json::object{{"location", json::object{{"outputPosition", "outDefault"}, {"retractArea", "retract"}}}});
    ASSERT_EQ(completion_code(retract), "success");
    EXPECT_EQ(payload(retract).at("storage").at("unit6").at("count"), 2);
    EXPECT_EQ(events_of(retract), (std::vector<std::string>{"unsolicited:CashManagement.ShutterStatusChangedEvent",
                                                             "unsolicited:Storage.CountsChangedEvent"}));
    json::object truth = ds.truth();
    EXPECT_EQ(notes_at(truth, "unit6"), 2);
    EXPECT_EQ(notes_at(truth, "customer"), 0);
    EXPECT_EQ(truth.at("shutter"), "closed");
    expect_conserved(truth, kInitialNotes);
    EXPECT_EQ(reported_count(app.run("Storage.GetStorage"), "unit6"), 2);
    EXPECT_EQ(error_code(app.run("CashManagement.Retract")), "noItems");
}

TEST_F(CashDispenseXfsTest, RetractAfterTheCustomerTookTheCashIsItemsTaken) {
    app.run("CashDispenser.Dispense", cny(100));
    app.run("CashDispenser.Present");
    ds.act("takeCash");
    Messages retract = app.run("CashManagement.Retract");
    EXPECT_EQ(completion_code(retract), "commandErrorCode");
    EXPECT_EQ(error_code(retract), "itemsTaken");
}

TEST_F(CashDispenseXfsTest, JamDuringDispenseIsIncompleteAndConserved) {
    ds.fault({{"name", "jam"}, {"count", 2}});
    Messages disp = app.run("CashDispenser.Dispense", cny(500));
    EXPECT_EQ(completion_code(disp), "commandErrorCode");
    EXPECT_EQ(error_code(disp), "cashUnitError");
    std::vector<std::string> ev = events_of(disp);
    ASSERT_GE(ev.size(), 2u);
    EXPECT_EQ(ev[0], "event:Storage.StorageErrorEvent");
    EXPECT_EQ(payload_of(disp, "event:Storage.StorageErrorEvent").at("unit"), "unit1");
    json::value incomplete = payload_of(disp, "event:CashDispenser.IncompleteDispenseEvent");
    ASSERT_TRUE(incomplete.is_object()) << "IncompleteDispenseEvent is solicited on the Dispense";
    EXPECT_EQ(incomplete.at("counts"), (json::object{{"unit1", 2}}));
    EXPECT_EQ(incomplete.at("currencies").at("CNY"), 200);
    EXPECT_EQ(payload(disp).at("denomination").at("counts").at("unit1"), 2) << "the completion says what moved";

    json::object truth = ds.truth();
    EXPECT_EQ(notes_at(truth, "stacker"), 2);
    EXPECT_EQ(notes_at(truth, "unit1"), 498);
    EXPECT_EQ(truth.at("units").at("unit1").at("reportedCount"), 498);
    expect_conserved(truth, kInitialNotes);
    Messages storage = app.run("Storage.GetStorage");
    EXPECT_EQ(payload(storage).at("storage").at("unit1").at("status"), "inoperative");

    // A dispense now finds notes left in the transport; a reset moves them to the retract unit.
    EXPECT_EQ(error_code(app.run("CashDispenser.Dispense", cny(100))), "itemsLeft");
    Messages reset = app.run("CashManagement.Reset");
    EXPECT_EQ(completion_code(reset), "success");
    EXPECT_EQ(payload(reset).at("storage").at("unit6").at("count"), 2);
    truth = ds.truth();
    EXPECT_EQ(notes_at(truth, "unit6"), 2);
    EXPECT_EQ(notes_at(truth, "stacker"), 0);
    expect_conserved(truth, kInitialNotes);
}

TEST_F(CashDispenseXfsTest, RejectSendsStackedNotesToTheRejectUnit) {
    app.run("CashDispenser.Dispense", json::object{{"denomination", json::object{{"counts", json::object{{"unit3", 2}}}}}});
    Messages reject = app.run("CashDispenser.Reject");
    EXPECT_EQ(completion_code(reject), "success");
    EXPECT_EQ(notes_at(ds.truth(), "unit5"), 2);
    EXPECT_EQ(error_code(app.run("CashDispenser.Reject")), "noItems");
}

TEST_F(CashDispenseXfsTest, BadRequestsAndDeviceErrors) {
    EXPECT_EQ(completion_code(app.run("CashDispenser.Dispense", json::object{})), "invalidData");
    EXPECT_EQ(error_code(app.run("CashDispenser.Denominate", json::object{{"denomination", json::object{{"currencies", json::object{{"USD", 100}}}}}})),
              "invalidCurrency");
    EXPECT_EQ(error_code(app.run("CashDispenser.Denominate", cny(30))), "notDispensable");
    EXPECT_EQ(completion_code(app.run("CashDispenser.Denominate",
                                      json::object{{"denomination", json::object{{"currencies", json::object{{"CNY", 100.005}}}}}})),
              "invalidData")
        << "finer than the currency's minor unit";
    EXPECT_EQ(error_code(app.run("CashDispenser.Present")), "noItems");
    EXPECT_EQ(completion_code(app.run("CashDispenser.Dispense", json::object{{"denomination", cny(100).at("denomination")},
                                                                            {"position", "outLeft"}})),
              "commandErrorCode");

    ds.fault({{"name", "hardwareError"}, {"at", "dispense"}});
    EXPECT_EQ(completion_code(app.run("CashDispenser.Dispense", cny(100))), "hardwareError");
    EXPECT_EQ(completion_code(app.run("CashDispenser.Dispense", cny(100))), "hardwareError") << "until a reset";
    EXPECT_EQ(completion_code(app.run("CashManagement.Reset")), "success");
    EXPECT_EQ(completion_code(app.run("CashDispenser.Dispense", cny(100))), "success");
}

TEST_F(CashDispenseXfsTest, ShutterCommandsAndShutterFault) {
    Messages open = app.run("CashManagement.OpenShutter");
    EXPECT_EQ(completion_code(open), "success");
    EXPECT_EQ(payload_of(open, "unsolicited:CashManagement.ShutterStatusChangedEvent").at("shutter"), "open");
    EXPECT_EQ(error_code(app.run("CashDispenser.Dispense", cny(100))), "shutterOpen");
    EXPECT_EQ(completion_code(app.run("CashManagement.CloseShutter")), "success");

    ds.fault({{"name", "shutterOpenFail"}});
    app.run("CashDispenser.Dispense", cny(100));
    Messages present = app.run("CashDispenser.Present");
    EXPECT_EQ(error_code(present), "shutterNotOpen");
    EXPECT_EQ(payload_of(present, "unsolicited:CashManagement.ShutterStatusChangedEvent").at("shutter"), "jammed");
    json::object status;
    app.sync(&status);
    EXPECT_EQ(status.at("cashDispenser").at("positions").at("outDefault").at("shutter"), "jammed");
    EXPECT_THROW(ds.act("takeCash"), ActionError) << "nothing reachable behind a jammed shutter";
}

TEST_F(CashDispenseXfsTest, AHungDispenseHoldsTheQueueUntilCancelledAndMovesNothing) {
    // docs/references.md [XFS4IoT] §2: the command gets no completion of its own; Common.Cancel ends it with canceled
    // and the FIFO moves on to the next queued command.
    ds.fault({{"name", "hang"}, {"at", "dispense"}});
    std::int64_t dispense = app.send("CashDispenser.Dispense", cny(300));
    std::int64_t denominate = app.send("CashDispenser.Denominate", cny(100));
    json::object status;
    app.sync(&status);  // information commands still run beside the hung one
    EXPECT_EQ(status.at("common").at("device"), "online");
    EXPECT_EQ(notes_at(ds.truth(), "stacker"), 0);
    Messages cancel = app.run("Common.Cancel", json::object{{"requestIds", json::array{dispense}}});
    bool canceled = false;
    for (const auto& m : cancel)
        canceled |= describe(m) == "completion:CashDispenser.Dispense" && header_str(m, "completionCode") == "canceled";
    EXPECT_TRUE(canceled);
    EXPECT_EQ(completion_code(app.until_completion(denominate)), "success");
    EXPECT_EQ(completion_code(app.run("CashDispenser.Dispense", cny(300))), "success") << "one-shot";
    json::object truth = ds.truth();
    EXPECT_EQ(notes_at(truth, "stacker"), 3);
    expect_conserved(truth, kInitialNotes);
}

TEST_F(CashDispenseXfsTest, StatusAndCapabilities) {
    json::object status;
    app.sync(&status);
    EXPECT_EQ(status.at("common").at("device"), "online");
    EXPECT_EQ(status.at("common").at("endToEndSecurity"), "notConfigured");
    EXPECT_EQ(status.at("cashManagement").at("dispenser"), "ok");
    Messages caps = app.run("Common.Capabilities");
    std::string interfaces = json::serialize(payload(caps).at("interfaces"));
    for (const char* n : {"CashDispenser.Dispense", "CashManagement.Retract", "Storage.SetStorage", "CashAcceptor.CashIn"})
        EXPECT_NE(interfaces.find(n), std::string::npos) << n;
    EXPECT_EQ(completion_code(app.run("Common.GetCommandNonce")), "unsupportedCommand") << "E2E is off without a key";
}

}  // namespace atmbench::devices::xfs_test
