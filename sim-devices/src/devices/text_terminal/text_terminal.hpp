// The text terminal: the customer's screen (rows × columns of text) and its keyboard (issue 3: "what is shown is
// kept"). No networking. Methods mirror XFS4IoT TextTerminal (docs/references.md [XFS4IoT] §3 TextTerminal): Write,
// ClearScreen, Read (waits for key presses), Beep, Reset. Every change of the screen is recorded with the
// steady_clock time and the whole screen after it, so rules can ask what the customer saw and when.
//
// Faults (inject_fault / FaultSpec.name): hardwareError (armed; at = write, clearScreen, read, beep or any),
// hang (armed; at = read: that Read ignores every key and only ends when cancelled or timed out), offline (state).
#pragma once

#include "atmbench/devices/fault_plan.hpp"
#include "devices/device_model.hpp"
#include "devices/device_state.hpp"
#include "devices/outcome.hpp"

#include <boost/json/object.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::devices {

struct TextTerminalConfig {
    int rows = 16;
    int columns = 32;
};

struct ScreenRecord {
    std::int64_t time_ns = 0;        // steady_clock
    std::string what;                // write | clear | echo | reset | beep
    int x = 0, y = 0;
    std::string text;                // what was written (echo: the character shown, '*' for password)
    std::vector<std::string> screen; // the whole screen afterwards
};

struct ReadSpec {
    int num_chars = 0;               // 0 = no limit
    bool auto_end = false;           // end when num_chars characters are in
    std::string active_chars;        // "" = every printable character
    std::map<std::string, bool> command_keys;  // name → terminates; empty = enter, cancel end; clear, backspace
    std::string echo_mode = "text";  // text | invisible | password
    int x = -1, y = -1;              // where the echo starts; -1 = the cursor
};

struct TerminalKeyStep {
    bool accepted = false;
    std::string why;                 // for an ignored key
    boost::json::object event;       // TextTerminal.KeyEvent payload: {key} or {commandKey}
    bool finished = false;
};

class TextTerminal : public DeviceModel {
public:
    explicit TextTerminal(TextTerminalConfig config = {});
    TextTerminal(const TextTerminal&) = delete;
    TextTerminal& operator=(const TextTerminal&) = delete;

    using DeviceModel::admit;

    // absolute: at (x, y); relative: (x, y) added to the cursor. Text wraps at the right edge; '\n' starts the
    // next row; what falls below the last row is dropped. Outside the screen → invalidData.
    Outcome write(bool absolute, int x, int y, const std::string& text);
    // The whole screen, or one rectangle of it.
    Outcome clear(std::optional<std::array<int, 4>> rect = std::nullopt);  // x, y, width, height
    Outcome beep();
    Outcome reset();  // ends a Read, clears the screen

    std::optional<Outcome> start_read(const ReadSpec& spec);
    bool read_active() const { return read_.has_value(); }
    // key: one character, or a command key name ("enter", "cancel", "clear", "backspace", "fdk01", …).
    TerminalKeyStep press(const std::string& key);
    std::string close_read();  // the input typed; ends the Read
    void abandon_read() { read_.reset(); }

    const std::vector<std::string>& screen() const { return screen_; }
    const std::vector<ScreenRecord>& history() const { return history_; }
    int rows() const { return config_.rows; }
    int columns() const { return config_.columns; }
    static std::vector<std::string> command_key_names();

    void inject_fault(const FaultSpec& f) override;
    void clear_faults();
    static const std::vector<std::string>& fault_names();
    // {device, rows, columns, screen:[…], cursor:{x,y}, read:{input, hung}|null, history:[{timeNs, what, x, y, text, screen}]}
    boost::json::object physical_truth() const override;

private:
    struct Read {
        ReadSpec spec;
        std::string input;
        int x = 0, y = 0;  // where the next echoed character goes
        bool hung = false;
    };
    void put(int& x, int& y, char c);
    void record(std::string what, int x, int y, std::string text);

    TextTerminalConfig config_;
    std::vector<std::string> screen_;
    int cursor_x_ = 0, cursor_y_ = 0;
    std::vector<ScreenRecord> history_;
    std::optional<Read> read_;
};

}  // namespace atmbench::devices
