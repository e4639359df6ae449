// The terminal's life: start-up, the idle loop (wait for a card, heartbeat, admin requests), recovery.
#include "atmbench/terminal/terminal.hpp"

#include <boost/json.hpp>

#include <iostream>
#include <thread>

namespace atmbench::terminal {

namespace json = boost::json;
using std::chrono::milliseconds;
using clock_type = std::chrono::steady_clock;

const char* to_string(Mode m) {
    switch (m) {
        case Mode::Starting: return "starting";
        case Mode::InService: return "in_service";
        case Mode::OutOfService: return "out_of_service";
        case Mode::Paused: return "paused";
        case Mode::InSession: return "in_session";
        case Mode::Stopped: return "stopped";
    }
    return "?";
}

Terminal::Terminal(TerminalConfig config, Defects defects) : config_(std::move(config)), defects_(std::move(defects)) {
    journal_ = std::make_unique<Journal>(config_.state_dir / "journal.jsonl");
    reversals_ = std::make_unique<ReversalStore>(config_.state_dir / "reversals.json");
    dispense_guard_ = std::make_unique<DispenseGuard>(config_.state_dir / "dispense.json");
    deposit_guard_ = std::make_unique<DispenseGuard>(config_.state_dir / "deposit.json");
}

Terminal::~Terminal() = default;

void Terminal::set_mode(Mode m, const std::string& reason) {
    {
        std::lock_guard lock(status_mutex_);
        if (mode_ == m && reason_ == reason) return;
        mode_ = m;
        reason_ = reason;
    }
    announce();
}

void Terminal::announce() {
    // One JSON line per mode change on stdout: how the harness (terminal profile `ready`) tells it is in service.
    json::object o = status();
    o["event"] = "mode";
    if (!admin_token_.empty()) o["token"] = admin_token_;
    std::cout << json::serialize(o) << std::endl;
}

json::object Terminal::status() const {
    std::lock_guard lock(status_mutex_);
    json::object o{{"terminal", config_.terminal_id}, {"mode", to_string(mode_)}};
    if (!reason_.empty()) o["reason"] = reason_;
    if (!admin_address_.empty()) o["admin"] = admin_address_;
    o["pending_reversals"] = reversals_ ? reversals_->pending().size() : 0;
    json::array d;
    for (const auto& n : defects_.names()) d.push_back(json::string(n));
    if (!d.empty()) o["defects"] = d;
    return o;
}

std::string Terminal::request(const std::string& command) {
    // 7.3.1 d: monitoring must not stop, restart or pause a terminal in the middle of a customer transaction.
    if (in_session_ && !defects_.on("admin-during-session"))
        return "a customer session is active; " + command + " refused (7.3.1 d)";
    if (command == "shutdown") shutdown_ = true;
    else if (command == "restart") restart_ = true;
    else if (command == "pause") pause_ = true;
    else if (command == "resume") pause_ = false;
    else if (command == "settle") settle_ = true;
    else return "unknown command " + command;
    std::lock_guard lock(xfs_swap_);
    if (xfs_) xfs_->interrupt_wait();  // the idle wait ends now, not at its next slice
    return "";
}

void Terminal::idle() {
    if (dev_->sensor("cardEntryGate") == "abnormal" && !defects_.on("ignore-gate-sensor")) {
        // 8.2 b: no card service with the gate abnormal; a card pushed in meanwhile stays held.
        set_mode(Mode::OutOfService, "card entry gate abnormal");
        std::this_thread::sleep_for(milliseconds(100));
        return;
    }
    set_mode(Mode::InService);
    dev_->show("IDLE", {"Welcome. Please insert your card."});
    xfs_->drain_events();
    int id;
    try {
        id = xfs_->start("CardReader.ReadRawData", json::object{{"track1", true}, {"track2", true}, {"track3", true}, {"chip", false}});
    } catch (const XfsError& e) {
        set_mode(Mode::OutOfService, std::string("card reader: ") + e.what());
        std::this_thread::sleep_for(milliseconds(200));
        return;
    }
    auto next_gate_check = clock_type::now() + milliseconds(500);
    // A card that could not be read goes back to the customer (in, when it cannot come out or is not taken).
    auto give_card_back = [&](const char* why) {
        if (dev_->card_media() != "present") return;
        Session s;
        s.exceptions.push_back(why);
        return_card(s);
    };
    std::optional<clock_type::time_point> read_deadline;
    std::optional<XfsReply> read;
    while (!read) {
        read = xfs_->finish(id, milliseconds(50), /*interruptible=*/true);
        if (read) break;
        // 7.3.6.6 b: waiting for a customer has no bound, but once the card is in, its read has its own
        // (timeouts.card_read): a reader that never finishes must not hold the card and the terminal for ever.
        if (!read_deadline && xfs_->has_event(id, "CardReader.MediaInsertedEvent"))
            read_deadline = clock_type::now() + config_.timeouts.card_read;
        if (read_deadline && clock_type::now() >= *read_deadline && !defects_.on("unbounded-card-read")) {
            xfs_->cancel(id);
            std::optional<XfsReply> ended = xfs_->finish(id, config_.timeouts.device);
            journal_->record("timeout", {{"step", "card-read"},
                                         {"bound_ms", config_.timeouts.card_read.count()},
                                         {"result", ended ? ended->code : "noAnswer"}});
            give_card_back("CARD NOT READ");
            return;
        }
        bool gate_abnormal = false;
        if (clock_type::now() >= next_gate_check) {
            gate_abnormal = dev_->sensor("cardEntryGate") == "abnormal" && !defects_.on("ignore-gate-sensor");
            next_gate_check = clock_type::now() + milliseconds(500);
        }
        if (shutdown_ || pause_ || restart_ || settle_ || gate_abnormal) {
            xfs_->cancel(id);
            read = xfs_->finish(id, milliseconds(2000));
            if (read && read->ok()) break;  // the card came in just before the cancel: serve it
            return;
        }
        if (clock_type::now() >= next_heartbeat_) {
            // 7.3.6.6 b: the idle status heartbeat; it also re-signs on after a lost link and repeats reversals.
            // The re-sign-on goes through Terminal::sign_on so the working keys it delivers are loaded into the
            // PIN pad like at start-up (8.5 b/c): every key delivery counts, not only the first.
            if (!defects_.on("no-heartbeat")) {
                bool ok = host_->online() ? host_->heartbeat() : sign_on();
                if (ok) host_->retry_reversals();
                else journal_->record("heartbeat-failed", {{"why", host_->last_error()}});
            }
            next_heartbeat_ = clock_type::now() + config_.timeouts.heartbeat;
        }
    }
    if (read->ok()) {
        customer_session(*read);
        return;
    }
    if (read->code == "timeOut" || read->code == "canceled") return;
    // Invalid media, a jam, a read failure: the card (if any) goes back, or in when it cannot come out.
    journal_->record("card-read-failed", {{"result", read->code}, {"error", read->error_code}});
    give_card_back("CARD UNREADABLE");
}

int Terminal::run() {
    bool started = start_up();
    while (!shutdown_) {
        if (restart_) {
            restart_ = false;
            journal_->record("restart", {});
            replace_xfs(nullptr);
            started = start_up();
            continue;
        }
        if (!started) {
            // Recoverable causes (devices or host unreachable) are retried at the heartbeat interval; bad key
            // material is not: it needs an operator.
            std::string why = status().contains("reason") ? std::string(status().at("reason").as_string()) : "";
            if (why.rfind("key material", 0) == 0) {
                std::this_thread::sleep_for(milliseconds(100));
                continue;
            }
            auto until = clock_type::now() + config_.timeouts.heartbeat;
            while (!shutdown_ && !restart_ && clock_type::now() < until) std::this_thread::sleep_for(milliseconds(50));
            if (shutdown_) break;
            replace_xfs(nullptr);
            started = start_up();
            continue;
        }
        if (settle_.exchange(false)) {
            host_->settle();  // between customer sessions only: request() refuses it during one (7.3.1 d)
            continue;
        }
        if (pause_) {
            set_mode(Mode::Paused, "paused from the admin port");
            std::this_thread::sleep_for(milliseconds(50));
            continue;
        }
        if (!host_->online() && clock_type::now() >= next_heartbeat_) {
            if (!sign_on()) {
                set_mode(Mode::OutOfService, "host: " + host_->last_error());
                next_heartbeat_ = clock_type::now() + config_.timeouts.heartbeat;
                std::this_thread::sleep_for(milliseconds(50));
                continue;
            }
        }
        idle();
    }
    set_mode(Mode::Stopped);
    journal_->record("shutdown", {});
    return 0;
}

}  // namespace atmbench::terminal
