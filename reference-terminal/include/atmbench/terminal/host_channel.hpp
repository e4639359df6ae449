// The terminal's side of the acquirer link: connection and sign-on (working keys, 8.5 b/c), requests classified
// into the outcomes the transaction flows act on (7.3.5 e/f, 7.3.6.7 c), the idle heartbeat (7.3.6.6 b) and
// the store-and-forward of reversals (7.3.6.7 a, seed 004): persisted, sent as 0400, repeated as 0421 until the
// host acknowledges, journaled as 7.3.6.7 b requires. Packing, framing, MAC and matching are the terminal's own
// HostLink (host_link.hpp); this class only decides.
#pragma once

#include "atmbench/terminal/host_link.hpp"
#include "atmbench/terminal/batch.hpp"
#include "atmbench/terminal/defects.hpp"
#include "atmbench/terminal/journal.hpp"
#include "atmbench/terminal/reversal_store.hpp"
#include "atmbench/terminal/terminal_config.hpp"

#include <boost/json/object.hpp>

#include <functional>
#include <optional>
#include <string>

namespace atmbench::terminal {

enum class HostOutcome {
    Approved,       // 00, matched, MAC valid
    Declined,       // a recognised decline code
    RetainCash,     // a reply that orders the cash retained (7.3.6.7 c 3)
    UnknownCode,    // a code outside the CUP table (7.3.7 c 3)
    Timeout,        // sent, no reply in time (7.3.6.4 b)
    ConnectFailed,  // no connection could be made: nothing was sent (7.3.6.7 c 1)
    SendFailed,     // the request could not be written (7.3.6.7 c 2)
    BadReply,       // undecodable, mismatched key field, bad MAC, closed mid-reply (7.3.5 e/f, 7.3.7 c 2)
};
const char* to_string(HostOutcome o);

struct HostResult {
    HostOutcome outcome = HostOutcome::Timeout;
    std::string code;    // F39 when a reply came
    std::string detail;  // what went wrong, for the journal
    HostMessage request;
    std::optional<HostMessage> reply;
    // The request reached the host (or may have): it may have posted, so a failed result needs a reversal.
    bool host_may_have_posted() const {
        return outcome != HostOutcome::ConnectFailed && outcome != HostOutcome::SendFailed &&
               outcome != HostOutcome::Declined && outcome != HostOutcome::UnknownCode;
    }
};

class HostChannel {
public:
    HostChannel(const TerminalConfig& config, const Dialect& dialect, TerminalKeyEntry keys,
                Journal& journal, ReversalStore& reversals, const Defects& defects);

    // Connects when not connected and signs on when not signed on. On success returns the F62 of the sign-on
    // (so the PIN pad can import the PIN key) — nullopt when the link or sign-on failed (why in `last_error`).
    // Every caller must load the returned keys (8.5 b/c): Terminal::sign_on is the only one.
    std::optional<std::string> sign_on();
    bool online() const { return link_.connected() && link_.signed_on() && !keys_refused_; }
    // The last connection attempt, sign-on or heartbeat reached the host (7.3.6.1: offer online functions only then).
    bool reachable() const { return reachable_ && link_.signed_on() && !keys_refused_; }
    // Successful sign-ons of this channel: more than one means a re-sign-on after a lost link.
    int sign_ons() const { return sign_ons_; }
    // The PIN pad refused the keys of the last sign-on: not online until a new sign-on (8.5 b/c), never serving
    // with the PIN pad and the MAC under different keys.
    void keys_refused(const std::string& why);
    const std::string& last_error() const { return last_error_; }

    HostMessage financial(const std::string& kind, const std::string& pan, const std::string& pin_block,
                               std::int64_t amount, const std::string& to_pan = "");
    // Sends pending reversals first (a reversal goes before the next exchange, seed 001), then the request.
    HostResult request(HostMessage& request);
    // Persists a reversal of `original`, journals it and sends it (0400, then 0421 repeats from `retry`).
    // `stored` runs once the reversal is durable and before it is sent (the withdrawal drops its
    // interrupted-dispense record there: from then on the reversal store owns the duty).
    void reverse(const HostMessage& original, const std::string& reason, const std::function<void()>& stored = {});
    // Persists a reversal without sending it (start-up, before sign-on: retry_reversals sends it). No-op when one
    // for this STAN is already pending.
    void store_reversal(const HostMessage& original, const std::string& reason);
    // Repeats every pending reversal once (0421) if the link is up; returns how many are still pending.
    std::size_t retry_reversals();
    // Idle status heartbeat (0800/301 echo, 7.3.6.6 b). False when it failed or the link is not signed on (the
    // caller signs on again itself, so the new working keys get loaded).
    bool heartbeat();
    // Batch settlement (settlement.cpp): sends 0500 with the batch totals; once it is sent, the reversals still
    // pending are journaled for reconciliation and dropped, never sent (7.3.6.7 c 6). Journals "settlement".
    void settle();

private:
    bool ensure_connected();
    // One request and its reply wait; a send that fails (the host reset the link: EPIPE/ECONNRESET) closes the link
    // and comes back as Closed instead of an exception that would end the terminal (7.3.6.7 c 2: not sent).
    LinkResult exchange(HostMessage& request);
    void send_reversal(PendingReversal& r, const std::string& mti);
    // What a reply wait ended in, for the journal: the F39, or timeout / closed / undecodable / mismatch: …
    std::string result_of(const HostMessage& request, const LinkResult& r);
    void settle_pending_reversals(const std::string& batch);
    void persist_stan();
    const TerminalConfig& config_;
    HostLink link_;
    Journal& journal_;
    ReversalStore& reversals_;
    const Defects& defects_;
    std::string last_error_;
    bool reachable_ = false;
    bool keys_refused_ = false;
    int sign_ons_ = 0;
    Batch batch_;  // approved withdrawals and deposits since the last settlement
};

// The 7.3.6.7 b fields of a reversal: original type and MTI, STAN, time, masked PAN, amount, reason, attempts.
boost::json::object reversal_record(const PendingReversal& r);

}  // namespace atmbench::terminal
