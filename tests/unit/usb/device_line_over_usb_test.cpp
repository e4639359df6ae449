// The services' device lines on USB (issue 14, hardware in the loop): the cash module's CCNET validator and the
// printer's ESC/POS mechanism with `line: {transport: usb, match}`, i.e. the bench's own drivers over UsbBulkLink
// through libusb's real Linux backend, against the simulated CashCode validator and ESC/POS printer models under
// umockdev. This is the code path of a lab's real devices (usb/README.md, lab procedure); only the device differs.
#include "atmbench/ccnet/validator.hpp"
#include "atmbench/escpos/printer.hpp"
#include "atmbench/usb/mock/bench_devices.hpp"
#include "atmbench/usb/mock/usb_testbed.hpp"
#include "devices/cash/ccnet_acceptor.hpp"
#include "devices/cash/cash_module.hpp"
#include "devices/printer/escpos_mechanism.hpp"
#include "devices/printer/printer.hpp"

#include <gtest/gtest.h>

#include <cstdio>

using namespace std::chrono_literals;
using namespace atmbench;
using namespace atmbench::devices;

namespace {

std::string vid_pid(const usbip::UsbDescription& d) {
    char text[16];
    std::snprintf(text, sizeof text, "%04x:%04x", d.vendor_id, d.product_id);
    return text;
}

CashModuleConfig kiosk() {
    CashModuleConfig c;
    c.serial_prefix = "KU";
    c.max_cash_in_items = 1;
    c.escrow_capacity = 1;
    c.retain_counterfeit = false;
    c.units = {{"unit1", UnitType::cashIn, "", 0, 0, 5}, {"unit2", UnitType::retract, "", 0, 0, 10}};
    return c;
}

class DeviceLineOverUsb : public ::testing::Test {
protected:
    void SetUp() override {
        printer_ = &testbed_.add(usb::mock::receipt_printer(), printer_model_, "2");
        validator_ = &testbed_.add(usb::mock::bill_validator(), validator_model_, "4");
    }

    CcnetAcceptorConfig validator_line() const {
        CcnetAcceptorConfig c;
        c.line.transport = "usb";
        c.line.match = vid_pid(usb::mock::bill_validator());
        c.answer_timeout = 200ms;
        c.note_timeout = 2000ms;
        c.poll_interval = 10ms;
        return c;
    }

    // CashInStart, the input opened, the bench's note in the ledger and the same note in the validator's slot, CashIn.
    CashInResult insert(CashModule& m, std::int64_t value) {
        EXPECT_TRUE(m.cash_in_start().ok());
        EXPECT_TRUE(m.ready_for_insert().ok());
        EXPECT_TRUE(m.customer_insert(m.make_notes("CNY", value * 100, NoteClass::fit, 1)));
        validator_model_.insert_note(std::to_string(value));
        return m.cash_in();
    }

    ccnet::Validator validator_model_;
    escpos::Printer printer_model_;
    usb::mock::UsbTestbed testbed_;
    usb::mock::SimulatedUsbDevice* printer_ = nullptr;
    usb::mock::SimulatedUsbDevice* validator_ = nullptr;
};

}  // namespace

TEST_F(DeviceLineOverUsb, ADepositThroughTheValidatorOnUsb) {
    CashModule module(kiosk());
    CcnetAcceptor validator(validator_line(), {});
    module.set_validator(&validator);
    CashInResult in = insert(module, 100);
    ASSERT_TRUE(in.outcome.ok()) << in.outcome.description;
    ASSERT_TRUE(module.cash_in_end().outcome.ok());
    EXPECT_EQ(validator_model_.truth().cassette.at(100), 1);
    EXPECT_EQ(module.physical_count("unit1"), 1);
    EXPECT_NE(validator.truth().at("line").as_string().find("usb"), std::string::npos) << validator.truth();
    EXPECT_TRUE(validator_->interface_claimed());
}

TEST_F(DeviceLineOverUsb, AValidatorUnpluggedMidCashInIsAHardwareErrorWithinItsBound) {
    CashModule module(kiosk());
    CcnetAcceptor validator(validator_line(), {});
    module.set_validator(&validator);
    ASSERT_TRUE(insert(module, 50).outcome.ok());
    validator_->unplug();
    auto t0 = std::chrono::steady_clock::now();
    CashInEndResult end = module.cash_in_end();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
    EXPECT_EQ(end.outcome.completion, Completion::hardwareError) << end.outcome.description;
    EXPECT_EQ(module.ledger().count(where::jammed), 1) << "the note stays inside, uncounted";
}

TEST_F(DeviceLineOverUsb, ASilentValidatorTimesOutAndAStalledPipeIsCleared) {
    CashModule module(kiosk());
    CcnetAcceptor validator(validator_line(), {});
    module.set_validator(&validator);
    validator_->set_behaviour(usb::mock::Behaviour::silent);
    auto t0 = std::chrono::steady_clock::now();
    Outcome start = module.cash_in_start();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 3s) << "3 frames × 200 ms, not the note timeout";
    EXPECT_EQ(start.completion, Completion::hardwareError) << start.description;
    validator_->set_behaviour(usb::mock::Behaviour::answering);
    validator_->stall(0x81);
    Outcome stalled = module.cash_in_start();
    EXPECT_GE(validator_->halts_cleared(), 1) << "the link clears the halt";
    Outcome again = stalled.ok() ? stalled : module.cash_in_start();
    EXPECT_TRUE(again.ok()) << "after the halt is cleared the validator works again: " << stalled.description << " / "
                            << again.description;
}

TEST_F(DeviceLineOverUsb, AReceiptThroughTheEscposPrinterOnUsb) {
    EscposMechanismConfig c;
    c.line.transport = "usb";
    c.line.match = vid_pid(usb::mock::receipt_printer());
    c.status_timeout = 500ms;
    EscposMechanism mechanism(c, {});
    Printer printer;
    printer.set_mechanism(&mechanism);
    ASSERT_TRUE(printer.print({"KIOSK RECEIPT", "CARD 622202*****0018"}).ok());
    int presented = 0;
    ASSERT_TRUE(printer.control(true, false, presented).ok());
    ASSERT_EQ(printer_model_.receipts().size(), 1u);
    EXPECT_EQ(printer_model_.receipts()[0].text(), "KIOSK RECEIPT\nCARD 622202*****0018");
    EXPECT_EQ(mechanism.paper_status(), "full");
    printer_->unplug();
    Outcome gone = printer.print({"AFTER UNPLUG"});
    EXPECT_EQ(gone.completion, Completion::hardwareError) << gone.description;
}
