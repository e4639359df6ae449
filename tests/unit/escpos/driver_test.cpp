#include "atmbench/escpos/driver.hpp"
#include "atmbench/escpos/printer.hpp"

#include "atmbench/device_link/loop_link.hpp"
#include "atmbench/device_link/pty_device.hpp"
#include "atmbench/device_link/serial_link.hpp"

#include "escpos_test_support.hpp"

#include <gtest/gtest.h>

using namespace atmbench::escpos;
using namespace atmbench::escpos::test;
using namespace atmbench::device_link;
using namespace std::chrono_literals;

namespace {

const std::vector<PrintLine> kReceipt{
    {"ATMBENCH BANK", Justification::Center, true, true},
    {std::string(kTradeOkUtf8)},
    {"CARD ****0018", Justification::Right},
};

DriverSettings quick() {
    DriverSettings s;
    s.status_timeout = 200ms;
    s.write_timeout = 500ms;
    return s;
}

// A device that answers every status request with the same byte (a printer that is not one).
class Answering : public WireDevice {
public:
    explicit Answering(std::uint8_t b) : b_(b) {}
    Bytes receive(std::span<const std::uint8_t> bytes) override { return Bytes(bytes.size() / 3, b_); }

private:
    std::uint8_t b_;
};

void expect_error(DriverError::Kind kind, const std::string& part, const std::function<void()>& body) {
    try {
        body();
        ADD_FAILURE() << "no DriverError";
    } catch (const DriverError& e) {
        EXPECT_EQ(e.kind(), kind) << e.what();
        EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
}

}  // namespace

TEST(EscposDriver, EncodesAReceiptAsTheModelReadsIt) {
    Printer printer;
    LoopLink link(printer);
    Driver driver(link, quick());
    const Bytes bytes = driver.encode_receipt(std::vector<PrintLine>{{"A"}}, CutKind::Full);
    EXPECT_EQ(bytes, (Bytes{0x1B, '@', 0x1C, '&', 0x1B, 'a', 0, 0x1B, 'E', 0, 0x1D, '!', 0, 'A', 0x0A, 0x1D, 'V', 65, 0}));
}

TEST(EscposDriver, PrintsAChineseReceiptOverALoopLink) {
    Printer printer;
    LoopLink link(printer, "printer");
    Driver driver(link, quick());
    const PrintResult result = driver.print(kReceipt);
    EXPECT_TRUE(result.before.ready());
    EXPECT_TRUE(result.after.ready());
    ASSERT_EQ(printer.receipts().size(), 1u);
    const Receipt r = printer.receipts()[0];
    EXPECT_EQ(r.text(), "ATMBENCH BANK\n" + std::string(kTradeOkUtf8) + "\nCARD ****0018");
    EXPECT_EQ(r.cut, CutKind::Partial);
    EXPECT_TRUE(r.lines[0].bold);
    EXPECT_EQ(r.lines[0].width, 2);
    EXPECT_EQ(r.lines[0].justification, Justification::Center);
    EXPECT_EQ(r.lines[2].justification, Justification::Right);
    EXPECT_TRUE(printer.errors().empty());
}

TEST(EscposDriver, ReadsEachFaultIntoTheStatus) {
    Printer printer;
    LoopLink link(printer);
    Driver driver(link, quick());
    EXPECT_EQ(driver.status(), PrinterStatus{});
    printer.arm({PrinterFault::PaperEnd});
    PrinterStatus s = driver.status();
    EXPECT_TRUE(s.paper_end && s.paper_near_end && s.offline && s.stopped_by_paper_end);
    EXPECT_EQ(driver.real_time_status(4), 0x7E);
    printer.clear();
    printer.arm({PrinterFault::CutterJam});
    (void)driver.print(kReceipt);  // ready before; the cut jams
    s = driver.status();
    EXPECT_TRUE(s.cutter_error && s.error && s.offline);
    EXPECT_THROW(driver.real_time_status(5), std::invalid_argument);
}

TEST(EscposDriver, RefusesToPrintWhenThePrinterIsNotReadyAndSendsNothing) {
    Printer printer;
    LoopLink link(printer, "printer");
    Driver driver(link, quick());
    printer.arm({PrinterFault::CoverOpen});
    try {
        (void)driver.print(kReceipt);
        FAIL() << "printed with the cover open";
    } catch (const DriverError& e) {
        EXPECT_EQ(e.kind(), DriverError::Kind::NotReady);
        EXPECT_TRUE(e.status().cover_open);
        EXPECT_STREQ(e.what(), "loop printer: printer not ready: offline, cover open");
    }
    EXPECT_TRUE(printer.current().lines.empty());
    EXPECT_TRUE(printer.current().lost.empty());
}

TEST(EscposDriver, PaperRunningOutDuringAReceiptShowsInTheStatusAfter) {
    Printer printer;
    LoopLink link(printer);
    Driver driver(link, quick());
    printer.arm({PrinterFault::PaperEnd, 1});
    const PrintResult result = driver.print(kReceipt);
    EXPECT_TRUE(result.before.ready());
    EXPECT_TRUE(result.after.paper_end);
    EXPECT_EQ(printer.current().lost.size(), 3u);  // two lines and the cut
}

TEST(EscposDriver, TimeoutLinkErrorAndBadStatusAreEachTheirOwnError) {
    Printer printer;
    LoopLink link(printer, "printer");
    Driver driver(link, quick());
    link.lose_answers(1);
    const auto start = std::chrono::steady_clock::now();
    expect_error(DriverError::Kind::Timeout, "loop printer: no answer to DLE EOT 1 within 200 ms",
                 [&] { (void)driver.status(); });
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s) << "every wait is bounded";
    link.unplug();
    expect_error(DriverError::Kind::Link, "device unplugged", [&] { (void)driver.status(); });
    expect_error(DriverError::Kind::Link, "device unplugged", [&] { (void)driver.print(kReceipt); });
    Answering garbage(0xFF);
    LoopLink other(garbage, "garbage");
    Driver confused(other, quick());
    expect_error(DriverError::Kind::BadStatus, "DLE EOT 1 answered 0xFF, not a status byte",
                 [&] { (void)confused.status(); });
}

TEST(EscposDriver, RefusesTextThatWouldBeACommandOrCannotBeEncoded) {
    Printer printer;
    LoopLink link(printer);
    Driver driver(link, quick());
    expect_error(DriverError::Kind::BadText, "receipt line 2 holds control byte 27", [&] {
        (void)driver.print(std::vector<PrintLine>{{"ok"}, {"\x1B" "d\x09"}});
    });
    expect_error(DriverError::Kind::BadText, "receipt line 1: text ends inside a UTF-8 character",
                 [&] { (void)driver.print(std::vector<PrintLine>{{"\xE4\xBA"}}); });
    DriverSettings ascii = quick();
    ascii.chinese = false;
    Driver latin(link, ascii);
    expect_error(DriverError::Kind::BadText, "not ASCII and Chinese mode is off",
                 [&] { (void)latin.print(std::vector<PrintLine>{{std::string(kTradeOkUtf8)}}); });
    EXPECT_TRUE(printer.current().lines.empty());
}

TEST(EscposDriver, PrintsOverARealPseudoTerminal) {
    Printer printer;
    PtyDevice pty(printer);
    SerialLink line(pty.path(), {115200});
    Driver driver(line, quick());
    EXPECT_TRUE(driver.status().ready());
    const PrintResult result = driver.print(kReceipt);
    EXPECT_TRUE(result.after.ready());
    ASSERT_EQ(printer.receipts().size(), 1u);
    EXPECT_EQ(printer.receipts()[0].lines[1].text, kTradeOkUtf8);
    printer.arm({PrinterFault::PaperEnd});
    EXPECT_EQ(driver.real_time_status(1), 0x1A);
    EXPECT_EQ(driver.real_time_status(2), 0x32);
    EXPECT_EQ(driver.real_time_status(4), 0x7E);
}

TEST(EscposDriver, APtyWhosePrinterWentAwayIsALinkErrorOrATimeoutNeverAHang) {
    auto printer = std::make_unique<Printer>();
    auto pty = std::make_unique<PtyDevice>(*printer);
    SerialLink line(pty->path());
    Driver driver(line, quick());
    pty.reset();
    const auto start = std::chrono::steady_clock::now();
    try {
        (void)driver.status();
        FAIL() << "a status from a printer that is gone";
    } catch (const DriverError& e) {
        EXPECT_TRUE(e.kind() == DriverError::Kind::Link || e.kind() == DriverError::Kind::Timeout) << e.what();
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

// An XFS4IoT Printer prints a form now and cuts on a later ControlMedia: the lines go out without GS V, the cut
// comes alone, and the model makes one receipt of both.
TEST(EscposDriver, PrintsLinesWithoutACutAndCutsLater) {
    Printer printer;
    LoopLink link(printer);
    Driver driver(link, quick());
    const Bytes uncut = driver.encode_receipt(std::vector<PrintLine>{{"A"}}, std::nullopt);
    EXPECT_EQ(uncut, (Bytes{0x1B, '@', 0x1C, '&', 0x1B, 'a', 0, 0x1B, 'E', 0, 0x1D, '!', 0, 'A', 0x0A}));
    driver.print(std::vector<PrintLine>{{"FIRST"}}, std::nullopt);
    driver.print(std::vector<PrintLine>{{"SECOND"}}, std::nullopt);
    EXPECT_TRUE(printer.receipts().empty());
    const PrintResult cut = driver.cut(CutKind::Full);
    EXPECT_EQ(cut.bytes_sent, 4u);
    ASSERT_EQ(printer.receipts().size(), 1u);
    EXPECT_EQ(printer.receipts()[0].text(), "FIRST\nSECOND");
    EXPECT_EQ(printer.receipts()[0].cut, CutKind::Full);
}

TEST(EscposDriver, RefusesToCutWhenThePrinterIsNotReady) {
    Printer printer;
    LoopLink link(printer);
    Driver driver(link, quick());
    driver.print(std::vector<PrintLine>{{"LINE"}}, std::nullopt);
    printer.arm(parse_printer_fault("cover-open"));
    expect_error(DriverError::Kind::NotReady, "cover open", [&] { driver.cut(); });
    EXPECT_TRUE(printer.receipts().empty());
}
