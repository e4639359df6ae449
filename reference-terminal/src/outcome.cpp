// What the customer is told, what the journal keeps and what the receipt says after a host exchange.
#include "atmbench/terminal/terminal.hpp"

#include "atmbench/host/response_codes.hpp"

#include <boost/json.hpp>

namespace atmbench::terminal {

namespace json = boost::json;

bool Terminal::host_failure_screen(Session& s, const HostResult& r) {
    switch (r.outcome) {
        case HostOutcome::Approved: return false;
        case HostOutcome::ConnectFailed:
        case HostOutcome::SendFailed:
            dev_->show("HOST-DOWN", {"The service is not available at the moment.", "Your account was not charged."});
            return true;
        case HostOutcome::Timeout:
        case HostOutcome::BadReply:
            break;
        case HostOutcome::UnknownCode:
            if (s.function == "deposit") break;
            [[fallthrough]];
        case HostOutcome::RetainCash:
        case HostOutcome::Declined: {
            const host::ResponseCode* rc = host::find_response_code(r.code);
            std::string why = rc ? std::string(rc->meaning) : "code " + r.code;
            dev_->show("DECLINED", {"Your transaction was declined: " + why + "."});
            s.receipt.push_back(s.function + " DECLINED (" + r.code + ")");
            if (rc && rc->capture && !s.card_retained) {
                // The issuer asked for the card (41 lost, 43 stolen, …): capture it and record it.
                XfsReply c = dev_->capture_card();
                s.card_retained = true;
                journal_->exception("card-captured", {{"pan", mask_pan(s.pan)}, {"why", "issuer code " + r.code}, {"result", c.code}});
                s.exceptions.push_back("CARD RETAINED BY ISSUER REQUEST");
            }
            return true;
        }
    }
    // 7.3.6.4 b/d: the result is not known: say so, and where to check.
    if (defects_.on("no-uncertain-screen")) {
        dev_->show("DECLINED", {"Your transaction failed."});
    } else {
        dev_->show("UNCERTAIN", {"The result of your transaction is uncertain.", "Please check with your card issuer."});
        s.exceptions.push_back("RESULT UNCERTAIN - PLEASE CHECK WITH YOUR CARD ISSUER");
    }
    return true;
}

void Terminal::journal_exchange(const Session& s, const HostResult& r, json::object extra) {
    if (defects_.on("no-transaction-journal")) return;
    // 7.3.6.3 d: amount, masked account, the host exchange and its outcome.
    json::object rec{{"function", s.function}, {"pan", mask_pan(s.pan)}, {"amount", s.amount},
                     {"stan", r.request.find(11) ? r.request.at(11) : ""}, {"outcome", to_string(r.outcome)}};
    if (!r.code.empty()) rec["code"] = r.code;
    if (!r.detail.empty()) rec["detail"] = r.detail;
    for (auto& kv : extra) rec[kv.key()] = kv.value();
    if (r.outcome == HostOutcome::Approved || r.outcome == HostOutcome::Declined) journal_->record("transaction", rec);
    else journal_->exception("transaction", rec);
}

void Terminal::print_receipt(Session& s) {
    std::vector<std::string> lines{"ATMBENCH REFERENCE TERMINAL", "TERMINAL " + config_.terminal_id, "TIME " + utc_now()};
    // 7.3.6.8 b: the four digits before the check digit are hidden. The clause allows a captured card in full;
    // this terminal masks it too, since nothing is gained by printing it.
    bool full = defects_.on("unmasked-pan");
    lines.push_back("CARD " + (full ? s.pan : mask_pan(s.pan)));
    for (const auto& l : s.receipt) lines.push_back(l);
    // 7.3.6.8 a: exceptions that changed cash or the account stand out.
    for (const auto& e : s.exceptions) {
        if (defects_.on("no-exception-on-receipt")) {
            lines.push_back("note: " + e);
        } else {
            lines.push_back("****************************************");
            lines.push_back("*** EXCEPTION: " + e + " ***");
            lines.push_back("****************************************");
        }
    }
    XfsReply r = dev_->print_receipt(lines);
    if (!r.ok()) journal_->record("receipt-failed", {{"result", r.code}, {"error", r.error_code}});
}

}  // namespace atmbench::terminal
