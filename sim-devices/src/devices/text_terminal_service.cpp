// TextTerminalService: XFS4IoT TextTerminal messages ↔ the TextTerminal model.
#include "atmbench/devices/text_terminal_service.hpp"

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
int integer(const json::object& o, const char* key, int dflt) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return dflt;
    if (!v->is_int64() || v->as_int64() < -1000 || v->as_int64() > 1000) throw BadPayload(std::string(key) + " must be an integer");
    return static_cast<int>(v->as_int64());
}
bool boolean(const json::object& o, const char* key, bool dflt) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return dflt;
    if (!v->is_bool()) throw BadPayload(std::string(key) + " must be true or false");
    return v->as_bool();
}

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

// Command keys as 2023-2+ writes them, {"enter":{"terminate":true}}, or the 2021-1 lists activeCommandKeys /
// terminateCommandKeys.
std::map<std::string, bool> command_keys(const json::object& p) {
    std::map<std::string, bool> keys;
    if (const json::value* c = p.if_contains("commandKeys"); c && c->is_object())
        for (const auto& kv : c->as_object())
            keys[kv.key()] = kv.value().is_object() && boolean(kv.value().as_object(), "terminate", false);
    if (const json::value* a = p.if_contains("activeCommandKeys"); a && a->is_array())
        for (const auto& v : a->as_array())
            if (v.is_string()) keys.emplace(v.as_string(), false);
    if (const json::value* t = p.if_contains("terminateCommandKeys"); t && t->is_array())
        for (const auto& v : t->as_array())
            if (v.is_string()) keys[std::string(v.as_string())] = true;
    return keys;
}
}  // namespace

TextTerminalService::TextTerminalService(TextTerminal& model) : model_(model) {}

std::map<std::string, xfs4iot::CommandInfo> TextTerminalService::commands() const {
    return {{"TextTerminal.Write", {}},       {"TextTerminal.ClearScreen", {}},
            {"TextTerminal.Read", {}},        {"TextTerminal.Beep", {}},
            {"TextTerminal.Reset", {}},       {"TextTerminal.GetKeyDetail", {"2.0", true}}};
}

void TextTerminalService::execute(const std::shared_ptr<Command>& cmd) {
    const std::string& n = cmd->name();
    const json::object& p = fields(*cmd);
    try {
        if (n == "TextTerminal.Write") {
            bool absolute = text(p, "mode", "relative") == "absolute";
            finish(*cmd, model_.write(absolute, integer(p, "posX", 0), integer(p, "posY", 0), text(p, "text")));
        } else if (n == "TextTerminal.ClearScreen") {
            std::optional<std::array<int, 4>> rect;
            if (const json::value* pos = p.if_contains("positions"); pos && pos->is_object()) {
                const json::object& r = pos->as_object();
                rect = std::array<int, 4>{integer(r, "posX", 0), integer(r, "posY", 0),
                                          integer(r, "width", model_.columns()), integer(r, "height", model_.rows())};
            }
            finish(*cmd, model_.clear(rect));
        } else if (n == "TextTerminal.Read") {
            read(cmd);
        } else if (n == "TextTerminal.Beep") {
            finish(*cmd, model_.beep());
        } else if (n == "TextTerminal.GetKeyDetail") {
            json::array cmd_keys;
            for (const auto& k : TextTerminal::command_key_names()) cmd_keys.push_back(json::string(k));
            std::string keys;
            for (char c = 0x20; c < 0x7f; ++c) keys.push_back(c);
            cmd->complete(CompletionCode::Success, json::object{{"keys", keys}, {"commandKeys", std::move(cmd_keys)}});
        } else {  // TextTerminal.Reset (a Read cannot be running: it holds the FIFO until it ends)
            finish(*cmd, model_.reset());
        }
    } catch (const BadPayload& e) {
        cmd->complete(CompletionCode::InvalidData, nullptr, "", e.what());
    }
}

void TextTerminalService::read(const std::shared_ptr<Command>& cmd) {
    const json::object& p = fields(*cmd);
    ReadSpec spec;
    spec.num_chars = integer(p, "numOfChars", 0);
    spec.auto_end = boolean(p, "autoEnd", false);
    spec.active_chars = text(p, "activeKeys");
    spec.command_keys = command_keys(p);
    spec.echo_mode = text(p, "echoMode", "text");
    if (spec.echo_mode != "text" && spec.echo_mode != "invisible" && spec.echo_mode != "password")
        throw BadPayload("echoMode must be text, invisible or password");
    if (text(p, "mode", "relative") == "absolute") {
        spec.x = integer(p, "posX", 0);
        spec.y = integer(p, "posY", 0);
    }
    if (auto refused = model_.start_read(spec)) return finish(*cmd, *refused);
    read_ = cmd;
    cmd->on_stop([this] {
        model_.abandon_read();
        read_.reset();
    });
}

json::value TextTerminalService::press_keys(const std::vector<std::string>& keys) {
    json::array ignored;
    int accepted = 0;
    bool completed = false;
    for (const std::string& k : keys) {
        TerminalKeyStep s = model_.press(k);
        if (!s.accepted) {
            ignored.push_back({{"key", k}, {"why", s.why}});
            continue;
        }
        ++accepted;
        if (read_) read_->event("TextTerminal.KeyEvent", s.event);
        if (s.finished && read_) {
            auto cmd = std::move(read_);
            read_.reset();
            cmd->complete(CompletionCode::Success, json::object{{"input", model_.close_read()}});
            completed = true;
        }
    }
    return json::object{{"accepted", accepted}, {"ignored", std::move(ignored)}, {"completed", completed}};
}

void TextTerminalService::device_state_changed() {
    status_changed({{"common", json::object{{"device", to_string(model_.device_state())}}}});
}

json::object TextTerminalService::status() const {
    return {{"common", json::object{{"device", to_string(model_.device_state())}}},
            {"textTerminal", json::object{{"keyboard", "on"},
                                          {"keyLock", "off"},
                                          {"displaySizeX", model_.columns()},
                                          {"displaySizeY", model_.rows()}}}};
}

json::object TextTerminalService::capabilities() const {
    return {{"textTerminal", json::object{{"type", "fixed"},
                                          {"resolutions", json::array{json::object{{"sizeX", model_.columns()},
                                                                                   {"sizeY", model_.rows()}}}},
                                          {"keyLock", false},
                                          {"cursor", false},
                                          {"forms", false}}}};
}

}  // namespace atmbench::devices
