// Withdrawal (7.3.6.3, 7.3.6.7): amount, local pre-check against the cassettes, authorisation, then dispense,
// present and take — and for every way it can fail, exactly the reversal decision 7.3.6.7 prescribes.
#include "atmbench/terminal/terminal.hpp"

#include <boost/json.hpp>

namespace atmbench::terminal {

namespace json = boost::json;

namespace {

json::object mix_json(const NoteMix& mix) {
    json::object o;
    for (const auto& [unit, n] : mix) o[unit] = n;
    return o;
}

json::value moved_of(const XfsReply& r) {
    if (r.payload.is_object())
        if (const json::value* d = r.payload.as_object().if_contains("denomination"))
            if (d->is_object())
                if (const json::value* c = d->as_object().if_contains("counts")) return *c;
    return json::object{};
}

}  // namespace

void Terminal::withdrawal(Session& s) {
    std::vector<std::string> lines{"Choose an amount or type it and press ENTER:"};
    std::vector<std::string> shortcuts;
    for (std::size_t i = 0; i < config_.fast_cash.size(); ++i) {
        lines.push_back("F" + std::to_string(i + 1) + " " + std::to_string(config_.fast_cash[i] / 100));
        shortcuts.push_back("fdk0" + std::to_string(i + 1));
    }
    dev_->show("AMOUNT", lines);
    auto entered = dev_->enter_number(6, shortcuts);
    if (!entered) {
        journal_->record("cancelled", {{"step", "amount"}});
        return;
    }
    if ((*entered)[0] == 'F') s.amount = config_.fast_cash.at(static_cast<std::size_t>(std::stoi(entered->substr(1)) - 1));
    else s.amount = std::stoll(*entered) * 100;

    // 7.3.6.3 a: refuse locally what the cassettes cannot pay; the host is not asked.
    read_cassettes();
    auto mix = mix_for(s.amount, units_);
    if ((!mix || s.amount > config_.max_withdrawal) && !defects_.on("skip-cash-precheck")) {
        journal_->record("refused-locally", {{"function", "withdrawal"}, {"pan", mask_pan(s.pan)}, {"amount", s.amount},
                                              {"why", s.amount > config_.max_withdrawal ? "over the limit per withdrawal"
                                                                                         : "the cassettes cannot pay it"}});
        dev_->show("AMOUNT-UNAVAILABLE", {"This amount cannot be dispensed. Please take your card."});
        return;
    }
    if (!mix) mix = NoteMix{};
    if (dev_->card_media() != "present" && !defects_.on("ignore-card-pulled")) {
        // 8.2 c: the card left the reader during the transaction.
        journal_->exception("card-removed", {{"pan", mask_pan(s.pan)}, {"step", "before authorisation"}});
        return;
    }
    HostMessage req = host_->financial("01", s.pan, s.pin_block, s.amount);
    HostResult r = host_->request(req);
    journal_exchange(s, r);
    switch (r.outcome) {
        case HostOutcome::Approved: {
            // From here the terminal owes the customer the cash or the host a reversal, also across a power cut
            // (7.3.6.7 a): recorded durably before anything moves (resolve_interrupted_dispense at start-up).
            InterruptedDispense guard;
            guard.original_mti = req.mti;
            for (int f : {2, 3, 4, 11, 22, 25, 41, 42, 49})
                if (const std::string* v = req.find(f)) guard.original[f] = *v;
            guard.time = utc_now();
            dispense_guard_->arm(std::move(guard));
            dispense_and_present(s, r, *mix);
            dispense_guard_->clear();
            return;
        }
        case HostOutcome::ConnectFailed:
        case HostOutcome::SendFailed:
            // 7.3.6.7 c 1/2: the request never reached the host, so there is nothing to reverse.
            if (defects_.on("reverse-on-connect-failure")) {
                host_->reverse(req, to_string(r.outcome));
                s.exceptions.push_back("TRANSACTION REVERSED");
            }
            break;
        case HostOutcome::RetainCash:
            // 7.3.6.7 c 3: the host ordered the cash retained: no dispense, and no reversal either.
            journal_->exception("host-retain-cash", {{"pan", mask_pan(s.pan)}, {"amount", s.amount}, {"code", r.code},
                                                     {"stan", req.at(11)}});
            if (defects_.on("reverse-on-retain")) {
                host_->reverse(req, "retain-cash reply");
                s.exceptions.push_back("TRANSACTION REVERSED");
            }
            break;
        case HostOutcome::Timeout:
        case HostOutcome::BadReply:
            // The host may have approved and posted: reverse it (store-and-forward until acknowledged).
            host_->reverse(req, std::string(to_string(r.outcome)) + (r.detail.empty() ? "" : ": " + r.detail));
            s.exceptions.push_back("TRANSACTION REVERSED");
            break;
        case HostOutcome::Declined:
        case HostOutcome::UnknownCode:
            break;
    }
    host_failure_screen(s, r);
}

void Terminal::dispense_and_present(Session& s, const HostResult& approved, const NoteMix& planned) {
    NoteMix mix = planned;
    std::int64_t amount = s.amount;
    if (defects_.on("dispense-more") && !mix.empty()) {
        // One note more than approved from the first unit.
        ++mix.begin()->second;
        for (const auto& u : units_)
            if (u.id == mix.begin()->first) amount += u.value;
    }
    const std::string stan = approved.request.at(11);
    XfsReply d = dev_->dispense(mix, config_.currency, amount);
    if (!d.ok()) {
        // Nothing reached the customer: whatever was picked goes to the reject unit, and the approved amount is
        // reversed in full (7.3.6.7 a, REV-REQUIRED).
        XfsReply rej = dev_->reject();
        journal_->exception("dispense-failed", {{"pan", mask_pan(s.pan)}, {"amount", s.amount}, {"stan", stan},
                                                {"result", d.code}, {"error", d.error_code}, {"picked", moved_of(d)},
                                                {"rejected", rej.code}});
        if (!defects_.on("no-reversal-after-dispense-failure"))
            host_->reverse(approved.request, "dispense failed: " + d.error_code, [this] { dispense_guard_->clear(); });
        dispense_guard_->clear();
        s.exceptions.push_back("DISPENSE FAILED - NO CASH GIVEN - TRANSACTION REVERSED");
        dev_->show("DISPENSE-FAILED", {"Sorry, the cash could not be dispensed.", "Your account will not be charged."});
        read_cassettes();
        return;
    }
    std::vector<std::string> serials = dev_->last_serials();
    dispense_guard_->presenting();  // from the Present on, the notes may reach the customer (7.3.6.7 c 5)
    XfsReply p = dev_->present();
    dispense_guard_->clear();
    if (!p.ok()) {
        // 7.3.6.7 c 5: the notes may have been within reach: no reversal; retract what is left and record it.
        std::string state = dev_->present_state();
        XfsReply back = dev_->retract();
        journal_->exception("present-failed", {{"pan", mask_pan(s.pan)}, {"amount", s.amount}, {"stan", stan},
                                               {"result", p.code}, {"error", p.error_code}, {"present_state", state},
                                               {"retract", back.code}, {"mix", mix_json(mix)},
                                               {"serials", defects_.on("no-serials") ? json::value(nullptr) : json::value(json::value_from(serials))},
                                               // 7.3.6.3 d: retracted notes classified; the device counted them out
                                               // as fit, and nothing came back in between to say otherwise.
                                               {"classification", json::object{{"fit", static_cast<std::int64_t>(serials.size())},
                                                                               {"unfit", 0}, {"unrecognised", 0}}}});
        if (defects_.on("reverse-when-touched")) {
            host_->reverse(approved.request, "present failed");
            s.exceptions.push_back("TRANSACTION REVERSED");
        }
        s.exceptions.push_back("CASH PRESENT FAILED - CONTACT YOUR BANK");
        dev_->show("UNCERTAIN", {"The cash could not be presented properly.",
                                 "Please check your account with your card issuer."});
        return;
    }
    json::object dispensed{{"pan", mask_pan(s.pan)}, {"amount", amount}, {"stan", stan}, {"mix", mix_json(mix)}};
    // 7.3.6.3 c: the serial numbers (冠字号) of the notes paid out.
    if (!defects_.on("no-serials")) {
        json::array sn;
        for (const auto& x : serials) sn.push_back(json::string(x));
        dispensed["serials"] = sn;
    }
    journal_->record("dispensed", dispensed);
    dev_->show("TAKE-CASH", {"Please take your cash."});
    if (dev_->wait_items_taken(config_.timeouts.cash_take)) {
        journal_->record("cash-taken", {{"stan", stan}, {"amount", amount}});
        s.receipt.push_back("WITHDRAWAL " + config_.currency + " " + std::to_string(s.amount / 100) + ".00 APPROVED");
        dev_->show("RESULT", {"Withdrawal done."});
        return;
    }
    // 7.3.6.7 c 4 / 7.3.6.6 b: cash not taken in time is retracted and recorded; it is not reversed (the bank
    // holds the notes; the operator settles them from the retract unit and this record).
    XfsReply back = dev_->retract();
    journal_->exception("cash-retracted", {{"pan", mask_pan(s.pan)}, {"amount", amount}, {"stan", stan},
                                           {"why", "not taken in time"}, {"result", back.code},
                                           {"classification", json::object{{"fit", static_cast<std::int64_t>(serials.size())},
                                                                           {"unfit", 0}, {"unrecognised", 0}}}});
    if (defects_.on("reverse-when-not-taken")) {
        host_->reverse(approved.request, "cash not taken");
        s.exceptions.push_back("TRANSACTION REVERSED");
    }
    s.exceptions.push_back("CASH NOT TAKEN - RETRACTED - " + config_.currency + " " + std::to_string(amount / 100) + ".00");
    dev_->show("CASH-RETRACTED", {"The cash was not taken and has been retracted.", "Please contact your bank."});
}

}  // namespace atmbench::terminal
