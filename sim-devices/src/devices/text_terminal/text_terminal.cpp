// TextTerminal: the screen, its history and the keyboard read in progress (see text_terminal.hpp).
#include "devices/text_terminal/text_terminal.hpp"
#include "atmbench/devices/fault_table.hpp"

#include <boost/json.hpp>

#include <stdexcept>

namespace atmbench::devices {

TextTerminal::TextTerminal(TextTerminalConfig config) : config_(config) {
    if (config.rows < 1 || config.rows > 100 || config.columns < 1 || config.columns > 400)
        throw std::invalid_argument("text terminal: rows must be 1..100 and columns 1..400");
    screen_.assign(config.rows, std::string(config.columns, ' '));
}

void TextTerminal::record(std::string what, int x, int y, std::string text) {
    history_.push_back({now_ns(), std::move(what), x, y, std::move(text), screen_});
}

void TextTerminal::put(int& x, int& y, char c) {
    if (c == '\n') {
        x = 0;
        ++y;
        return;
    }
    if (x >= config_.columns) {  // wrap at the right edge
        x = 0;
        ++y;
    }
    if (y >= config_.rows) return;  // below the last row: dropped
    screen_[y][x++] = c;
}

Outcome TextTerminal::write(bool absolute, int x, int y, const std::string& text) {
    if (auto refused = health_.admit(faults_, "write")) return *refused;
    int px = absolute ? x : cursor_x_ + x, py = absolute ? y : cursor_y_ + y;
    if (px < 0 || py < 0 || px >= config_.columns || py >= config_.rows)
        return Outcome::invalid_data("position (" + std::to_string(px) + "," + std::to_string(py) + ") is outside the " +
                                     std::to_string(config_.columns) + "x" + std::to_string(config_.rows) + " screen");
    int cx = px, cy = py;
    for (char c : text) put(cx, cy, c);
    cursor_x_ = std::min(cx, config_.columns - 1);
    cursor_y_ = std::min(cy, config_.rows - 1);
    record("write", px, py, text);
    return Outcome::success();
}

Outcome TextTerminal::clear(std::optional<std::array<int, 4>> rect) {
    if (auto refused = health_.admit(faults_, "clearScreen")) return *refused;
    if (!rect) {
        screen_.assign(config_.rows, std::string(config_.columns, ' '));
        cursor_x_ = cursor_y_ = 0;
        record("clear", 0, 0, "");
        return Outcome::success();
    }
    auto [x, y, w, h] = *rect;
    if (x < 0 || y < 0 || w < 0 || h < 0 || x + w > config_.columns || y + h > config_.rows)
        return Outcome::invalid_data("the area to clear is outside the screen");
    for (int r = y; r < y + h; ++r) screen_[r].replace(x, w, std::string(w, ' '));
    record("clear", x, y, "");
    return Outcome::success();
}

Outcome TextTerminal::beep() {
    if (auto refused = health_.admit(faults_, "beep")) return *refused;
    record("beep", cursor_x_, cursor_y_, "");
    return Outcome::success();
}

Outcome TextTerminal::reset() {
    if (auto refused = health_.admit(faults_, "reset")) return *refused;
    read_.reset();
    screen_.assign(config_.rows, std::string(config_.columns, ' '));
    cursor_x_ = cursor_y_ = 0;
    record("reset", 0, 0, "");
    if (health_.state() == DeviceState::hardwareError) health_.set(DeviceState::online);
    return Outcome::success();
}

std::vector<std::string> TextTerminal::command_key_names() {
    std::vector<std::string> names{"enter", "cancel", "clear", "backspace", "help", "doubleZero", "tripleZero"};
    for (int n = 1; n <= 8; ++n) names.push_back("fdk0" + std::to_string(n));
    return names;
}

std::optional<Outcome> TextTerminal::start_read(const ReadSpec& spec) {
    if (auto refused = health_.admit(faults_, "read")) return refused;
    if (read_) return Outcome{Completion::sequenceError, {}, "a Read is already in progress"};
    Read r;
    r.spec = spec;
    if (r.spec.command_keys.empty()) r.spec.command_keys = {{"enter", true}, {"cancel", true}, {"clear", false}, {"backspace", false}};
    bool ends = r.spec.auto_end && r.spec.num_chars > 0;
    for (const auto& [k, t] : r.spec.command_keys) ends = ends || t;
    if (!ends) return Outcome::error("noTerminateKeys", "no command key ends the Read and autoEnd is off");
    if ((spec.x >= 0 || spec.y >= 0) &&
        (spec.x < 0 || spec.y < 0 || spec.x >= config_.columns || spec.y >= config_.rows))
        return Outcome::invalid_data("posX/posY outside the screen");
    r.x = spec.x >= 0 ? spec.x : cursor_x_;
    r.y = spec.y >= 0 ? spec.y : cursor_y_;
    r.hung = faults_.fire("hang", "read").has_value();
    read_ = std::move(r);
    return std::nullopt;
}

TerminalKeyStep TextTerminal::press(const std::string& key) {
    TerminalKeyStep s;
    if (!read_) {
        s.why = "no Read active";
        return s;
    }
    Read& r = *read_;
    if (r.hung) {
        s.why = "the keyboard does not respond (hang fault)";
        return s;
    }
    if (key.size() == 1) {
        char c = key[0];
        bool active = r.spec.active_chars.empty() ? (c >= 0x20 && c < 0x7f) : r.spec.active_chars.find(c) != std::string::npos;
        if (!active) {
            s.why = "key " + key + " is not active";
            return s;
        }
        if (r.spec.num_chars > 0 && static_cast<int>(r.input.size()) >= r.spec.num_chars) {
            s.why = "numOfChars reached";
            return s;
        }
        r.input.push_back(c);
        if (r.spec.echo_mode != "invisible") {
            char shown = r.spec.echo_mode == "password" ? '*' : c;
            int ex = r.x, ey = r.y;
            put(r.x, r.y, shown);
            record("echo", ex, ey, std::string(1, shown));
        }
        s.accepted = true;
        s.event = {{"key", key}};
        s.finished = r.spec.auto_end && r.spec.num_chars > 0 && static_cast<int>(r.input.size()) == r.spec.num_chars;
        return s;
    }
    auto it = r.spec.command_keys.find(key);
    if (it == r.spec.command_keys.end()) {
        s.why = "command key " + key + " is not active";
        return s;
    }
    if (key == "backspace" && !r.input.empty()) r.input.pop_back();
    if (key == "clear") r.input.clear();
    s.accepted = true;
    s.event = {{"commandKey", key}};
    s.finished = it->second;
    return s;
}

std::string TextTerminal::close_read() {
    std::string input = read_ ? read_->input : "";
    read_.reset();
    return input;
}

const std::vector<std::string>& TextTerminal::fault_names() {
    static const std::vector<std::string> names = devices::fault_names(*fault_table("textTerminal"));  // fault_table.cpp
    return names;
}

void TextTerminal::inject_fault(const FaultSpec& f) {
    if (f.name == "offline") health_.set(DeviceState::offline);
    else if (f.name == "hardwareError" || f.name == "hang") faults_.arm(f);
    else throw std::invalid_argument("unknown fault '" + f.name + "'");
}

void TextTerminal::clear_faults() {
    faults_.clear_all();
    if (health_.state() == DeviceState::offline) health_.set(DeviceState::online);
}

boost::json::object TextTerminal::physical_truth() const {
    auto rows = [](const std::vector<std::string>& s) {
        boost::json::array a;
        for (const auto& r : s) a.push_back(boost::json::string(r));
        return a;
    };
    boost::json::array history;
    for (const ScreenRecord& h : history_)
        history.push_back({{"timeNs", h.time_ns}, {"what", h.what}, {"x", h.x}, {"y", h.y}, {"text", h.text},
                           {"screen", rows(h.screen)}});
    boost::json::value read = nullptr;
    if (read_) read = boost::json::object{{"input", read_->input}, {"hung", read_->hung}};
    return {{"device", to_string(health_.state())},
            {"rows", config_.rows},
            {"columns", config_.columns},
            {"screen", rows(screen_)},
            {"cursor", boost::json::object{{"x", cursor_x_}, {"y", cursor_y_}}},
            {"read", read},
            {"history", std::move(history)}};
}

}  // namespace atmbench::devices
