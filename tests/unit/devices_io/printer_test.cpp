// The receipt printer over XFS4IoT: forms and raw text kept as receipts, cut + eject with MediaPresentedEvent,
// MediaTakenEvent broadcast when the customer takes it, paper out / jam, and status changes.
#include "io_test_support.hpp"

#include "devices/printer/printer_device.hpp"

namespace atmbench::devices::test {

class PrinterIo : public DeviceIoTest {
protected:
    void SetUp() override { start(make_printer_device(PrinterConfig{200, 20})); }
    static json::object receipt_form() {
        return {{"formName", "receipt"},
                {"fields", json::object{{"date", "2025-01-02"}, {"amount", "CNY 500.00"}, {"card", "6222****0128"}}},
                {"mediaControl", json::object{{"cut", true}, {"eject", true}}}};
    }
};

TEST_F(PrinterIo, PrintFormEjectsAReceiptThatIsKeptAndTaken) {
    WsClient a(uri("Printer1")), b(uri("Printer1"));
    registered(a, 1);
    registered(b, 1);
    a.command("Printer.PrintForm", 2, receipt_form());
    ASSERT_EQ(header_str(*a.next(), "type"), "acknowledge");
    auto presented = a.next();
    ASSERT_TRUE(presented);
    EXPECT_EQ(header_str(*presented, "type"), "event");
    EXPECT_EQ(header_str(*presented, "name"), "Printer.MediaPresentedEvent");
    EXPECT_EQ(payload_of(*presented).at("wadIndex").as_int64(), 1);
    auto done = a.next();
    ASSERT_TRUE(done);
    EXPECT_EQ(header_str(*done, "type"), "completion");
    EXPECT_EQ(code_of(*done), "success");

    json::object t = truth();
    const auto& receipts = t.at("receipts").as_array();
    ASSERT_EQ(receipts.size(), 1u);
    EXPECT_EQ(receipts[0].at("location").as_string(), "exit");
    EXPECT_FALSE(receipts[0].at("taken").as_bool());
    const auto& lines = receipts[0].at("lines").as_array();
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0].as_string(), "date: 2025-01-02");
    EXPECT_EQ(lines[1].as_string(), "amount: CNY 500.00");
    EXPECT_EQ(t.at("paperLinesLeft").as_int64(), 197);

    for (WsClient* c : {&a, &b}) {  // the media went to the exit
        auto ev = c->next();
        ASSERT_TRUE(ev);
        EXPECT_EQ(header_str(*ev, "name"), "Common.StatusChangedEvent");
        EXPECT_EQ(payload_of(*ev).at("printer").at("media").as_string(), "entering");
    }
    EXPECT_EQ(act("takeReceipt").at("taken").as_int64(), 1);
    for (WsClient* c : {&a, &b}) {
        auto taken = c->next();
        ASSERT_TRUE(taken);
        EXPECT_EQ(header_str(*taken, "type"), "unsolicited");
        EXPECT_EQ(header_str(*taken, "name"), "Printer.MediaTakenEvent");
        auto status = c->next();
        ASSERT_TRUE(status);
        EXPECT_EQ(payload_of(*status).at("printer").at("media").as_string(), "notPresent");
    }
    t = truth();
    EXPECT_TRUE(t.at("receipts").as_array()[0].at("taken").as_bool());
    EXPECT_GT(t.at("receipts").as_array()[0].at("takenNs").as_int64(), t.at("receipts").as_array()[0].at("presentedNs").as_int64());
    EXPECT_THROW(act("takeReceipt"), ActionError) << "nothing left at the exit";
}

TEST_F(PrinterIo, PrintRawThenControlMediaCutAndEject) {
    WsClient c(uri("Printer1"));
    auto printed = run(c, "Printer.PrintRaw", 1, json::object{{"inputData", "no"}, {"data", b64("WELCOME\r\nBALANCE 1,234.56\n")}});
    ASSERT_EQ(code_of(printed), "success");
    EXPECT_EQ(truth().at("uncutLines").as_array().size(), 2u);
    auto status = run(c, "Common.Status", 2);  // a StatusChangedEvent (media present) may come first: until() skips it
    EXPECT_EQ(payload_of(status).at("printer").at("media").as_string(), "present");
    c.command("Printer.ControlMedia", 3, json::object{{"mediaControl", json::object{{"cut", true}, {"eject", true}}}});
    bool presented = false;
    for (int i = 0; i < 5; ++i) {
        auto m = c.next();
        ASSERT_TRUE(m);
        if (header_str(*m, "name") == "Printer.MediaPresentedEvent") presented = true;
        if (header_str(*m, "type") == "completion") {
            EXPECT_EQ(code_of(*m), "success");
            break;
        }
    }
    EXPECT_TRUE(presented);
    json::object t = truth();
    const auto& lines = t.at("receipts").as_array()[0].at("lines").as_array();
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[1].as_string(), "BALANCE 1,234.56");
    auto nothing = run(c, "Printer.ControlMedia", 4, json::object{{"mediaControl", json::object{{"eject", true}}}});
    EXPECT_EQ(error_code_of(nothing), "noMediaPresent");
}

TEST_F(PrinterIo, PaperOutCompletesWithPaperOutAndKeepsWhatWasPrinted) {
    WsClient c(uri("Printer1"));
    fault({{"name", "paperOut"}, {"count", 1}});
    auto out = run(c, "Printer.PrintRaw", 1, json::object{{"data", b64("line 1\nline 2\nline 3\n")}});
    EXPECT_EQ(code_of(out), "commandErrorCode");
    EXPECT_EQ(error_code_of(out), "paperOut");
    json::object t = truth();
    EXPECT_EQ(t.at("paperLinesLeft").as_int64(), 0);
    ASSERT_EQ(t.at("uncutLines").as_array().size(), 1u);
    EXPECT_EQ(t.at("uncutLines").as_array()[0].as_string(), "line 1");
    auto status = run(c, "Common.Status", 2);
    EXPECT_EQ(payload_of(status).at("printer").at("paper").at("upper").as_string(), "out");
    EXPECT_EQ(error_code_of(run(c, "Printer.PrintRaw", 3, json::object{{"data", b64("x\n")}})), "paperOut");
    act("loadPaper", {{"lines", 50}});
    EXPECT_EQ(code_of(run(c, "Printer.PrintRaw", 4, json::object{{"data", b64("x\n")}})), "success");
}

TEST_F(PrinterIo, PaperJamHoldsUntilReset) {
    WsClient c(uri("Printer1"));
    fault({{"name", "paperJam"}, {"at", "print"}});
    EXPECT_EQ(error_code_of(run(c, "Printer.PrintForm", 1, receipt_form())), "paperJammed");
    EXPECT_EQ(error_code_of(run(c, "Printer.PrintRaw", 2, json::object{{"data", b64("x")}})), "paperJammed");
    EXPECT_TRUE(truth().at("jammed").as_bool());
    EXPECT_EQ(code_of(run(c, "Printer.Reset", 3)), "success");
    EXPECT_EQ(code_of(run(c, "Printer.PrintForm", 4, receipt_form())), "success");
}

TEST_F(PrinterIo, BadRequestsAndFaults) {
    WsClient c(uri("Printer1"));
    json::object form = receipt_form();
    form["formName"] = "statement";
    EXPECT_EQ(error_code_of(run(c, "Printer.PrintForm", 1, form)), "formNotFound");
    EXPECT_EQ(code_of(run(c, "Printer.PrintRaw", 2, json::object{{"data", "not base64!"}})), "invalidData");
    auto forms = run(c, "Printer.GetFormList", 3);
    EXPECT_EQ(payload_of(forms).at("formList").as_array()[0].as_string(), "receipt");
    fault({{"name", "offline"}});
    EXPECT_EQ(code_of(run(c, "Printer.PrintForm", 4, receipt_form())), "deviceNotReady");
    fault({{"name", "hardwareError"}, {"at", "print"}});
    clear_faults();
    EXPECT_EQ(code_of(run(c, "Printer.PrintForm", 5, receipt_form())), "success") << "clearing disarmed the fault";
    EXPECT_THROW(fault({{"name", "hang"}}), ActionError);
    EXPECT_THROW(act("loadPaper", {{"lines", "many"}}), ActionError);
}

}  // namespace atmbench::devices::test
