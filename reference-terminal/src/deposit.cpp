// Deposit (7.3.7): count and show the notes, ask for confirmation, ask the host; return the notes on cancel,
// shortage or an explicit decline; keep them when the result is unknown (timeout, bad reply, unknown code).
#include "atmbench/terminal/terminal.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <vector>

namespace atmbench::terminal {

namespace json = boost::json;

namespace {
// 7.3.6.3 a 4 / 7.3.7 a: whether the units that take deposits have room for the counted notes — fit notes of a
// recycling unit's denomination there first, everything else in the cash-in units. Units that report no capacity
// are taken as having room.
bool room_for(const std::vector<CashUnitInfo>& units, const std::map<std::int64_t, int>& by_value) {
    auto room = [](const CashUnitInfo& u) { return u.capacity <= 0 ? 1 << 30 : std::max(0, u.capacity - u.count); };
    long long cash_in_room = 0;
    for (const auto& u : units)
        if (u.status == "ok" && u.type == "cashIn") cash_in_room += room(u);
    for (const auto& [value, n] : by_value) {
        long long left = n;
        for (const auto& u : units)
            if (u.status == "ok" && u.type == "recycling" && u.value == value) left -= std::min<long long>(left, room(u));
        cash_in_room -= left;
    }
    return cash_in_room >= 0;
}

std::string yuan(std::int64_t minor) { return std::to_string(minor / 100) + "." + (minor % 100 < 10 ? "0" : "") + std::to_string(minor % 100); }
}  // namespace

void Terminal::deposit(Session& s) {
    XfsReply start = dev_->cash_in_start();
    if (!start.ok()) {
        journal_->exception("deposit-device-fault", {{"step", "CashInStart"}, {"result", start.code}, {"error", start.error_code}});
        dev_->show("DEVICE-FAULT", {"Deposits are not possible at the moment."});
        return;
    }
    dev_->show("INSERT-NOTES", {"Please insert your notes."});
    XfsReply in = dev_->cash_in(config_.timeouts.deposit_insert);
    if (!in.ok()) {
        bool timed_out = in.code == "noAnswer" || in.code == "timeOut" || in.code == "canceled";
        // 7.3.7 d 1: a fault before the customer confirmed → the notes go back; a timeout ends the deposit.
        XfsReply back = dev_->cash_in_rollback();
        json::object fault{{"step", "CashIn"}, {"result", in.code}, {"error", in.error_code}, {"returned", back.code}};
        bool held = !timed_out && !back.ok();
        if (held) {
            // 7.3.7 d 1 wants the notes back, but a fault that keeps them inside (a jam in the validator) makes that
            // impossible, and the device never counted them. Record them held, amount unknown, at once (7.3.6.9 a),
            // so the bank can settle the 长款 when the device is cleared (seed 002) — INV-MONEY reads this.
            fault["pan"] = mask_pan(s.pan);
            fault["amount_unknown"] = true;
            fault["held"] = "notes kept by the device after the fault, not counted";
        }
        journal_->exception(timed_out ? "deposit-insert-timeout" : "deposit-device-fault", fault);
        if (held) {
            s.exceptions.push_back("DEPOSIT DEVICE FAULT - NOTES HELD BY THE MACHINE, AMOUNT UNKNOWN");
            dev_->show("DEVICE-FAULT", {"The deposit could not be completed.", "Your notes are held by the machine.",
                                        "Please contact your bank."});
            return;
        }
        if (!timed_out) {
            s.exceptions.push_back("DEPOSIT DEVICE FAULT - NOTES RETURNED");
            dev_->show("DEVICE-FAULT", {"The deposit could not be completed.", "Please take your notes."});
        }
        if (!back.ok() || !timed_out) dev_->wait_refused_taken(config_.timeouts.refused_take);
        return;
    }
    CashInCount count = Peripherals::count_of(in);
    if (count.refused > 0) {
        dev_->show("TAKE-REFUSED", {"Some notes were not accepted. Please take them."});
        if (!dev_->wait_refused_taken(config_.timeouts.refused_take)) {
            // 7.3.6.6 b: refused notes left at the output are retracted and recorded.
            XfsReply r = dev_->retract();
            journal_->exception("refused-retracted", {{"notes", count.refused}, {"result", r.code},
                                                      {"classification", json::object{{"unrecognised", count.refused}}}});
        }
    }
    if (count.notes == 0) {
        dev_->cash_in_rollback();
        journal_->record("deposit-empty", {{"pan", mask_pan(s.pan)}});
        return;
    }
    s.amount = count.amount;
    if (!room_for(dev_->cash_units(), count.by_value)) {
        // 7.3.7 a: the units cannot take these notes (resource shortage): the original notes go back, the host is
        // not asked.
        XfsReply back = dev_->cash_in_rollback();
        journal_->record("deposit-returned", {{"pan", mask_pan(s.pan)}, {"amount", count.amount}, {"notes", count.notes},
                                              {"why", "no room in the cash-in units"}, {"result", back.code}});
        dev_->show("TAKE-NOTES", {"The machine cannot take these notes now.", "Please take your notes."});
        dev_->wait_refused_taken(config_.timeouts.refused_take);
        return;
    }
    // 7.3.7 a: show the count for confirmation before the host is asked.
    std::vector<std::string> lines{"Notes counted: " + std::to_string(count.notes), "Amount: " + config_.currency + " " + yuan(count.amount)};
    for (const auto& [value, n] : count.by_value) lines.push_back("  " + std::to_string(n) + " x " + yuan(value));
    lines.push_back("F1 Confirm    CANCEL Return my notes");
    dev_->show("CONFIRM-DEPOSIT", lines);
    json::object counted{{"pan", mask_pan(s.pan)}, {"amount", count.amount}, {"notes", count.notes}, {"refused", count.refused}};
    json::object mix;
    for (const auto& [value, n] : count.by_value) mix[std::to_string(value)] = n;
    counted["mix"] = mix;
    journal_->record("deposit-counted", counted);
    std::string key = dev_->choose({"fdk01", "cancel"}, config_.timeouts.screen);
    if (key != "fdk01") {
        // Cancelled or no answer: the customer gets the notes back (7.3.7 a).
        if (defects_.on("keep-deposit-on-cancel")) {
            XfsReply end = dev_->cash_in_end();
            json::array sn;
            for (const auto& x : dev_->last_serials()) sn.push_back(json::string(x));
            journal_->record("deposit-kept", {{"amount", count.amount}, {"result", end.code}, {"serials", sn}});
        } else {
            XfsReply back = dev_->cash_in_rollback();
            journal_->record("deposit-returned", {{"amount", count.amount}, {"why", key.empty() ? "no confirmation" : "cancelled"},
                                                  {"result", back.code}});
            dev_->show("TAKE-NOTES", {"Please take your notes."});
            dev_->wait_refused_taken(config_.timeouts.refused_take);
        }
        return;
    }
    settle_deposit(s, count);
}

void Terminal::settle_deposit(Session& s, const CashInCount& count) {
    if (dev_->card_media() != "present" && !defects_.on("ignore-card-pulled")) {
        journal_->exception("card-removed", {{"pan", mask_pan(s.pan)}, {"step", "before deposit authorisation"}});
        dev_->cash_in_rollback();
        return;
    }
    HostMessage req = host_->financial("21", s.pan, s.pin_block, count.amount);
    // 7.3.7 c across a power cut: from the request on, the notes in the escrow may be credited; recorded durably
    // before it is sent and dropped once this function has settled them (resolve_interrupted_deposit at start-up).
    InterruptedDispense guard;
    guard.original_mti = req.mti;
    for (int f : {2, 3, 4, 11, 41})
        if (const std::string* v = req.find(f)) guard.original[f] = *v;
    guard.time = utc_now();
    deposit_guard_->arm(std::move(guard), "authorising");
    struct Settled {
        DispenseGuard& g;
        ~Settled() { g.clear(); }
    } settled{*deposit_guard_};
    HostResult r = host_->request(req);
    journal_exchange(s, r);
    const std::string stan = req.at(11);
    auto give_back = [&](const std::string& why) {
        XfsReply back = dev_->cash_in_rollback();
        journal_->record("deposit-returned", {{"amount", count.amount}, {"stan", stan}, {"why", why}, {"result", back.code}});
        dev_->show("TAKE-NOTES", {"Your deposit was not accepted. Please take your notes."});
        dev_->wait_refused_taken(config_.timeouts.refused_take);
    };
    auto keep = [&](const std::string& why) {
        // 7.3.7 c / d 3: result unknown → the notes are kept, recorded as an exception with the amount, the card
        // goes back and the customer is told to check the account.
        XfsReply end = dev_->cash_in_end();
        json::object rec{{"pan", mask_pan(s.pan)}, {"amount", count.amount}, {"stan", stan}, {"why", why}, {"result", end.code}};
        // 7.3.6.3 c: the serial numbers of notes kept are what settles the dispute later.
        if (end.ok() && !defects_.on("no-serials")) {
            json::array sn;
            for (const auto& x : dev_->last_serials()) sn.push_back(json::string(x));
            rec["serials"] = sn;
        }
        journal_->exception("deposit-retained", rec);
        s.exceptions.push_back("DEPOSIT RESULT UNKNOWN - " + config_.currency + " " + yuan(count.amount) +
                               " RETAINED - CHECK YOUR ACCOUNT");
    };
    switch (r.outcome) {
        case HostOutcome::Approved: {
            XfsReply end = dev_->cash_in_end();
            std::vector<std::string> serials = dev_->last_serials();
            json::object rec{{"pan", mask_pan(s.pan)}, {"amount", count.amount}, {"stan", stan}, {"result", end.code}};
            if (!defects_.on("no-serials")) {
                json::array sn;
                for (const auto& x : serials) sn.push_back(json::string(x));
                rec["serials"] = sn;
            }
            if (end.ok()) journal_->record("deposited", rec);
            else {
                // 7.3.7 d 2: credited, then the device failed storing: finish the business and record it; the
                // notes are inside the machine either way.
                journal_->exception("deposited", rec);
                s.exceptions.push_back("DEPOSIT CREDITED - DEVICE FAULT WHILE STORING NOTES");
            }
            s.receipt.push_back("DEPOSIT " + config_.currency + " " + yuan(count.amount) + " APPROVED");
            dev_->show("RESULT", {"Deposit done."});
            return;
        }
        case HostOutcome::Declined:
        case HostOutcome::ConnectFailed:
        case HostOutcome::SendFailed:
            give_back(std::string(to_string(r.outcome)) + (r.code.empty() ? "" : " " + r.code));
            host_failure_screen(s, r);
            return;
        case HostOutcome::Timeout:
            if (defects_.on("return-deposit-on-timeout")) give_back("timeout");
            else keep("reply timeout");
            break;
        case HostOutcome::BadReply:
            if (defects_.on("return-deposit-on-bad-reply")) give_back("bad reply");
            else keep("reply unusable: " + r.detail);
            break;
        case HostOutcome::UnknownCode:
            if (defects_.on("return-deposit-on-unknown-code")) give_back("unknown code " + r.code);
            else keep("unknown response code " + r.code);
            break;
        case HostOutcome::RetainCash:
            keep("host ordered the cash retained (" + r.code + ")");
            break;
    }
    host_failure_screen(s, r);
}

}  // namespace atmbench::terminal
