// The reference terminal's configuration (YAML), as the harness renders it from the terminal profile's template
// with the endpoints of one scenario. Format: reference-terminal/README.md. Every error names the file, the line
// and the key; key material is checked separately at start-up (7.3.2 a) so a bad key file is an out-of-service
// terminal, not a refused configuration.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace atmbench::terminal {

// One row of the terminal's own cassette table: what the operator says is loaded where (7.3.2 e).
struct CassetteConfig {
    std::string unit;      // cash unit id of the dispenser, e.g. "unit1"
    std::string type;      // cashOut | recycling
    std::string currency;  // ISO 4217 alpha, e.g. "CNY"
    std::int64_t value = 0;  // denomination in minor units (fen)
};

// Every wait of 7.3.6.6 b has its own bound.
struct Timeouts {
    std::chrono::milliseconds card_read{30000};       // card inserted but not read / waiting for the card
    std::chrono::milliseconds key{15000};             // a menu or amount key press
    std::chrono::milliseconds pin{30000};             // PIN entry
    std::chrono::milliseconds host{5000};             // network reply
    std::chrono::milliseconds deposit_insert{30000};  // notes insertion
    std::chrono::milliseconds refused_take{15000};    // refused notes not taken → retracted
    std::chrono::milliseconds cash_take{15000};       // dispensed cash not taken → retracted, no reversal
    std::chrono::milliseconds card_take{15000};       // card not taken → captured
    std::chrono::milliseconds receipt_take{5000};     // receipt left → kept by the printer
    std::chrono::milliseconds heartbeat{10000};       // idle status heartbeat to the host
    std::chrono::milliseconds screen{30000};          // a screen waiting for the customer's confirmation
    std::chrono::milliseconds device{10000};          // a device command that needs no customer
};

struct TerminalConfig {
    std::filesystem::path source;  // the file it came from
    std::string terminal_id;
    std::filesystem::path state_dir;  // journal.jsonl, reversals.json, receipts
    std::string host_address;         // HOST:PORT of the acquirer host
    std::string host_profile = "cup-atm";
    std::vector<std::string> retain_cash_codes{"E1"};  // replies that order the cash retained (7.3.6.7 c 3)
    std::chrono::milliseconds connect_timeout{2000};
    std::string publisher_uri;  // ws://…/xfs4iot/v1.0
    std::filesystem::path keys_file;
    std::string master_key_kcv;  // hex KCV of the TMK as installed; a mismatch means corrupt key material
    std::string currency = "CNY";
    std::vector<CassetteConfig> cassettes;
    Timeouts timeouts;
    std::chrono::milliseconds reversal_retry{2000};  // between repeats of an unacknowledged reversal
    std::vector<std::int64_t> fast_cash;             // minor units, offered on F1..F4 of the amount screen
    std::int64_t max_withdrawal = 300000;            // minor units per withdrawal
    std::string admin_listen = "127.0.0.1:0";
    std::vector<std::string> defects;

    // Throws host::FixtureError ("FILE:LINE: KEY: expected …").
    static TerminalConfig load(const std::filesystem::path& file);
};

}  // namespace atmbench::terminal
