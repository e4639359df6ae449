// PinPadDevice: the PIN pad model and its service, with the customer's hands and the fault surface.
#include "devices/pin_pad/pin_pad_device.hpp"

#include "devices/pin_pad/pin_pad.hpp"
#include "devices/pin_pad/pin_pad_service.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace atmbench::devices {

namespace json = boost::json;

namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
    return s;
}

class PinPadDevice : public SimulatedDevice {
public:
    PinPadDevice() : service_(std::make_shared<PinPadService>(model_)) {
        model_.on_state_change([this](DeviceState) { service_->device_state_changed(); });
        define_actions({
            {"pressKeys", {{"keys", ArgType::list, true, "[\"1\", \"enter\", \"cancel\", \"F1\", …]"}},
             "the customer presses keys", [this](const json::object& args) { return service_->press_keys(keys_of(args)); }},
            {"enterPin",
             {{"pin", ArgType::text, true, "\"123456\""}, {"then", ArgType::text, false, "enter|cancel|none, default enter"}},
             "the customer types a PIN, then a key",
             [this](const json::object& args) { return service_->press_keys(pin_keys(args)); }},
        });
    }

    std::string id() const override { return "pinPad"; }
    std::vector<std::shared_ptr<WireFace>> wire_faces() override { return {service_}; }

    void inject_fault(const FaultSpec& spec) override {
        const auto& known = PinPad::fault_names();
        if (std::find(known.begin(), known.end(), spec.name) == known.end())
            throw ActionError("pinPad: unknown fault '" + spec.name + "' (known: " + joined(known) + ")");
        model_.inject_fault(spec);
    }
    void clear_faults() override { model_.clear_faults(); }
    std::vector<std::string> fault_names() const override { return PinPad::fault_names(); }
    json::object physical_truth() const override { return model_.physical_truth(); }

private:
    static std::vector<std::string> keys_of(const json::object& args) {
        const json::value* keys = args.if_contains("keys");
        if (!keys || !keys->is_array())
            throw ActionError("pinPad.pressKeys: expected {keys: [\"1\", \"enter\", \"F1\", …]}");
        std::vector<std::string> out;
        for (const auto& k : keys->as_array()) {
            auto name = k.is_string() ? pin_pad_key_name(k.as_string()) : std::nullopt;
            if (!name)
                throw ActionError("pinPad.pressKeys: unknown key " + json::serialize(k) +
                                  " (expected 0-9, enter, cancel, clear, backspace, help, decPoint, doubleZero, "
                                  "tripleZero, F1-F32 or fdk01-fdk32)");
            out.push_back(*name);
        }
        return out;
    }

    static std::vector<std::string> pin_keys(const json::object& args) {
        const json::value* pin = args.if_contains("pin");
        bool digits = pin && pin->is_string() && !pin->as_string().empty();
        if (digits)
            for (char c : pin->as_string()) digits = digits && c >= '0' && c <= '9';
        if (!digits) throw ActionError("pinPad.enterPin: expected {pin: \"<digits>\", then?: enter|cancel|none}");
        std::string then = "enter";
        if (const json::value* t = args.if_contains("then"); t && !t->is_null()) {
            if (!t->is_string() || (t->as_string() != "enter" && t->as_string() != "cancel" && t->as_string() != "none"))
                throw ActionError("pinPad.enterPin: 'then' must be enter, cancel or none");
            then = std::string(t->as_string());
        }
        std::vector<std::string> out;
        for (char c : pin->as_string()) out.push_back(*pin_pad_key_name(std::string(1, c)));
        if (then != "none") out.push_back(then);
        return out;
    }

    PinPad model_;
    std::shared_ptr<PinPadService> service_;
};

}  // namespace

std::unique_ptr<SimulatedDevice> make_pin_pad_device() { return std::make_unique<PinPadDevice>(); }

}  // namespace atmbench::devices
