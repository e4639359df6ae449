// One customer session: card, PIN, menu, the chosen function, receipt, card back (7.3.6.1, 7.3.6.2, 7.3.6.6 b).
#include "atmbench/terminal/terminal.hpp"

#include "atmbench/terminal/base64.hpp"

#include <boost/json.hpp>

namespace atmbench::terminal {

namespace json = boost::json;

namespace {

// 7.3.6.2 a: the PAN's Luhn check digit is verified locally before anything goes to the host.
bool luhn_ok(const std::string& pan) {
    if (pan.size() < 12 || pan.size() > 19) return false;
    int sum = 0;
    bool twice = false;
    for (auto it = pan.rbegin(); it != pan.rend(); ++it) {
        if (*it < '0' || *it > '9') return false;
        int d = *it - '0';
        if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
        twice = !twice;
    }
    return sum % 10 == 0;
}

std::string pan_from_track2(const json::value& payload) {
    if (!payload.is_object()) return "";
    const json::value* t2 = payload.as_object().if_contains("track2");
    if (!t2 || !t2->is_object()) return "";
    const json::value* data = t2->as_object().if_contains("data");
    if (!data || !data->is_string()) return "";
    auto text = base64_decode(data->as_string());
    if (!text) return "";
    auto sep = text->find_first_of("=D");
    return text->substr(0, sep);
}

}  // namespace

void Terminal::customer_session(const XfsReply& read) {
    in_session_ = true;
    set_mode(Mode::InSession);
    {
        Session s;  // everything about this customer dies with this scope (7.3.6.9 c)
        s.pan = pan_from_track2(read.payload);
        static std::string previous_pan;  // only the carry-session-data defect reads it
        if (defects_.on("carry-session-data")) {
            if (!previous_pan.empty()) std::swap(s.pan, previous_pan);
            else previous_pan = s.pan;
        }
        if (s.pan.empty()) {
            journal_->record("card-refused", {{"why", "no readable track 2"}});
            dev_->show("CARD-INVALID", {"This card cannot be read. Please take your card."});
            s.exceptions.push_back("CARD UNREADABLE");
            return_card(s);
        } else if (!luhn_ok(s.pan) && !defects_.on("skip-luhn")) {
            journal_->record("card-refused", {{"pan", mask_pan(s.pan)}, {"why", "check digit (Luhn) fails"}});
            dev_->show("CARD-INVALID", {"This card is not valid. Please take your card."});
            return_card(s);
        } else {
            journal_->record("card-inserted", {{"pan", mask_pan(s.pan)}});
            if (get_pin(s)) {
                std::string fn = menu(s);
                if (fn == "inquiry") inquiry(s);
                else if (fn == "withdrawal") withdrawal(s);
                else if (fn == "deposit") deposit(s);
                else if (fn == "transfer") transfer(s);
                if (!fn.empty() && (!s.receipt.empty() || !s.exceptions.empty())) print_receipt(s);
            }
            return_card(s);
        }
        end_session(s);
    }
    in_session_ = false;
}

bool Terminal::get_pin(Session& s) {
    dev_->show("PIN", {"Please enter your PIN and press ENTER."});
    XfsReply entry = dev_->pin_entry();
    std::string completion = entry.payload.is_object() && entry.payload.as_object().contains("completion") &&
                                     entry.payload.as_object().at("completion").is_string()
                                 ? std::string(entry.payload.as_object().at("completion").as_string())
                                 : "";
    if (!entry.ok() || completion == "cancel") {
        bool timed_out = entry.code == "noAnswer" || entry.code == "timeOut";
        journal_->record(timed_out ? "timeout" : "cancelled", {{"step", "pin"}, {"result", entry.code}});
        return false;
    }
    XfsReply block = dev_->pin_block(s.pan);
    const json::value* b = block.payload.is_object() ? block.payload.as_object().if_contains("pinBlock") : nullptr;
    auto raw = b && b->is_string() ? base64_decode(b->as_string()) : std::nullopt;
    if (!block.ok() || !raw) {
        journal_->exception("pin-block-failed", {{"result", block.code}, {"error", block.error_code}});
        dev_->show("DEVICE-FAULT", {"The PIN pad is out of order. Please take your card."});
        return false;
    }
    s.pin_block = *raw;
    if (defects_.on("journal-pin-block")) journal_->record("pin", {{"pin_block", to_hex(s.pin_block)}});
    return true;
}

std::string Terminal::menu(Session& s) {
    // 7.3.6.1: only what the devices, the host link and the cassettes can do now is offered.
    read_cassettes();
    bool host_up = host_->reachable();
    bool cash_out = dev_->has("CashDispenser") && can_dispense(units_);
    if (cash_out) {
        // The device's own word: offline or a stopped dispenser means no withdrawal, whatever the counts say.
        json::value st = dev_->cash_status();
        const json::value* common = st.is_object() ? st.as_object().if_contains("common") : nullptr;
        const json::value* device = common && common->is_object() ? common->as_object().if_contains("device") : nullptr;
        const json::value* cm = st.is_object() ? st.as_object().if_contains("cashManagement") : nullptr;
        const json::value* disp = cm && cm->is_object() ? cm->as_object().if_contains("dispenser") : nullptr;
        cash_out = device && device->is_string() && device->as_string() == "online" && !(disp && disp->is_string() && disp->as_string() == "stop");
    }
    bool cash_in = false;
    if (dev_->has("CashAcceptor")) {
        json::value st = dev_->cash_status();
        const json::value* cm = st.is_object() ? st.as_object().if_contains("cashManagement") : nullptr;
        const json::value* acc = cm && cm->is_object() ? cm->as_object().if_contains("acceptor") : nullptr;
        cash_in = acc && acc->is_string() && acc->as_string() == "ok";
    }
    struct Option {
        const char* key;
        const char* fn;
        const char* label;
        bool offered;
    };
    std::vector<Option> options{{"fdk01", "inquiry", "F1 Balance inquiry", host_up},
                                {"fdk02", "withdrawal", "F2 Withdrawal", host_up && (cash_out || defects_.on("offer-unavailable"))},
                                {"fdk03", "deposit", "F3 Deposit",
                                 host_up && (cash_in || (defects_.on("offer-deposit-unavailable") && dev_->has("CashAcceptor")))},
                                {"fdk04", "transfer", "F4 Transfer", host_up}};
    std::vector<std::string> lines{"Please choose a service:"};
    std::vector<std::string> keys{"cancel"};
    json::array offered;
    for (const auto& o : options)
        if (o.offered) {
            lines.push_back(o.label);
            keys.push_back(o.key);
            offered.push_back(json::string(o.fn));
        }
    lines.push_back("CANCEL End");
    if (offered.empty()) lines = {"No service is available at the moment.", "Please take your card."};
    dev_->show("MENU", lines);
    journal_->record("menu", {{"offered", offered}});
    if (offered.empty()) return "";
    std::string key = dev_->choose(keys, config_.timeouts.key);
    if (key.empty()) {
        journal_->record("timeout", {{"step", "menu"}});
        return "";
    }
    for (const auto& o : options)
        if (o.offered && key == o.key) {
            s.function = o.fn;
            return o.fn;
        }
    journal_->record("cancelled", {{"step", "menu"}});
    return "";
}

void Terminal::return_card(Session& s) {
    if (s.card_retained) return;
    dev_->show("TAKE-CARD", {"Please take your card."});
    XfsReply r = dev_->eject_card();
    if (!r.ok()) {
        // A card that cannot come out is kept, and that is recorded (INV-CARD).
        dev_->capture_card();
        s.card_retained = true;
        journal_->exception("card-captured", {{"pan", mask_pan(s.pan)}, {"why", "eject failed: " + r.code + " " + r.error_code}});
        return;
    }
    if (dev_->wait_card_taken(config_.timeouts.card_take)) {
        journal_->record("card-returned", {{"pan", mask_pan(s.pan)}});
        return;
    }
    if (defects_.on("eject-uncollected-card")) {
        journal_->record("card-not-taken", {{"pan", mask_pan(s.pan)}});
        return;
    }
    // 7.3.6.6 b: a card not taken in time is captured.
    XfsReply c = dev_->capture_card();
    s.card_retained = true;
    journal_->exception("card-captured", {{"pan", mask_pan(s.pan)}, {"why", "not taken in time"}, {"result", c.code}});
}

void Terminal::end_session(Session& s) {
    // Cleared before the journal says the session ended, so whoever reads "session-end" may at once ask for an admin
    // command (7.3.1 d) and not be refused by a race; the commands only take effect once back in the idle loop.
    in_session_ = false;
    journal_->record("session-end", {{"pan", mask_pan(s.pan)}, {"function", s.function}});
    if (s.function == "withdrawal" || s.function == "deposit") clear_residual_notes("after-transaction");
}

}  // namespace atmbench::terminal
