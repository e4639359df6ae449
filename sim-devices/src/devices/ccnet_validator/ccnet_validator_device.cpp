#include "devices/ccnet_validator/ccnet_validator_device.hpp"

#include "atmbench/ccnet/validator_json.hpp"
#include "atmbench/usbip/bench_devices.hpp"
#include "devices/usb_device.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace json = boost::json;

namespace {

class CcnetValidatorDevice final : public UsbDevice {
public:
    CcnetValidatorDevice(const ccnet::ValidatorSettings& settings, const DeviceContext& context)
        : UsbDevice(context, "ccnetValidator", find_device_type("ccnetValidator")->faults, "ccnet",
                    usbip::ccnet_validator_usb(), model_),
          model_(settings) {
        define_actions({
            {"insertNote",
             {{"note", ArgType::text, true, "a value of the bill table (\"100\"), another value (a foreign note) or \"counterfeit\""}},
             "the customer inserts a note (only while the validator idles: enabled and polled)",
             [this](const json::object& a) {
                 return acting("insertNote", [&] {
                     model_.insert_note(std::string(a.at("note").as_string()));
                     return state();
                 });
             }},
            {"clearFault", {}, "the operator clears what the last fault left (a jammed note, the cassette, a failure)",
             [this](const json::object&) {
                 model_.clear_fault();
                 return state();
             }},
            {"emptyCassette", {}, "the operator empties the drop cassette (collection)",
             [this](const json::object&) {
                 json::object emptied = ccnet::truth_json(model_.truth())["cassette"].as_object();
                 model_.empty_cassette();
                 json::object o = state();
                 o["emptied"] = std::move(emptied);
                 return o;
             }},
            {"powerCycle", {}, "power off and on: a note inside stays there",
             [this](const json::object&) {
                 model_.power_cycle();
                 return state();
             }},
        });
    }

    void inject_fault(const FaultSpec& spec) override {
        // failure's code (value, default 0x50) is the one argument a validator fault takes.
        const std::string text = model_fault_text(spec, spec.name == "failure" && spec.value ? std::to_string(spec.value) : "");
        acting("fault", [&] { model_.arm(ccnet::parse_fault(text)); });
    }
    void clear_faults() override { model_.clear_fault(); }
    json::object physical_truth() const override {
        json::object o = ccnet::truth_json(model_.truth());
        o["state"] = ccnet::state_text(model_);
        return o;
    }

private:
    json::object state() const { return {{"state", ccnet::state_text(model_)}}; }

    ccnet::Validator model_;
};

}  // namespace

std::unique_ptr<SimulatedDevice> make_ccnet_validator_device(const ccnet::ValidatorSettings& settings,
                                                             const DeviceContext& context) {
    return std::make_unique<CcnetValidatorDevice>(settings, context);
}

}  // namespace atmbench::devices
