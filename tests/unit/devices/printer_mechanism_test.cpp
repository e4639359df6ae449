// The printer with an ESC/POS printer under it (issue 14, hardware in the loop): the XFS4IoT side (Printer model)
// prints and cuts through the bench's ESC/POS driver over a DeviceLine, to the simulated ESC/POS printer in-process
// or on a pty as a serial line; the paper's truth is what the printer reports; every exchange reaches the record.
#include "atmbench/common/yaml_source.hpp"
#include "atmbench/device_link/pty_device.hpp"
#include "atmbench/devices/device_fixture.hpp"
#include "atmbench/escpos/printer.hpp"
#include "devices/device_line.hpp"
#include "line_record.hpp"
#include "devices/printer/escpos_mechanism.hpp"
#include "devices/printer/printer.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>


namespace atmbench::devices {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

using test::Recorded;

EscposMechanismConfig simulated(int paper_lines = 1000) {
    EscposMechanismConfig c;
    c.paper_lines = paper_lines;
    c.status_timeout = 200ms;
    return c;
}

FaultSpec fault(std::string name, std::int64_t count = 0, std::string target = {}) {
    FaultSpec f;
    f.name = std::move(name);
    f.count = count;
    f.target = std::move(target);
    return f;
}

TEST(PrinterMechanism, AReceiptIsPrintedAndCutThroughTheEscposPrinter) {
    Recorded record;
    EscposMechanism mechanism(simulated(), record.listener());
    Printer printer;
    printer.set_mechanism(&mechanism);
    EXPECT_EQ(printer.paper_status(), "unknown");  // nothing asked of the printer yet
    ASSERT_TRUE(printer.print({"ATMBENCH BANK", "交易成功 金额 100.00"}).ok());
    int presented = 0;
    ASSERT_TRUE(printer.control(true, true, presented).ok());
    EXPECT_EQ(presented, 1);
    EXPECT_EQ(printer.paper_status(), "full");
    json::object truth = printer.physical_truth();
    const json::object& m = truth.at("mechanism").as_object();
    ASSERT_EQ(m.at("receipts").as_array().size(), 1u);
    EXPECT_EQ(m.at("receipts").as_array()[0].at("text").as_string(), "ATMBENCH BANK\n交易成功 金额 100.00");
    EXPECT_FALSE(truth.contains("paperLinesLeft"));
    // Status requests (DLE EOT) and the receipt went to the printer; its status bytes came back.
    EXPECT_GE(record.count("direction", "toDevice"), 3u);
    EXPECT_GE(record.count("direction", "fromDevice"), 8u);  // 4 status bytes before and after each of 2 sends
    EXPECT_EQ(record.count("protocol", "escpos"), record.views.size());
}

TEST(PrinterMechanism, PaperEndMidReceiptIsPaperOutAndTheLostLinesAreKnown) {
    EscposMechanism mechanism(simulated(), {});
    Printer printer;
    printer.set_mechanism(&mechanism);
    mechanism.inject_fault(fault("mechanismPaperEnd", 1));
    Outcome o = printer.print({"LINE 1", "LINE 2", "LINE 3"});
    EXPECT_EQ(o.error_code, "paperOut") << o.description;
    EXPECT_EQ(printer.paper_status(), "out");
    // The next print is refused before anything is sent: the status says paper end.
    Outcome again = printer.print({"LINE 4"});
    EXPECT_EQ(again.error_code, "paperOut");
    EXPECT_NE(again.description.find("paper end"), std::string::npos) << again.description;
    mechanism.clear_faults();  // a new roll
    EXPECT_TRUE(printer.print({"LINE 5"}).ok());
}

TEST(PrinterMechanism, CoverOpenAndOfflineEndTheCommandAsXfs4iotSays) {
    EscposMechanism mechanism(simulated(), {});
    Printer printer;
    printer.set_mechanism(&mechanism);
    mechanism.inject_fault(fault("mechanismCoverOpen"));
    Outcome cover = printer.print({"X"});
    EXPECT_EQ(cover.completion, Completion::hardwareError) << cover.description;
    EXPECT_NE(cover.description.find("cover open"), std::string::npos) << cover.description;
    mechanism.clear_faults();
    mechanism.inject_fault(fault("mechanismOffline"));
    EXPECT_EQ(printer.print({"X"}).completion, Completion::deviceNotReady);
}

TEST(PrinterMechanism, ALostAnswerOnTheLineIsAHardwareErrorMarkedInjected) {
    Recorded record;
    EscposMechanism mechanism(simulated(), record.listener());
    Printer printer;
    printer.set_mechanism(&mechanism);
    mechanism.inject_fault(fault("lineFault", 1, "lose"));
    const auto t0 = std::chrono::steady_clock::now();
    Outcome o = printer.print({"X"});
    EXPECT_GE(std::chrono::steady_clock::now() - t0, 150ms) << "the driver waits (about) its bound, as for a real lost answer";
    EXPECT_EQ(o.completion, Completion::hardwareError) << o.description;
    EXPECT_NE(o.description.find("no answer to DLE EOT"), std::string::npos) << o.description;
    EXPECT_EQ(record.count("injected", "lost"), 1u);
    EXPECT_TRUE(printer.print({"X"}).ok());  // one answer lost, not the line
}

TEST(PrinterMechanism, ARealPrinterOnASerialLinePrintsButItsPaperIsNotTheBenchs) {
    escpos::Printer device;  // stands in for the real printer at the other end of a USB-serial line
    device_link::PtyDevice pty(device);
    EscposMechanismConfig c;
    c.line.transport = "serial";
    c.line.path = pty.path();
    c.status_timeout = 1000ms;
    EscposMechanism mechanism(c, {});
    Printer printer;
    printer.set_mechanism(&mechanism);
    ASSERT_TRUE(printer.print({"SERIAL RECEIPT"}).ok());
    int presented = 0;
    ASSERT_TRUE(printer.control(true, false, presented).ok());
    ASSERT_EQ(device.receipts().size(), 1u);
    EXPECT_EQ(device.receipts()[0].text(), "SERIAL RECEIPT");
    try {
        mechanism.inject_fault(fault("mechanismPaperEnd"));
        ADD_FAILURE() << "a real printer's paper was ended by the bench";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("cannot change a real printer"), std::string::npos) << e.what();
    }
    EXPECT_NO_THROW(mechanism.inject_fault(fault("lineFault", 1, "delay:10")));
}

std::string line_error(const std::string& line_yaml) {
    try {
        parse_device_fixture("devices:\n  - type: printer\n    config:\n      escpos:\n        line: " + line_yaml + "\n",
                             "set.yaml");
    } catch (const common::FixtureError& e) {
        return e.what();
    }
    return "<no error>";
}

TEST(PrinterMechanism, TheLineConfigurationIsCheckedWithFileLineAndKey) {
    EXPECT_NE(line_error("{transport: pigeon}").find("set.yaml:5: transport: expected simulated, serial or usb"),
              std::string::npos)
        << line_error("{transport: pigeon}");
    EXPECT_NE(line_error("{transport: serial}").find("path"), std::string::npos);
    EXPECT_NE(line_error("{transport: usb, match: 'zz:01'}").find("match"), std::string::npos);
    EXPECT_NE(line_error("{transport: simulated, path: /dev/ttyS0}").find("only a serial line has it"), std::string::npos);
    EXPECT_EQ(line_error("{transport: usb, match: '0519:0001'}"), "<no error>");
    EXPECT_EQ(line_error("{transport: serial, path: /dev/ttyUSB0, baud: 19200}"), "<no error>");
}

}  // namespace
}  // namespace atmbench::devices
