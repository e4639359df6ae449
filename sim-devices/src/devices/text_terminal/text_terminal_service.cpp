// TextTerminalService: XFS4IoT TextTerminal messages ↔ the TextTerminal model.
#include "devices/text_terminal/text_terminal_service.hpp"
#include "devices/service_support.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace json = boost::json;
using xfs4iot::Command;
using xfs4iot::CompletionCode;

namespace {
// Positions, sizes and counts: small enough that the screen arithmetic cannot overflow; the model checks
// them against the screen.
int number(const json::object& o, const char* key, int dflt) { return read_integer(o, key, dflt, -1000, 1000); }

// Command keys as 2023-2+ writes them, {"enter":{"terminate":true}}, or the 2021-1 lists activeCommandKeys /
// terminateCommandKeys.
std::map<std::string, bool> command_keys(const json::object& p) {
    std::map<std::string, bool> keys;
    if (const json::value* c = p.if_contains("commandKeys"); c && c->is_object())
        for (const auto& kv : c->as_object())
            keys[kv.key()] = kv.value().is_object() && read_boolean(kv.value().as_object(), "terminate", false);
    if (const json::value* a = p.if_contains("activeCommandKeys"); a && a->is_array())
        for (const auto& v : a->as_array())
            if (v.is_string()) keys.emplace(v.as_string(), false);
    if (const json::value* t = p.if_contains("terminateCommandKeys"); t && t->is_array())
        for (const auto& v : t->as_array())
            if (v.is_string()) keys[std::string(v.as_string())] = true;
    return keys;
}
}  // namespace

TextTerminalService::TextTerminalService(TextTerminal& model) : model_(model) {
    define_commands({
        {"TextTerminal.Write", {}, "writes text {mode, posX, posY, text}", [this](const auto& cmd) { write(cmd); }},
        {"TextTerminal.ClearScreen", {}, "clears the screen or a rectangle {positions?}", [this](const auto& cmd) { clear_screen(cmd); }},
        {"TextTerminal.Read", {}, "waits for the customer's keys {numOfChars, autoEnd, activeKeys, …}", [this](const auto& cmd) { read(cmd); }},
        {"TextTerminal.Beep", {}, "beeps", [this](const auto& cmd) { finish(*cmd, model_.beep()); }},
        // A Read cannot be running at a Reset: it holds the FIFO until it ends.
        {"TextTerminal.Reset", {}, "resets the display", [this](const auto& cmd) { finish(*cmd, model_.reset()); }},
        {"TextTerminal.GetKeyDetail", {"2.0", true}, "lists the keys", [this](const auto& cmd) { key_detail(cmd); }},
    });
}

void TextTerminalService::write(const std::shared_ptr<Command>& cmd) {
    const json::object& p = payload_fields(*cmd);
    bool absolute = read_text(p, "mode", "relative") == "absolute";
    finish(*cmd, model_.write(absolute, number(p, "posX", 0), number(p, "posY", 0), read_text(p, "text")));
}

void TextTerminalService::clear_screen(const std::shared_ptr<Command>& cmd) {
    const json::object& p = payload_fields(*cmd);
    std::optional<std::array<int, 4>> rect;
    if (const json::value* pos = p.if_contains("positions"); pos && pos->is_object()) {
        const json::object& r = pos->as_object();
        rect = std::array<int, 4>{number(r, "posX", 0), number(r, "posY", 0), number(r, "width", model_.columns()),
                                  number(r, "height", model_.rows())};
    }
    finish(*cmd, model_.clear(rect));
}

void TextTerminalService::key_detail(const std::shared_ptr<Command>& cmd) {
    json::array cmd_keys;
    for (const auto& k : TextTerminal::command_key_names()) cmd_keys.push_back(json::string(k));
    std::string keys;
    for (char c = 0x20; c < 0x7f; ++c) keys.push_back(c);
    cmd->complete(CompletionCode::Success, json::object{{"keys", keys}, {"commandKeys", std::move(cmd_keys)}});
}

void TextTerminalService::read(const std::shared_ptr<Command>& cmd) {
    const json::object& p = payload_fields(*cmd);
    ReadSpec spec;
    spec.num_chars = number(p, "numOfChars", 0);
    spec.auto_end = read_boolean(p, "autoEnd", false);
    spec.active_chars = read_text(p, "activeKeys");
    spec.command_keys = command_keys(p);
    spec.echo_mode = read_text(p, "echoMode", "text");
    if (spec.echo_mode != "text" && spec.echo_mode != "invisible" && spec.echo_mode != "password")
        throw BadPayload("echoMode must be text, invisible or password");
    if (read_text(p, "mode", "relative") == "absolute") {
        spec.x = number(p, "posX", 0);
        spec.y = number(p, "posY", 0);
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
