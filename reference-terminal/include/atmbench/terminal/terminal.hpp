// The reference terminal application: start-up checks (7.3.2), the idle loop with its heartbeat (7.3.6.6 b), and
// customer sessions — card, PIN, menu, inquiry, withdrawal, deposit, transfer — with every reversal and
// retain/return decision of 7.3.6.7 and 7.3.7. It talks to devices only through XFS4IoT and to the host only
// through ISO 8583. The flows live in one file each (withdrawal.cpp, deposit.cpp, …).
#pragma once

#include "atmbench/terminal/cassette_table.hpp"
#include "atmbench/terminal/defects.hpp"
#include "atmbench/terminal/host_channel.hpp"
#include "atmbench/terminal/journal.hpp"
#include "atmbench/terminal/peripherals.hpp"
#include "atmbench/terminal/reversal_store.hpp"
#include "atmbench/terminal/terminal_config.hpp"
#include "atmbench/terminal/xfs_client.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

namespace atmbench::terminal {

// What the admin port and the harness see (admin GET /status, stdout lines).
enum class Mode { Starting, InService, OutOfService, Paused, InSession, Stopped };
const char* to_string(Mode m);

// One customer's data. It lives on the stack of one session and is gone when the session ends (7.3.6.9 c).
struct Session {
    std::string pan;
    std::string pin_block;  // raw bytes from the PIN pad; never journaled, never printed
    std::string function;   // inquiry | withdrawal | deposit | transfer
    std::int64_t amount = 0;
    bool card_retained = false;
    std::vector<std::string> exceptions;  // printed prominently on the receipt (7.3.6.8 a)
    std::vector<std::string> receipt;     // result lines
};

class Terminal {
public:
    Terminal(TerminalConfig config, Defects defects);
    ~Terminal();

    // Runs until shutdown (admin port or stop()). Returns the process exit code.
    int run();
    void stop() { shutdown_ = true; }

    // Admin port hooks (7.3.1 d): refused with a reason while a customer or operator session is active.
    std::string request(const std::string& command);  // "" accepted, else why refused
    boost::json::object status() const;
    // The admin port's address and token: both go in the mode lines on stdout (the harness reads them there);
    // GET /status shows the address only.
    void set_admin_address(std::string a, std::string token) {
        admin_address_ = std::move(a);
        admin_token_ = std::move(token);
    }

private:
    // start-up.cpp
    bool start_up();
    void replace_xfs(std::unique_ptr<XfsClient> fresh);  // under xfs_swap_
    bool load_keys();
    void clear_residual_card();
    void clear_residual_notes(const char* when);
    void resolve_interrupted_dispense();  // a withdrawal a power cut left between approval and present
    void resolve_interrupted_deposit();   // a deposit a power cut left with its notes in the escrow
    void read_cassettes();
    bool sign_on();
    // terminal.cpp
    void idle();
    void set_mode(Mode m, const std::string& reason = "");
    void announce();
    // card_session.cpp
    void customer_session(const XfsReply& read);
    bool get_pin(Session& s);
    std::string menu(Session& s);
    void return_card(Session& s);
    void end_session(Session& s);
    // inquiry_transfer.cpp
    void inquiry(Session& s);
    void transfer(Session& s);
    // withdrawal.cpp
    void withdrawal(Session& s);
    void dispense_and_present(Session& s, const HostResult& approved, const NoteMix& mix);
    // deposit.cpp
    void deposit(Session& s);
    void settle_deposit(Session& s, const CashInCount& count);
    // shared
    bool host_failure_screen(Session& s, const HostResult& r);
    void print_receipt(Session& s);
    void journal_exchange(const Session& s, const HostResult& r, boost::json::object extra = {});

    TerminalConfig config_;
    Defects defects_;
    std::unique_ptr<Journal> journal_;
    std::unique_ptr<ReversalStore> reversals_;
    std::unique_ptr<DispenseGuard> dispense_guard_;  // STATE_DIR/dispense.json (7.3.6.7 a across a power cut)
    std::unique_ptr<DispenseGuard> deposit_guard_;   // STATE_DIR/deposit.json (7.3.7 c across a power cut)
    std::unique_ptr<HostChannel> host_;
    std::unique_ptr<XfsClient> xfs_;
    std::mutex xfs_swap_;  // the admin thread rings xfs_ while run() may replace it (restart, retry)
    std::unique_ptr<Peripherals> dev_;
    std::vector<UsableUnit> units_;

    mutable std::mutex status_mutex_;
    Mode mode_ = Mode::Starting;
    std::string reason_;
    std::string admin_address_;
    std::string admin_token_;
    std::atomic<bool> shutdown_{false}, pause_{false}, restart_{false};
    std::atomic<bool> settle_{false};  // admin "settle": batch settlement at the next idle moment (7.3.6.7 c 6)
    std::atomic<bool> in_session_{false};
    std::chrono::steady_clock::time_point next_heartbeat_{};
};

}  // namespace atmbench::terminal
