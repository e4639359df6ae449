// PrinterDevice: the printer model and its service, with the customer's hands and the fault surface.
#include "devices/printer/printer_device.hpp"

#include "devices/printer/escpos_mechanism.hpp"
#include "devices/printer/printer_service.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace atmbench::devices {

namespace json = boost::json;

namespace {

class PrinterDevice : public SimulatedDevice {
public:
    PrinterDevice(PrinterConfig config, const DeviceContext* context)
        : model_(config), service_(std::make_shared<PrinterService>(model_)) {
        if (config.escpos && (!context || context->open_lines)) {
            mechanism_ = std::make_unique<EscposMechanism>(
                *config.escpos, context ? record_line(context->device_line, service_->name()) : DeviceLineListener{});
            model_.set_mechanism(mechanism_.get());
        }
        model_.on_state_change([this](DeviceState) { service_->publish_status(); });
        define_actions({
            {"takeReceipt", {}, "the customer takes the receipt waiting at the exit",
             [this](const json::object&) {
                 int n = service_->take_receipt();
                 if (n == 0) throw ActionError("printer.takeReceipt: no receipt waits at the exit");
                 return json::value(json::object{{"taken", n}});
             }},
            {"loadPaper", {{"lines", ArgType::integer, false, "1 … 1000000, default a full roll"}},
             "the operator loads a paper roll",
             [this](const json::object& args) {
                 std::int64_t lines = 0;
                 if (const json::value* l = args.if_contains("lines"); l && !l->is_null()) {
                     if (!l->is_int64() || l->as_int64() < 1 || l->as_int64() > 1'000'000)
                         throw ActionError("printer.loadPaper: expected {lines?: 1..1000000}");
                     lines = l->as_int64();
                 }
                 service_->load_paper(static_cast<int>(lines));
                 return json::value(json::object{{"paperLinesLeft", model_.paper_left()}});
             }},
        });
    }

    std::string id() const override { return "printer"; }
    std::vector<std::shared_ptr<WireFace>> wire_faces() override { return {service_}; }

    void inject_fault(const FaultSpec& spec) override {
        const auto& known = Printer::fault_names();
        if (std::find(known.begin(), known.end(), spec.name) == known.end()) {
            std::string list;
            for (const auto& n : known) list += (list.empty() ? "" : ", ") + n;
            throw ActionError("printer: unknown fault '" + spec.name + "' (known: " + list + ")");
        }
        if (EscposMechanism::handles(spec.name)) {
            if (!mechanism_)
                throw ActionError("printer: " + spec.name + " needs an ESC/POS mechanism (config escpos: {line: …})");
            try {
                mechanism_->inject_fault(spec);
            } catch (const std::invalid_argument& e) {
                throw ActionError(std::string("printer: ") + e.what());
            }
            service_->publish_status();
            return;
        }
        model_.inject_fault(spec);
    }
    void clear_faults() override {
        model_.clear_faults();
        if (mechanism_) mechanism_->clear_faults();
    }
    std::vector<std::string> fault_names() const override { return Printer::fault_names(); }
    json::object physical_truth() const override { return model_.physical_truth(); }

private:
    std::unique_ptr<EscposMechanism> mechanism_;  // before the model, which points at it
    Printer model_;
    std::shared_ptr<PrinterService> service_;
};

}  // namespace

std::unique_ptr<SimulatedDevice> make_printer_device(PrinterConfig config, const DeviceContext* context) {
    return std::make_unique<PrinterDevice>(std::move(config), context);
}

}  // namespace atmbench::devices
