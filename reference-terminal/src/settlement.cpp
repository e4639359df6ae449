// Batch settlement (结算) from the admin port, and what it ends: 7.3.6.7 c 6 — no reversal once a failed withdrawal
// has entered or completed the settlement flow. Pending reversals get one more attempt before the 0500 (they are
// not in the flow yet). The batch's totals go to the host in 0500 (F48, settlement.hpp);
// from the moment the request is sent the batch is in the settlement flow, so every reversal still pending is not
// sent any more: it is journaled as an exception for reconciliation (with the 7.3.6.7 b fields) and dropped. Its
// transaction is out of the terminal's totals (Batch::reversed), so a host that posted it answers 95 and people
// reconcile the difference (7.3.7 b).
#include "atmbench/terminal/host_channel.hpp"

#include <boost/json.hpp>

namespace atmbench::terminal {

using Message = HostMessage;




void HostChannel::settle() {
    // Until the 0500 is sent the batch is not in the settlement flow and a pending reversal is still owed (7.3.6.7 a,
    // 7.3.7 b: balance the accounts): one more attempt each first, so what the host acknowledges leaves its batch and
    // the totals can balance. What is still pending when the 0500 goes is reconciled, never reversed (c 6).
    retry_reversals();
    const std::string number = batch_.number();
    const host::BatchTotals totals = batch_.totals();
    boost::json::object record{{"batch", number},
                               {"debit_count", totals.debit_count},
                               {"debit_amount", totals.debit_amount},
                               {"credit_count", totals.credit_count},
                               {"credit_amount", totals.credit_amount}};
    Message req = link_.settlement(number, totals);
    persist_stan();
    record["stan"] = req.at(11);
    try {
        if (!ensure_connected()) throw std::runtime_error(last_error_);
        link_.send(req);
    } catch (const std::exception& e) {
        // Not sent: the batch has not entered the settlement flow; its reversals stay pending.
        link_.close();
        record["result"] = "not-sent";
        record["why"] = e.what();
        journal_.record("settlement", std::move(record));
        return;
    }
    if (!defects_.on("reverse-after-settlement")) settle_pending_reversals(number);
    LinkResult r = link_.receive(config_.timeouts.host);
    std::string result = result_of(req, r);
    if (r.kind == LinkResult::Kind::Reply && (r.mac_check == "invalid" || r.mac_check == "missing"))
        result = "reply MAC " + r.mac_check;
    record["result"] = result;
    // 00 balanced, 95 not balanced: either way the host closed the batch; anything else leaves it open to settle again.
    if (result != "00" && result != "95") {
        journal_.exception("settlement", std::move(record));
        return;
    }
    if (const std::string* f48 = r.reply->find(48)) record["host_totals"] = *f48;
    record["balanced"] = result == "00";
    batch_.close();
    if (result == "95") journal_.exception("settlement", std::move(record));  // 7.3.7 b: reconcile by hand
    else journal_.record("settlement", std::move(record));
}

void HostChannel::settle_pending_reversals(const std::string& batch) {
    std::vector<PendingReversal> pending = reversals_.pending();
    for (const PendingReversal& p : pending) {
        boost::json::object record = reversal_record(p);
        record["batch"] = batch;
        record["result"] = "settled: reconcile, not reversed";
        record["acknowledged"] = false;
        journal_.exception("reversal-settled", std::move(record));
        reversals_.acknowledged(p.stan());  // dropped: 7.3.6.7 c 6 forbids sending it now
    }
}

}  // namespace atmbench::terminal
