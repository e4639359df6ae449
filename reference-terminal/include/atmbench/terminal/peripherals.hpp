// The terminal's view of its devices, in the domain's words: read a card, eject or capture it, take a PIN block,
// dispense and present, cash-in, print, show a screen. Each operation is one or a few XFS4IoT commands through
// XfsClient with the bound of 7.3.6.6 b that applies to it; nothing here decides what a transaction does next.
#pragma once

#include "atmbench/terminal/terminal_config.hpp"
#include "atmbench/terminal/xfs_client.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::terminal {

// A cash unit as the dispenser reports it (Storage.GetStorage).
struct CashUnitInfo {
    std::string id;
    std::string type;      // cashOut | recycling | cashIn | reject | retract
    std::string currency;  // as reported
    std::int64_t value = 0;  // minor units, as reported
    int count = 0;
    int capacity = 0;      // notes the unit holds when full (0: not reported)
    std::string status;    // ok, missing, inoperative, …
};

using NoteMix = std::map<std::string, int>;  // unit id → notes

struct CashInCount {
    std::int64_t amount = 0;  // minor units of accepted notes
    int notes = 0;
    int refused = 0;
    std::map<std::int64_t, int> by_value;  // denomination (minor) → notes
};

class Peripherals {
public:
    Peripherals(XfsClient& xfs, const TerminalConfig& config);

    XfsClient& xfs() { return xfs_; }
    bool has(const std::string& interface_name) const { return xfs_.service_for(interface_name).has_value(); }

    // Screen (TextTerminal): the first line is the screen id in brackets, e.g. "[MENU]"; the terminal profile maps
    // ids to meanings ("result uncertain" and so on).
    void show(const std::string& screen_id, const std::vector<std::string>& lines);

    // Card reader
    std::string card_media();  // Common.Status cardReader.media: present, notPresent, entering, jammed, …
    XfsReply eject_card();
    XfsReply capture_card();
    // Waits for MediaRemovedEvent after an eject; false when the bound passed.
    bool wait_card_taken(std::chrono::milliseconds bound);

    // Sensors
    std::string sensor(const std::string& name);  // "" when there is no such sensor

    // PIN pad
    XfsReply import_master_key(const std::string& hex_key);
    XfsReply import_pin_key(const std::string& wrapped, const std::string& kcv);
    XfsReply pin_entry();                                      // waits at most timeouts.pin
    XfsReply pin_block(const std::string& pan);               // base64 pinBlock in payload
    // One key among `keys` (fdk01…, enter, cancel, digits); "" when the bound passed or the entry failed.
    std::string choose(const std::vector<std::string>& keys, std::chrono::milliseconds bound);
    // Digits ended by enter; nullopt on cancel/timeout. Function keys in `shortcuts` end the entry at once and come
    // back as "F1".."F4".
    std::optional<std::string> enter_number(int max_len, const std::vector<std::string>& shortcuts);

    // Cash module
    std::vector<CashUnitInfo> cash_units();
    boost::json::value cash_status();  // Common.Status payload of the cash module (null when unreachable)
    XfsReply dispense(const NoteMix& mix, const std::string& currency, std::int64_t amount);
    XfsReply present();
    bool wait_items_taken(std::chrono::milliseconds bound);
    XfsReply retract();
    XfsReply reject();
    XfsReply reset_cash();
    std::string present_state();  // GetPresentStatus presentState
    std::vector<std::string> last_serials();  // GetItemInfo serial numbers of the last movement
    XfsReply cash_in_start();
    XfsReply cash_in(std::chrono::milliseconds bound);
    XfsReply cash_in_end();
    XfsReply cash_in_rollback();
    bool wait_refused_taken(std::chrono::milliseconds bound);
    static CashInCount count_of(const XfsReply& cash_in);

    // Printer
    XfsReply print_receipt(const std::vector<std::string>& lines);

private:
    XfsReply call(const std::string& command, const boost::json::value& payload, std::chrono::milliseconds bound,
                  const std::string& via = "");
    bool wait_event(const std::string& name, std::chrono::milliseconds bound);
    XfsClient& xfs_;
    const TerminalConfig& config_;
};

}  // namespace atmbench::terminal
