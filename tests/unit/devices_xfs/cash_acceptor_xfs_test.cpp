// Cash-in on the recycler over XFS4IoT, driven by a real WebSocket client: start → insert notes with one
// unrecognised (refused) → take refused → end; rollback; cancel while waiting; and the customer's errors.
#include "cash_test_support.hpp"

namespace atmbench::devices::xfs_test {

class CashAcceptorXfsTest : public ::testing::Test {
protected:
    static constexpr std::int64_t kInitialNotes = 600;  // recycler.yaml: 2 × 300
    DeviceServer ds{make_cash_device(fixture_cash("recycler.yaml"))};
    XfsClient app{ds.uri("CashModule1")};

    // CashIn until the device asks for notes, then the customer inserts them; returns the whole exchange.
    Messages cash_in(json::object notes) {
        std::int64_t id = app.send("CashAcceptor.CashIn");
        Messages got = app.until("event:CashAcceptor.InsertItemsEvent");
        ds.act("insertNotes", std::move(notes));
        Messages rest = app.until_completion(id);
        got.insert(got.end(), rest.begin(), rest.end());
        return got;
    }
};

TEST_F(CashAcceptorXfsTest, RefusedNoteIsTakenBackThenTheDepositIsStored) {
    ASSERT_EQ(completion_code(app.run("CashAcceptor.CashInStart")), "success");
    Messages in = cash_in({{"notes", json::array{json::object{{"value", 100}, {"currency", "CNY"}, {"class", "fit"}},
                                                 json::object{{"value", 100}, {"class", "fit"}},
                                                 json::object{{"value", 100}, {"class", "unrecognised"}},
                                                 json::object{{"value", 50}, {"class", "fit"}, {"serial", "ZZ00000001"}}}}});
    ASSERT_EQ(completion_code(in), "success");
    std::vector<std::string> ev = events_of(in);
    std::vector<std::string> expected{"event:CashAcceptor.InsertItemsEvent", "unsolicited:CashManagement.ItemsInsertedEvent",
                                      "event:CashAcceptor.InputRefuseEvent", "event:CashAcceptor.SubCashInEvent"};
    // The shutter opens for the customer and, after the count, again for the refused note.
    std::vector<std::string> without_shutter;
    for (const auto& e : ev)
        if (e != "unsolicited:CashManagement.ShutterStatusChangedEvent") without_shutter.push_back(e);
    EXPECT_EQ(without_shutter, expected);
    EXPECT_EQ(payload_of(in, "event:CashAcceptor.InputRefuseEvent").at("reason"), "invalidBill");
    const json::value& items = payload(in).at("items");
    EXPECT_EQ(items.at("typeCNY100").at("fit"), 2);
    EXPECT_EQ(items.at("typeCNY50").at("fit"), 1);
    EXPECT_EQ(payload(in).at("unrecognized"), 1);
    EXPECT_EQ(notes_at(ds.truth(), "escrow"), 3);
    EXPECT_EQ(notes_at(ds.truth(), "output"), 1);

    EXPECT_EQ(error_code(app.run("CashAcceptor.CashInEnd")), "positionNotEmpty") << "the refused note is still there";
    ds.act("takeRefused");
    EXPECT_EQ(events_of(app.sync())[0], "unsolicited:CashManagement.ItemsTakenEvent");

    Messages status = app.run("CashAcceptor.GetCashInStatus");
    EXPECT_EQ(payload(status).at("status"), "active");
    EXPECT_EQ(payload(status).at("numOfRefused"), 1);

    Messages end = app.run("CashAcceptor.CashInEnd");
    ASSERT_EQ(completion_code(end), "success");
    EXPECT_EQ(payload(end).at("storage").at("unit1").at("count"), 2);
    EXPECT_EQ(payload(end).at("storage").at("unit2").at("count"), 1);
    EXPECT_FALSE(payload_of(end, "unsolicited:Storage.CountsChangedEvent").is_null());
    EXPECT_EQ(reported_count(app.run("Storage.GetStorage"), "unit1"), 302);

    json::object truth = ds.truth();
    EXPECT_EQ(notes_at(truth, "unit1"), 302);
    EXPECT_EQ(notes_at(truth, "unit2"), 301);
    EXPECT_EQ(notes_at(truth, "customer"), 1);
    EXPECT_EQ(truth.at("introduced"), 4);
    expect_conserved(truth, kInitialNotes);
    EXPECT_EQ(completion_code(app.run("CashAcceptor.CashInEnd")), "commandErrorCode") << "no cash-in active any more";
}

TEST_F(CashAcceptorXfsTest, RollbackReturnsTheNotes) {
    app.run("CashAcceptor.CashInStart");
    Messages in = cash_in({{"count", 2}, {"value", 50}});
    ASSERT_EQ(completion_code(in), "success");
    EXPECT_EQ(payload(in).at("items").at("typeCNY50").at("fit"), 2);

    Messages rollback = app.run("CashAcceptor.CashInRollback");
    ASSERT_EQ(completion_code(rollback), "success");
    EXPECT_EQ(payload(rollback).at("returned"), 2);
    EXPECT_FALSE(payload_of(rollback, "unsolicited:CashManagement.ItemsPresentedEvent").is_null());
    EXPECT_EQ(payload(app.run("CashAcceptor.GetCashInStatus")).at("status"), "rollback");

    ds.act("takeRefused");
    json::object truth = ds.truth();
    EXPECT_EQ(notes_at(truth, "customer"), 2);
    EXPECT_EQ(notes_at(truth, "unit2"), 300) << "nothing was stored";
    expect_conserved(truth, kInitialNotes);
}

TEST_F(CashAcceptorXfsTest, CounterfeitIsKeptOnRollback) {
    app.run("CashAcceptor.CashInStart");
    cash_in({{"notes", json::array{json::object{{"value", 100}, {"class", "counterfeit"}},
                                   json::object{{"value", 100}, {"class", "fit"}}}}});
    Messages rollback = app.run("CashAcceptor.CashInRollback");
    EXPECT_EQ(payload(rollback).at("returned"), 1);
    EXPECT_EQ(payload(rollback).at("storage").at("unit3").at("count"), 1) << "the counterfeit goes to the cash-in unit";
    EXPECT_EQ(notes_at(ds.truth(), "unit3"), 1);
}

TEST_F(CashAcceptorXfsTest, CancelWhileWaitingForNotes) {
    app.run("CashAcceptor.CashInStart");
    std::int64_t id = app.send("CashAcceptor.CashIn", nullptr, 0);
    app.until("event:CashAcceptor.InsertItemsEvent");
    app.send("Common.Cancel", json::object{{"requestIds", json::array{id}}});
    EXPECT_EQ(completion_code(app.until_completion(id)), "canceled");
    // Notes put in after the cancel wait at the input; the next CashIn counts them at once.
    ds.act("insertNotes", {{"value", 100}});
    Messages again = app.run("CashAcceptor.CashIn");
    EXPECT_EQ(completion_code(again), "success");
    EXPECT_EQ(payload(again).at("items").at("typeCNY100").at("fit"), 1);
}

TEST_F(CashAcceptorXfsTest, CustomerErrorsAndSequence) {
    EXPECT_THROW(ds.act("insertNotes", {{"value", 100}}), ActionError) << "no CashIn waits";
    EXPECT_EQ(error_code(app.run("CashAcceptor.CashIn")), "noCashInActive");
    app.run("CashAcceptor.CashInStart");
    EXPECT_EQ(error_code(app.run("CashAcceptor.CashInStart")), "cashInActive");
    EXPECT_EQ(error_code(app.run("CashAcceptor.CashInEnd")), "noItems");
    std::int64_t id = app.send("CashAcceptor.CashIn");
    app.until("event:CashAcceptor.InsertItemsEvent");
    EXPECT_THROW(ds.act("insertNotes", {{"value", 100}, {"class", "shiny"}}), ActionError);
    EXPECT_THROW(ds.act("insertNotes", {{"value", 0}}), ActionError);
    EXPECT_THROW(ds.act("insertNotes", {{"notes", json::array{}}}), ActionError);
    EXPECT_THROW(ds.act("takeCash"), ActionError);
    EXPECT_THROW(ds.act("wave"), ActionError);
    ds.act("insertNotes", {{"value", 100}});
    EXPECT_EQ(completion_code(app.until_completion(id)), "success");
}

}  // namespace atmbench::devices::xfs_test
