// A terminal profile (fixtures/terminals/README.md): how the harness starts a terminal under test, tells it is in
// service, drives it as a customer, and where it keeps what the rules read.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::harness {

struct TerminalProfile {
    std::filesystem::path source;
    std::string name;
    std::vector<std::string> command;      // with {bin_dir}, {config}, {state_dir}
    std::vector<std::string> defect_args;  // with {defect}
    std::filesystem::path config_template;  // resolved; empty = no config file
    // Dotted key of the rendered configuration that holds the terminal's waits ({name: ms}); the run records what
    // it gave the terminal there and the timeout rules judge against that, not against `timeouts` below.
    std::string config_timeouts;
    std::map<std::string, std::string> ready_json;           // key → value of the ready line
    std::map<std::string, std::string> out_of_service_json;  // key → value
    std::chrono::milliseconds ready_timeout{15000};
    std::string admin_address_key;  // key of a stdout line holding HOST:PORT
    std::string admin_token_key;    // key of a stdout line holding the admin port's token ("" = it takes none)
    std::map<std::string, std::string> admin_commands;  // shutdown → "POST /shutdown"
    std::string admin_status;                            // "GET /status"
    int admin_refused_status = 409;
    std::string stop_admin;  // "POST /shutdown": asked first when stopping; then SIGTERM, then SIGKILL
    std::chrono::milliseconds stop_grace{3000};
    // customer
    std::string pin_then = "enter";
    std::map<std::string, std::string> menu;       // inquiry → F1
    std::map<std::string, std::string> fast_cash;  // "300" → F2
    std::string amount_then = "enter";
    std::string confirm_deposit = "F1";
    std::string cancel = "cancel";
    // screens
    std::string screen_id_pattern;                             // regex, group 1 = id
    std::map<std::string, std::vector<std::string>> screens;  // meaning → ids
    // journal / receipts
    std::string journal_path;  // with {state_dir}; empty = none declared
    std::string journal_exception_field = "exception";
    bool receipts_from_printer = false;
    std::string receipt_exception_marker;
    // The terminal's waits when the configuration does not say (no template, or no `config_timeouts`).
    std::map<std::string, std::chrono::milliseconds> timeouts;

    bool has_screen(const std::string& meaning) const { return screens.count(meaning) > 0; }
    std::string screen(const std::string& meaning) const;  // first id, "" when not declared
    std::chrono::milliseconds timeout(const std::string& name, std::chrono::milliseconds dflt) const;

    // Throws host::FixtureError naming file, line and key.
    static TerminalProfile load(const std::filesystem::path& file);
    // `--terminal NAME`: a profile file, else NAME.yaml in the fixtures' terminals/ (share_folder.hpp); throws
    // host::FixtureError naming both places.
    static std::filesystem::path find(const std::string& name_or_path);
};

// "{a}" placeholders replaced from `values`; unknown placeholders are left as they are.
std::string fill_placeholders(std::string text, const std::map<std::string, std::string>& values);

}  // namespace atmbench::harness
