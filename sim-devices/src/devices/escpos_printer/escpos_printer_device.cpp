#include "devices/escpos_printer/escpos_printer_device.hpp"

#include "atmbench/escpos/printer_json.hpp"
#include "atmbench/usbip/bench_devices.hpp"
#include "devices/usb_device.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace json = boost::json;

namespace {

class EscposPrinterDevice final : public UsbDevice {
public:
    EscposPrinterDevice(const EscposPrinterConfig& config, const DeviceContext& context)
        : UsbDevice(context, "escposPrinter", find_device_type("escposPrinter")->faults, "escpos",
                    usbip::escpos_printer_usb(), model_),
          config_(config),
          model_(config.settings) {
        new_roll();
        define_actions({
            {"loadPaper", {}, "the operator loads a new roll and closes the cover (the printer is online, its cutter free)",
             [this](const json::object&) {
                 model_.clear();
                 new_roll();
                 return json::object{{"status", escpos::status_json(model_.status())}};
             }},
        });
    }

    void inject_fault(const FaultSpec& spec) override {
        // paperEnd's lines left on the roll (count, default 0: now) is the one argument a printer fault takes.
        const std::string text = model_fault_text(spec, spec.name == "paperEnd" && spec.count ? std::to_string(spec.count) : "");
        acting("fault", [&] { model_.arm(escpos::parse_printer_fault(text)); });
    }
    void clear_faults() override {
        model_.clear();
        new_roll();
    }
    json::object physical_truth() const override {
        json::array receipts;
        for (const auto& r : model_.receipts()) receipts.push_back(escpos::receipt_json(r));
        return {{"status", escpos::status_json(model_.status())},
                {"current", escpos::receipt_json(model_.current())},
                {"receipts", std::move(receipts)},
                {"receipts_printed", model_.receipts_printed()},
                {"parse_errors", model_.error_count()},
                {"lines_fed", model_.lines_fed()}};
    }

private:
    // A roll of the configured length: its end is the model's paper-end fault after that many lines.
    void new_roll() {
        if (config_.paper_lines) model_.arm({escpos::PrinterFault::PaperEnd, *config_.paper_lines});
    }

    EscposPrinterConfig config_;
    escpos::Printer model_;
};

}  // namespace

std::unique_ptr<SimulatedDevice> make_escpos_printer_device(const EscposPrinterConfig& config, const DeviceContext& context) {
    return std::make_unique<EscposPrinterDevice>(config, context);
}

}  // namespace atmbench::devices
