#include "atmbench/escpos/printer.hpp"

#include "escpos_test_support.hpp"

#include <gtest/gtest.h>

using namespace atmbench::escpos;
using namespace atmbench::escpos::test;

namespace {

const Bytes kPartialCut{0x1D, 'V', 66, 0};
const Bytes kStatus1{0x10, 0x04, 1}, kStatus2{0x10, 0x04, 2}, kStatus3{0x10, 0x04, 3}, kStatus4{0x10, 0x04, 4};

Bytes ask_all(Printer& p) { return p.receive(join({kStatus1, kStatus2, kStatus3, kStatus4})); }

Bytes lines(int n) {
    Bytes out;
    for (int i = 1; i <= n; ++i) {
        const auto text = "line " + std::to_string(i) + "\n";
        out.insert(out.end(), text.begin(), text.end());
    }
    return out;
}

}  // namespace

TEST(EscposPrinter, PrintsAChineseReceiptAndCutsIt) {
    Printer p;
    std::vector<Receipt> heard;
    p.on_receipt([&](const Receipt& r) { heard.push_back(r); });
    EXPECT_TRUE(p.receive(join({{0x1B, '@', 0x1B, 'a', 1, 0x1B, 'E', 1}, bytes_of("BANK\n"),
                                {0x1B, 'E', 0, 0x1B, 'a', 0}, kTradeOkGb18030, {0x0A}, kPartialCut}))
                    .empty());
    ASSERT_EQ(heard.size(), 1u);
    const Receipt& r = heard[0];
    EXPECT_EQ(r.text(), std::string("BANK\n") + std::string(kTradeOkUtf8));
    EXPECT_EQ(r.cut, CutKind::Partial);
    EXPECT_EQ(r.lines[0].justification, Justification::Center);
    EXPECT_TRUE(r.lines[0].bold);
    EXPECT_FALSE(r.lines[1].bold);
    EXPECT_TRUE(r.lost.empty());
    EXPECT_EQ(p.receipts_printed(), 1u);
    EXPECT_TRUE(p.current().lines.empty());
}

TEST(EscposPrinter, ACharacterSplitBetweenReadsStillDecodes) {
    Printer p;
    const Bytes all = join({kTradeOkGb18030, {0x0A}, kPartialCut});
    for (auto b : all) p.receive(std::span(&b, 1));
    ASSERT_EQ(p.receipts().size(), 1u);
    EXPECT_EQ(p.receipts()[0].text(), kTradeOkUtf8);
}

TEST(EscposPrinter, ChineseModeOffReadsTheCodePage) {
    Printer p;
    // FS . then ESC t 16 (WPC1252): 0xE9 is é; ESC @ returns to Chinese mode, the firmware's default.
    p.receive(Bytes{0x1C, '.', 0x1B, 't', 16, 'c', 'a', 'f', 0xE9, 0x0A, 0x1B, '@', 0xBD, 0xF0, 0x0A, 0x1D, 'V', 0});
    ASSERT_EQ(p.receipts().size(), 1u);
    EXPECT_EQ(p.receipts()[0].text(), "caf\xC3\xA9\n金");
    EXPECT_EQ(p.receipts()[0].cut, CutKind::Full);
}

TEST(EscposPrinter, StylesImagesCodesAndFeedsBecomeLines) {
    Printer p;
    p.receive(join({{0x1D, '!', 0x11}, bytes_of("BIG\n"), {0x1D, '!', 0x00, 0x1B, '!', 0x88}, bytes_of("bu\n"),
                    {0x1B, 'd', 2}, {0x1D, 'v', '0', 0, 2, 0, 3, 0, 1, 2, 3, 4, 5, 6},
                    {0x1D, '(', 'k', 6, 0, 49, 80, 48, 'a', 'b', 'c', 0x1D, '(', 'k', 3, 0, 49, 81, 48},
                    {0x1D, 'k', 73, 2, '4', '2'}, bytes_of("tail"), {0x1B, 'i'}}));
    ASSERT_EQ(p.receipts().size(), 1u);
    const Receipt r = p.receipts()[0];
    EXPECT_EQ(r.text(), "BIG\nbu\n\n\n[IMAGE 16x3]\n[QR: abc]\n[BARCODE: 42]\ntail");
    EXPECT_EQ(r.lines[0].width, 2);
    EXPECT_EQ(r.lines[0].height, 2);
    EXPECT_TRUE(r.lines[1].bold);
    EXPECT_TRUE(r.lines[1].underline);
    EXPECT_EQ(p.lines_fed(), 8u);
}

TEST(EscposPrinter, ReportsItsStatusForEachConditionEvenMidCommand) {
    Printer p;
    EXPECT_EQ(ask_all(p), (Bytes{0x12, 0x12, 0x12, 0x12}));
    p.arm({PrinterFault::CoverOpen});
    EXPECT_EQ(ask_all(p), (Bytes{0x1A, 0x16, 0x12, 0x12}));
    p.clear();
    p.arm({PrinterFault::Offline});
    EXPECT_EQ(ask_all(p), (Bytes{0x1A, 0x12, 0x12, 0x12}));
    p.clear();
    p.arm({PrinterFault::PaperNearEnd});
    EXPECT_EQ(ask_all(p), (Bytes{0x12, 0x12, 0x12, 0x1E}));
    EXPECT_TRUE(p.status().ready());
    p.clear();
    p.arm({PrinterFault::PaperEnd});
    EXPECT_EQ(ask_all(p), (Bytes{0x1A, 0x32, 0x12, 0x7E}));
    // Inside a raster image's header and data, split across reads: answered as the request arrives.
    EXPECT_TRUE(p.receive(Bytes{0x1D, 'v', '0', 0, 4, 0, 1, 0, 0x10}).empty());
    EXPECT_EQ(p.receive(Bytes{0x04, 0x04}), (Bytes{0x7E}));
    EXPECT_TRUE(p.receive(Bytes{'z'}).empty());  // the image's last byte, not text
    EXPECT_EQ(p.current().lost, (std::vector<std::string>{"[IMAGE 32x1]"}));
    p.clear();
    EXPECT_EQ(ask_all(p), (Bytes{0x12, 0x12, 0x12, 0x12}));
    EXPECT_TRUE(p.current().lines.empty());
}

TEST(EscposPrinter, PaperEndStopsPrintingAndRecordsWhatWasLost) {
    PrinterSettings settings;
    settings.near_end_lines = 2;
    Printer p(settings);
    p.arm({PrinterFault::PaperEnd, 4});
    EXPECT_FALSE(p.status().paper_near_end);
    p.receive(lines(2));
    EXPECT_TRUE(p.status().paper_near_end);
    EXPECT_FALSE(p.status().paper_end);
    p.receive(join({lines(6), kPartialCut}));
    EXPECT_TRUE(p.status().paper_end);
    EXPECT_TRUE(p.receipts().empty()) << "no cut without paper";
    Receipt r = p.current();
    EXPECT_EQ(r.text(), "line 1\nline 2\nline 1\nline 2");
    EXPECT_EQ(r.lost, (std::vector<std::string>{"line 3", "line 4", "line 5", "line 6", "[cut]"}));
    EXPECT_EQ(ask_all(p), (Bytes{0x1A, 0x32, 0x12, 0x7E}));
    // A new roll: printing goes on, the loss stays on the record of that receipt.
    p.clear();
    p.receive(join({bytes_of("after\n"), kPartialCut}));
    ASSERT_EQ(p.receipts().size(), 1u);
    EXPECT_EQ(p.receipts()[0].lost.size(), 5u);
    EXPECT_EQ(p.receipts()[0].lines.back().text, "after");
}

TEST(EscposPrinter, CoverOpenAndOfflineLoseTheLinesSentMeanwhile) {
    Printer p;
    p.arm({PrinterFault::CoverOpen});
    p.receive(bytes_of("while open\n"));
    p.clear();
    p.arm({PrinterFault::Offline});
    p.receive(bytes_of("while offline\n"));
    p.clear();
    p.receive(bytes_of("online\n"));
    EXPECT_EQ(p.current().lost, (std::vector<std::string>{"while open", "while offline"}));
    EXPECT_EQ(p.current().text(), "online");
}

TEST(EscposPrinter, AJammedCutterKeepsTheReceiptOnTheRollAndReportsTheError) {
    Printer p;
    p.arm({PrinterFault::CutterJam});
    p.receive(join({bytes_of("one\n"), kPartialCut}));
    EXPECT_TRUE(p.receipts().empty());
    EXPECT_EQ(ask_all(p), (Bytes{0x1A, 0x52, 0x1A, 0x12}));
    EXPECT_EQ(p.status().summary(), "offline, error, cutter error");
    p.receive(bytes_of("two\n"));
    EXPECT_EQ(p.current().lost, (std::vector<std::string>{"[cut]", "two"}));
    p.clear();
    p.receive(kPartialCut);
    ASSERT_EQ(p.receipts().size(), 1u);
    EXPECT_EQ(p.receipts()[0].text(), "one");
}

TEST(EscposPrinter, KeepsParseErrorsAndGoesOn) {
    Printer p;
    p.receive(join({bytes_of("a"), {0x1B, 'z'}, bytes_of("b\n"), {0x1D, 'V', 7}, kPartialCut}));
    ASSERT_EQ(p.errors().size(), 2u);
    EXPECT_EQ(p.errors()[0].offset, 1u);
    EXPECT_EQ(p.errors()[1].message, "GS V: cut mode 7 is not 0/1/48/49/65/66/97/98/103/104");
    EXPECT_EQ(p.receipts().at(0).text(), "ab");
}

TEST(EscposPrinter, InitializeDropsTheUnprintedLineAndResetsModes) {
    Printer p;
    p.receive(join({{0x1B, 'E', 1}, bytes_of("dropped"), {0x1B, '@'}, bytes_of("kept\n")}));
    ASSERT_EQ(p.current().lines.size(), 1u);
    EXPECT_EQ(p.current().lines[0].text, "kept");
    EXPECT_FALSE(p.current().lines[0].bold);
}

TEST(EscposPrinter, BoundsWhatItKeeps) {
    PrinterSettings settings;
    settings.max_line_bytes = 8;
    settings.max_receipts = 2;
    settings.max_errors = 1;
    Printer p(settings);
    p.receive(join({bytes_of("0123456789abc\n"), kPartialCut, kPartialCut, kPartialCut, {0x05, 0x06}}));
    EXPECT_EQ(p.receipts().size(), 2u);
    EXPECT_EQ(p.receipts_printed(), 3u);
    EXPECT_EQ(p.errors().size(), 1u);
    EXPECT_EQ(p.error_count(), 2u);
    p.receive(join({bytes_of("0123456789abc\n"), kPartialCut}));
    EXPECT_EQ(p.receipts().back().text(), "01234567");
}

TEST(EscposPrinter, FaultsAreNamedAsTheBenchWritesThem) {
    EXPECT_EQ(parse_printer_fault("paper-end").after_lines, 0);
    EXPECT_EQ(parse_printer_fault("paper-end:12").after_lines, 12);
    EXPECT_EQ(parse_printer_fault("cutter-jam").fault, PrinterFault::CutterJam);
    EXPECT_EQ(parse_printer_fault("cover-open").fault, PrinterFault::CoverOpen);
    EXPECT_EQ(parse_printer_fault("offline").fault, PrinterFault::Offline);
    EXPECT_EQ(parse_printer_fault("paper-near-end").fault, PrinterFault::PaperNearEnd);
    for (const char* bad : {"paper-end:", "paper-end:-1", "paper-end:x", "jam", "offline:3", ""})
        EXPECT_THROW(parse_printer_fault(bad), std::invalid_argument) << bad;
}
