// Start-up (7.3.2): key material, devices, residual card and notes, cassette table, sign-on.
#include "atmbench/terminal/terminal.hpp"

#include "atmbench/terminal/key_file.hpp"

#include <boost/json.hpp>

namespace atmbench::terminal {

namespace json = boost::json;

namespace {

std::string text(const json::value& v, std::initializer_list<const char*> path) {
    const json::value* at = &v;
    for (const char* key : path) {
        if (!at->is_object()) return "";
        at = at->as_object().if_contains(key);
        if (!at) return "";
    }
    return at->is_string() ? std::string(at->as_string()) : "";
}

// What a previous run left in a guard file (dispense.json, deposit.json); a corrupt one is journaled for the
// operator to reconcile by hand and dropped.
std::optional<InterruptedDispense> left_by(DispenseGuard& guard, Journal& journal, const char* type) {
    try {
        return guard.left();
    } catch (const std::exception& e) {
        journal.exception(type, {{"problem", e.what()}, {"action", "reconcile by hand"}});
        guard.clear();
        return std::nullopt;
    }
}

}  // namespace

bool Terminal::load_keys() {
    // 7.3.2 a: the key configuration must be present and intact (KCV of the installed TMK), else no service.
    std::string problem;
    TerminalKeyEntry keys;
    try {
        keys = read_key_file(config_.keys_file, config_.terminal_id);
        const std::string kcv = to_hex(check_value(CipherKey(keys.cipher, keys.master_key), 3));
        if (kcv != config_.master_key_kcv) problem = "master key check value " + kcv + " does not match the configured " + config_.master_key_kcv;
    } catch (const std::exception& e) {
        problem = e.what();
    }
    if (!problem.empty()) {
        journal_->exception("key-material", {{"problem", problem}});
        if (!defects_.on("serve-without-keys")) {
            set_mode(Mode::OutOfService, "key material missing or corrupt: " + problem);
            return false;
        }
        // The defect: carry on with whatever was read (or a zero key when nothing was).
        if (keys.master_key.empty()) {
            keys.terminal_id = config_.terminal_id;
            keys.merchant_id = "000000000000000";
            keys.master_key = Bytes(16, 0);
        }
    }
    host_ = std::make_unique<HostChannel>(config_, dialect_named(config_.host_profile), keys, *journal_, *reversals_, defects_);
    {
        XfsReply r = dev_->import_master_key(to_hex(keys.master_key));
        if (!r.ok()) {
            set_mode(Mode::OutOfService, "PIN pad refused the master key: " + r.code + " " + r.error_code);
            return false;
        }
    }
    return true;
}

void Terminal::clear_residual_card() {
    // 7.3.2 f: a card found in the reader at start-up belongs to nobody present: retain it, never eject it.
    std::string media = dev_->card_media();
    if (media != "present" && media != "entering" && media != "jammed") return;
    if (defects_.on("eject-residual-card")) {
        XfsReply r = dev_->eject_card();
        journal_->record("residual-card", {{"action", "ejected"}, {"result", r.code}});
        return;
    }
    XfsReply r = dev_->capture_card();
    journal_->exception("residual-card", {{"action", "retained"}, {"media", media}, {"result", r.code}});
}

void Terminal::clear_residual_notes(const char* when) {
    // 7.3.6.3 b: notes left in the transport, stacker or output position are retracted, not presented.
    if (!dev_->has("CashDispenser")) return;
    json::value st = dev_->cash_status();
    bool residual = text(st, {"cashDispenser", "intermediateStacker"}) == "notEmpty" ||
                    text(st, {"cashDispenser", "positions", "outDefault", "positionStatus"}) == "notEmpty" ||
                    text(st, {"cashDispenser", "positions", "outDefault", "transportStatus"}) == "notEmpty";
    if (!residual) return;
    if (defects_.on("present-residual-notes")) {
        XfsReply r = dev_->present();
        journal_->record("residual-notes", {{"when", when}, {"action", "presented"}, {"result", r.code}});
        return;
    }
    XfsReply r = dev_->reset_cash();
    journal_->exception("residual-notes", {{"when", when}, {"action", "retracted"}, {"result", r.code},
                                           {"moved", r.payload.is_object() && r.payload.as_object().contains("storage")
                                                         ? r.payload.as_object().at("storage") : json::value()}});
}

void Terminal::resolve_interrupted_dispense() {
    // 7.3.6.7 a: the previous run lost power after the host approved a withdrawal and before the notes were put
    // within reach (dispense.json, written before the Dispense). clear_residual_notes has just retracted whatever
    // the transport held, so the customer got nothing: reverse in full. The reversal is stored now and sent after
    // sign-on with the others (retry_reversals). Had the Present already been issued, the notes may have reached
    // the customer (7.3.6.7 c 5): no reversal, an exception record for reconciliation instead.
    std::optional<InterruptedDispense> left = left_by(*dispense_guard_, *journal_, "dispense-interrupted");
    if (!left) return;
    HostMessage original;
    original.mti = left->original_mti;
    for (const auto& [f, v] : left->original) original.set(f, v);
    bool reverse = left->phase == "dispensing";
    if (reverse) host_->store_reversal(original, "power lost before the cash was presented");
    journal_->exception("dispense-interrupted",
                        {{"pan", mask_pan(left->original.count(2) ? left->original.at(2) : "")},
                         {"amount", left->original.count(4) ? std::stoll(left->original.at(4)) : 0},
                         {"stan", left->original.at(11)},
                         {"time", left->time},
                         {"phase", left->phase},
                         {"action", reverse ? "reversed: the notes never reached the customer"
                                            : "not reversed: the notes may have been presented (7.3.6.7 c 5); reconcile"}});
    dispense_guard_->clear();
}

void Terminal::resolve_interrupted_deposit() {
    // 7.3.7 c: the previous run lost power after it asked the host to credit a deposit and before it settled the
    // notes (deposit.json, written before the request). The host may have credited it: the result is unknown, so
    // the notes still in the escrow are kept (CashInEnd) and the deposit recorded as an exception with its STAN,
    // masked PAN and amount (7.3.6.3 d, 7.3.6.9 a), like a deposit whose reply timed out.
    std::optional<InterruptedDispense> left = left_by(*deposit_guard_, *journal_, "deposit-interrupted");
    if (!left) return;
    json::object rec{{"pan", mask_pan(left->original.count(2) ? left->original.at(2) : "")},
                     {"amount", left->original.count(4) ? std::stoll(left->original.at(4)) : 0},
                     {"stan", left->original.at(11)},
                     {"time", left->time},
                     {"why", "power lost while the host was asked: result unknown"}};
    if (dev_->has("CashAcceptor")) {
        XfsReply end = dev_->cash_in_end();
        rec["action"] = end.ok() ? "retained" : "no notes left in the escrow";
        rec["result"] = end.code;
        if (end.ok() && !defects_.on("no-serials")) {
            json::array sn;
            for (const auto& x : dev_->last_serials()) sn.push_back(json::string(x));
            rec["serials"] = sn;
        }
    }
    journal_->exception("deposit-interrupted", rec);
    deposit_guard_->clear();
}

void Terminal::read_cassettes() {
    if (!dev_->has("CashDispenser")) {
        units_.clear();
        return;
    }
    std::vector<UsableUnit> before = units_;
    units_ = check_cassettes(dev_->cash_units(), config_.cassettes, defects_.on("skip-cassette-check"));
    for (const auto& u : units_) {
        bool was_usable = false, known = false;
        for (const auto& b : before)
            if (b.id == u.id) {
                known = true;
                was_usable = b.usable;
            }
        // 7.3.2 e / 7.3.6.6 a: a unit disabled for a mismatch is an operator matter: journal it once.
        if (!u.usable && !u.why.empty() && u.why != "empty" && (!known || was_usable))
            journal_->exception("cassette-disabled", {{"unit", u.id}, {"why", u.why}});
    }
}

bool Terminal::sign_on() {
    auto f62 = host_->sign_on();
    if (!f62) {
        journal_->record("sign-on-failed", {{"why", host_->last_error()}});
        return false;
    }
    // 8.5 b/c: the PIN key from the host is loaded into the PIN pad, unwrapped there under the TMK; the KCV that
    // came with it is checked by the device. F62 = PIK(16) KCV(4) MAK(16) KCV(4) for a double-length key. This
    // holds for every sign-on — start-up and each re-sign-on after a lost link (the idle heartbeat calls this).
    if (defects_.on("ignore-new-keys") && host_->sign_ons() > 1) return true;  // the defect: keeps the old PIK
    if (f62->size() >= 20) {
        XfsReply r = dev_->import_pin_key(f62->substr(0, 16), f62->substr(16, 4));
        if (!r.ok()) {
            journal_->exception("key-load", {{"key", "PIK"}, {"result", r.code}, {"error", r.error_code}});
            host_->keys_refused("PIN pad refused the working keys: " + r.code + " " + r.error_code);
            return false;
        }
    }
    return true;
}

void Terminal::replace_xfs(std::unique_ptr<XfsClient> fresh) {
    std::unique_ptr<XfsClient> old;
    {
        std::lock_guard lock(xfs_swap_);
        old = std::move(xfs_);
        xfs_ = std::move(fresh);
    }
    // The old client's connections close outside the lock: an admin request must not wait for that.
}

bool Terminal::start_up() {
    set_mode(Mode::Starting);
    replace_xfs(std::make_unique<XfsClient>());
    dev_ = std::make_unique<Peripherals>(*xfs_, config_);
    try {
        xfs_->discover(config_.publisher_uri, config_.timeouts.device);
    } catch (const XfsError& e) {
        set_mode(Mode::OutOfService, std::string("devices unreachable: ") + e.what());
        return false;
    }
    if (!load_keys()) return false;
    clear_residual_card();
    resolve_interrupted_deposit();
    clear_residual_notes("start-up");
    resolve_interrupted_dispense();
    read_cassettes();
    if (!sign_on()) {
        set_mode(Mode::OutOfService, "host: " + host_->last_error());
        return false;
    }
    host_->retry_reversals();  // reversals a previous run left unacknowledged go first (7.3.6.7 a)
    next_heartbeat_ = std::chrono::steady_clock::now() + config_.timeouts.heartbeat;
    set_mode(Mode::InService);
    return true;
}

}  // namespace atmbench::terminal
