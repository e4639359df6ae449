// Balance inquiry and transfer: one exchange each, no cash.
#include "atmbench/terminal/terminal.hpp"

namespace atmbench::terminal {

namespace {

// F54 additional amounts: 20-character blocks (account type 2, amount type 2, currency 3, sign C/D, amount 12).
std::string balance_of(const HostMessage& reply) {
    const std::string* f54 = reply.find(54);
    if (!f54 || f54->size() < 20) return "";
    std::string block = f54->substr(0, 20);
    std::int64_t minor = std::stoll(block.substr(8, 12));
    return std::string(block[7] == 'D' ? "-" : "") + std::to_string(minor / 100) + "." + (minor % 100 < 10 ? "0" : "") +
           std::to_string(minor % 100);
}

}  // namespace

void Terminal::inquiry(Session& s) {
    HostMessage req = host_->financial("31", s.pan, s.pin_block, 0);
    HostResult r = host_->request(req);
    journal_exchange(s, r);
    if (r.outcome != HostOutcome::Approved || !r.reply) {
        host_failure_screen(s, r);
        return;
    }
    std::string balance = balance_of(*r.reply);
    dev_->show("BALANCE", {"Available balance: " + config_.currency + " " + balance});
    s.receipt.push_back("BALANCE " + config_.currency + " " + balance);
}

void Terminal::transfer(Session& s) {
    dev_->show("TRANSFER-ACCOUNT", {"Enter the account to transfer to and press ENTER."});
    auto to = dev_->enter_number(19, {});
    if (!to) {
        journal_->record("cancelled", {{"step", "transfer account"}});
        return;
    }
    dev_->show("TRANSFER-AMOUNT", {"Enter the amount and press ENTER."});
    auto amount = dev_->enter_number(6, {});
    if (!amount || (*amount)[0] == 'F') {
        journal_->record("cancelled", {{"step", "transfer amount"}});
        return;
    }
    s.amount = std::stoll(*amount) * 100;
    HostMessage req = host_->financial("40", s.pan, s.pin_block, s.amount, *to);
    HostResult r = host_->request(req);
    journal_exchange(s, r, {{"to", mask_pan(*to)}});
    if (r.outcome != HostOutcome::Approved) {
        // The host may have moved the money: a transfer with an unknown result is reversed like a withdrawal.
        if (r.outcome == HostOutcome::Timeout || r.outcome == HostOutcome::BadReply)
            host_->reverse(req, std::string(to_string(r.outcome)));
        host_failure_screen(s, r);
        return;
    }
    dev_->show("RESULT", {"Transfer done."});
    // 7.3.6.8 b allows the transfer-in account in full; masked here as well, like every PAN this terminal prints.
    s.receipt.push_back("TRANSFER " + config_.currency + " " + *amount + ".00 TO " + mask_pan(*to) + " APPROVED");
}

}  // namespace atmbench::terminal
