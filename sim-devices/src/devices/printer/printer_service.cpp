// PrinterService: XFS4IoT Printer messages ↔ the Printer model.
#include "devices/printer/printer_service.hpp"
#include "devices/service_support.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace json = boost::json;
using xfs4iot::Command;
using xfs4iot::CompletionCode;

namespace {
std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> lines;
    std::string line;
    for (char c : s) {
        if (c == '\r') continue;
        if (c == '\n') {
            lines.push_back(std::move(line));
            line.clear();
        } else {
            line.push_back(c);
        }
    }
    if (!line.empty()) lines.push_back(std::move(line));
    return lines;
}
std::string field_text(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : json::serialize(v); }

}  // namespace

PrinterService::PrinterService(Printer& model) : model_(model) {
    reported_ = status();
    define_commands({
        {"Printer.PrintRaw", {"3.0", false}, "prints raw data, a receipt line per line", [this](const auto& cmd) { print(cmd, false); }},
        {"Printer.PrintForm", {"3.0", false}, "prints a form of Printer::form_names() with its fields",
         [this](const auto& cmd) { print(cmd, true); }},
        {"Printer.ControlMedia", {"3.0", false}, "cuts, presents or retracts the receipt",
         [this](const auto& cmd) { control_media(cmd, payload_fields(*cmd).if_contains("mediaControl")); }},
        {"Printer.Reset", {"3.0", false}, "resets the printer {mediaControl: retract | noAction}",
         [this](const auto& cmd) { finish(*cmd, model_.reset(read_text(payload_fields(*cmd), "mediaControl") == "retract")); }},
        {"Printer.GetFormList", {"2.0", true}, "lists the forms",
         [](const auto& cmd) {
             json::array forms;
             for (const auto& f : Printer::form_names()) forms.push_back(json::string(f));
             cmd->complete(CompletionCode::Success, json::object{{"formList", std::move(forms)}});
         }},
    });
}

void PrinterService::run(const std::shared_ptr<Command>& cmd, const ServiceCommand& row) {
    XfsWireFace::run(cmd, row);
    publish_status();
}

void PrinterService::print(const std::shared_ptr<Command>& cmd, bool form) {
    const json::object& p = payload_fields(*cmd);
    std::vector<std::string> lines;
    if (form) {
        FormFields ff;
        if (const json::value* f = p.if_contains("fields"); f && !f->is_null()) {
            if (!f->is_object()) throw BadPayload("fields must be an object of field name → value");
            for (const auto& kv : f->as_object()) {
                if (kv.value().is_array())  // an indexed field: one line per element
                    for (const auto& e : kv.value().as_array()) ff.emplace_back(kv.key(), field_text(e));
                else
                    ff.emplace_back(kv.key(), field_text(kv.value()));
            }
        }
        std::string name = read_text(p, "formName");
        auto rendered = Printer::render_form(name, ff);
        if (!rendered) return cmd->complete_error("formNotFound", "no form '" + name + "' (forms: receipt)");
        lines = std::move(*rendered);
    } else {
        if (read_text(p, "inputData", "no") == "yes")
            return cmd->complete(CompletionCode::UnsupportedData, nullptr, "", "a receipt printer reads no input");
        // PrintRaw data is base64 (§3.1 Printer.PrintRaw {inputData, data}).
        lines = split_lines(read_base64(read_text(p, "data"), "data"));
    }
    Outcome o = model_.print(lines);
    if (!o.ok()) return finish(*cmd, o);
    const json::value* mc = form ? p.if_contains("mediaControl") : nullptr;
    if (mc && !mc->is_null()) return control_media(cmd, mc);
    cmd->complete(CompletionCode::Success);
}

void PrinterService::control_media(const std::shared_ptr<Command>& cmd, const json::value* mc) {
    // 2024-03 mediaControl is an object of flags {cut: true, eject: true, …}; a list of names is accepted too.
    bool cut = false, eject = false;
    auto flag = [&](std::string_view name) {
        if (name == "cut" || name == "partialCut") cut = true;
        else if (name == "eject") eject = true;
        else if (name != "flush") throw BadPayload("mediaControl " + std::string(name) + " is not supported (cut, eject, flush)");
    };
    if (mc && mc->is_object()) {
        for (const auto& kv : mc->as_object())
            if (kv.value().is_bool() && kv.value().as_bool()) flag(kv.key());
    } else if (mc && mc->is_array()) {
        for (const auto& v : mc->as_array())
            if (v.is_string()) flag(v.as_string());
    } else {
        throw BadPayload("mediaControl must be an object such as {cut: true, eject: true}");
    }
    int presented = 0;
    Outcome o = model_.control(cut, eject, presented);
    if (presented > 0) cmd->event("Printer.MediaPresentedEvent", json::object{{"wadIndex", 1}, {"totalWads", 1}});
    finish(*cmd, o);
}

int PrinterService::take_receipt() {
    int n = model_.take();
    if (n > 0) broadcast("Printer.MediaTakenEvent", nullptr);
    publish_status();
    return n;
}

void PrinterService::load_paper(int lines) {
    model_.load_paper(lines);
    publish_status();
}

void PrinterService::publish_status() {
    json::object now = status();
    json::object changed;
    for (const auto& kv : now)
        if (const json::value* before = reported_.if_contains(kv.key()); !before || *before != kv.value())
            changed[kv.key()] = kv.value();
    reported_ = std::move(now);
    if (!changed.empty()) status_changed(changed);
}

json::object PrinterService::status() const {
    return {{"common", json::object{{"device", to_string(model_.device_state())}}},
            {"printer", json::object{{"media", model_.media_status()},
                                     {"paper", json::object{{"upper", model_.paper_status()}}}}}};
}

json::object PrinterService::capabilities() const {
    return {{"printer", json::object{{"type", json::object{{"receipt", true}}},
                                     {"control", json::object{{"cut", true}, {"eject", true}, {"flush", true}}},
                                     {"paperSources", json::object{{"upper", true}}}}}};
}

}  // namespace atmbench::devices
