// PrinterService: XFS4IoT Printer messages ↔ the Printer model.
#include "atmbench/devices/printer_service.hpp"

#include <boost/beast/core/detail/base64.hpp>
#include <boost/json.hpp>

#include <stdexcept>

namespace atmbench::devices {

namespace json = boost::json;
using xfs4iot::Command;
using xfs4iot::CompletionCode;

namespace {
struct BadPayload : std::runtime_error {
    using std::runtime_error::runtime_error;
};

const json::object& fields(const Command& c) {
    static const json::object empty;
    return c.payload().is_object() ? c.payload().as_object() : empty;
}
std::string text(const json::object& o, const char* key, std::string dflt = "") {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return dflt;
    if (!v->is_string()) throw BadPayload(std::string(key) + " must be a string");
    return std::string(v->as_string());
}
// PrintRaw data is base64 (§3.1 Printer.PrintRaw {inputData, data}).
std::string unbase64(const std::string& s) {
    std::size_t pad = 0;
    while (pad < 2 && pad < s.size() && s[s.size() - 1 - pad] == '=') ++pad;
    std::string out(boost::beast::detail::base64::decoded_size(s.size()), '\0');
    auto [written, read] = boost::beast::detail::base64::decode(out.data(), s.data(), s.size());
    if (s.size() % 4 != 0 || read != s.size() - pad) throw BadPayload("data must be base64");
    out.resize(written);
    return out;
}
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

CompletionCode code_of(Completion c) {
    switch (c) {
        case Completion::success: return CompletionCode::Success;
        case Completion::commandErrorCode: return CompletionCode::CommandErrorCode;
        case Completion::hardwareError: return CompletionCode::HardwareError;
        case Completion::deviceNotReady: return CompletionCode::DeviceNotReady;
        case Completion::invalidData: return CompletionCode::InvalidData;
        case Completion::sequenceError: return CompletionCode::SequenceError;
    }
    return CompletionCode::InternalError;
}
void finish(Command& cmd, const Outcome& o) { cmd.complete(code_of(o.completion), nullptr, o.error_code, o.description); }
}  // namespace

PrinterService::PrinterService(Printer& model) : model_(model) { reported_ = status(); }

std::map<std::string, xfs4iot::CommandInfo> PrinterService::commands() const {
    return {{"Printer.PrintRaw", {"3.0", false}},
            {"Printer.PrintForm", {"3.0", false}},
            {"Printer.ControlMedia", {"3.0", false}},
            {"Printer.Reset", {"3.0", false}},
            {"Printer.GetFormList", {"2.0", true}}};
}

void PrinterService::execute(const std::shared_ptr<Command>& cmd) {
    const std::string& n = cmd->name();
    try {
        if (n == "Printer.PrintRaw") print(cmd, false);
        else if (n == "Printer.PrintForm") print(cmd, true);
        else if (n == "Printer.ControlMedia") control_media(cmd, fields(*cmd).if_contains("mediaControl"));
        else if (n == "Printer.GetFormList") {
            json::array forms;
            for (const auto& f : Printer::form_names()) forms.push_back(json::string(f));
            cmd->complete(CompletionCode::Success, json::object{{"formList", std::move(forms)}});
        } else {  // Printer.Reset {mediaControl: retract | noAction}
            finish(*cmd, model_.reset(text(fields(*cmd), "mediaControl") == "retract"));
        }
    } catch (const BadPayload& e) {
        cmd->complete(CompletionCode::InvalidData, nullptr, "", e.what());
    }
    publish_status();
}

void PrinterService::print(const std::shared_ptr<Command>& cmd, bool form) {
    const json::object& p = fields(*cmd);
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
        std::string name = text(p, "formName");
        auto rendered = Printer::render_form(name, ff);
        if (!rendered) return cmd->complete_error("formNotFound", "no form '" + name + "' (forms: receipt)");
        lines = std::move(*rendered);
    } else {
        if (text(p, "inputData", "no") == "yes")
            return cmd->complete(CompletionCode::UnsupportedData, nullptr, "", "a receipt printer reads no input");
        lines = split_lines(unbase64(text(p, "data")));
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
