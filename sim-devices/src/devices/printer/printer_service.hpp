// The receipt printer as the XFS4IoT service "Printer1", interface Printer (docs/references.md [XFS4IoT] §3 Printer,
// §3.1 Printer.PrintForm): PrintRaw, PrintForm (built-in form "receipt"), ControlMedia (cut, eject), Reset,
// GetFormList; solicited MediaPresentedEvent on eject, unsolicited MediaTakenEvent when the customer takes it;
// Common.StatusChangedEvent when the printer's media or paper status changes.
#pragma once

#include "atmbench/devices/wire_face.hpp"
#include "atmbench/xfs4iot/service.hpp"
#include "devices/printer/printer.hpp"

#include <boost/json/value.hpp>

namespace atmbench::devices {

class PrinterService : public XfsWireFace {
public:
    explicit PrinterService(Printer& model);

    std::string name() const override { return "Printer1"; }
    std::vector<std::string> interfaces() const override { return {"Printer"}; }
    std::vector<std::string> events() const override {
        return {"Printer.MediaPresentedEvent", "Printer.MediaTakenEvent", "Common.StatusChangedEvent"};
    }
    boost::json::object status() const override;
    boost::json::object capabilities() const override;

    // The customer takes the receipt(s) at the exit: Printer.MediaTakenEvent. Returns how many were taken.
    int take_receipt();
    // The operator loads paper (lines; 0 = a full roll).
    void load_paper(int lines);
    // Common.StatusChangedEvent for whatever part changed since it was last reported (device, media, paper).
    void publish_status();

private:
    void run(const std::shared_ptr<xfs4iot::Command>& cmd, const ServiceCommand& row) override;
    void print(const std::shared_ptr<xfs4iot::Command>& cmd, bool form);
    void control_media(const std::shared_ptr<xfs4iot::Command>& cmd, const boost::json::value* media_control);

    Printer& model_;
    boost::json::object reported_;  // the status as last reported
};

}  // namespace atmbench::devices
