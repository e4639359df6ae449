// TextTerminalDevice: the screen model and its service, with the customer's hands and the fault surface.
#include "devices/text_terminal/text_terminal_device.hpp"

#include "devices/text_terminal/text_terminal_service.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

namespace atmbench::devices {

namespace json = boost::json;

namespace {

// "F1".."F32" → "fdk01".."fdk32"; other names as given.
std::string command_key(std::string_view k) {
    if ((k.size() == 2 || k.size() == 3) && (k[0] == 'F' || k[0] == 'f') &&
        std::all_of(k.begin() + 1, k.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        int n = std::stoi(std::string(k.substr(1)));
        if (n >= 1 && n <= 32) return std::string("fdk") + (n < 10 ? "0" : "") + std::to_string(n);
    }
    return std::string(k);
}

class TextTerminalDevice : public SimulatedDevice {
public:
    explicit TextTerminalDevice(TextTerminalConfig config)
        : model_(config), service_(std::make_shared<TextTerminalService>(model_)) {
        model_.on_state_change([this](DeviceState) { service_->device_state_changed(); });
        define_actions({
            {"pressKeys", {{"keys", ArgType::list, true, "[\"1\", \"a\", \"enter\", \"cancel\", \"F1\", …]"}},
             "the customer presses keys", [this](const json::object& args) { return press_keys(args); }},
        });
    }

    std::string id() const override { return "textTerminal"; }
    std::vector<std::shared_ptr<WireFace>> wire_faces() override { return {service_}; }

    void inject_fault(const FaultSpec& spec) override {
        const auto& known = TextTerminal::fault_names();
        if (std::find(known.begin(), known.end(), spec.name) == known.end()) {
            std::string list;
            for (const auto& n : known) list += (list.empty() ? "" : ", ") + n;
            throw ActionError("textTerminal: unknown fault '" + spec.name + "' (known: " + list + ")");
        }
        model_.inject_fault(spec);
    }
    void clear_faults() override { model_.clear_faults(); }
    std::vector<std::string> fault_names() const override { return TextTerminal::fault_names(); }
    json::object physical_truth() const override { return model_.physical_truth(); }

private:
    json::value press_keys(const json::object& args) {
        std::vector<std::string> out;
        for (const auto& k : args.at("keys").as_array()) {
            if (!k.is_string() || k.as_string().empty())
                throw ActionError("textTerminal.pressKeys: each key must be a non-empty string, got " + json::serialize(k));
            out.push_back(command_key(k.as_string()));
        }
        return service_->press_keys(out);
    }

    TextTerminal model_;
    std::shared_ptr<TextTerminalService> service_;
};

}  // namespace

std::unique_ptr<SimulatedDevice> make_text_terminal_device(TextTerminalConfig config) {
    return std::make_unique<TextTerminalDevice>(config);
}

}  // namespace atmbench::devices
