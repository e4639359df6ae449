#include "atmbench/terminal/host_channel.hpp"

#include "atmbench/host/response_codes.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <fstream>
#include <poll.h>
#include <sys/socket.h>

namespace atmbench::terminal {

using Message = HostMessage;




const char* to_string(HostOutcome o) {
    switch (o) {
        case HostOutcome::Approved: return "approved";
        case HostOutcome::Declined: return "declined";
        case HostOutcome::RetainCash: return "retain-cash";
        case HostOutcome::UnknownCode: return "unknown-code";
        case HostOutcome::Timeout: return "timeout";
        case HostOutcome::ConnectFailed: return "connect-failed";
        case HostOutcome::SendFailed: return "send-failed";
        case HostOutcome::BadReply: return "bad-reply";
    }
    return "?";
}

namespace {

std::string stan_file(const TerminalConfig& c) { return (c.state_dir / "stan").string(); }

std::string transaction_name(const std::string& kind) {
    if (kind == "01") return "withdrawal";
    if (kind == "21") return "deposit";
    if (kind == "31") return "inquiry";
    if (kind == "40") return "transfer";
    return kind;
}

}  // namespace

boost::json::object reversal_record(const PendingReversal& r) {
    auto field = [&](int f) { return r.original.count(f) ? r.original.at(f) : std::string(); };
    return {{"original_type", transaction_name(field(3).substr(0, std::min<std::size_t>(2, field(3).size())))},
            {"original_mti", r.original_mti},
            {"stan", r.stan()},
            {"time", r.first_time},
            {"pan", mask_pan(field(2))},
            {"amount", r.original.count(4) ? std::stoll(r.original.at(4)) : 0},
            {"reason", r.reason},
            {"attempt", r.attempts}};
}

HostChannel::HostChannel(const TerminalConfig& config, const Dialect& dialect, TerminalKeyEntry keys,
                         Journal& journal, ReversalStore& reversals, const Defects& defects)
    : config_(config), link_(dialect, std::move(keys), PackFlaws{defects.on("llvar-counts-bytes"), defects.on("pad-wrong-side")}), journal_(journal), reversals_(reversals), defects_(defects),
      batch_(config.state_dir / "batch.json") {
    std::ifstream in(stan_file(config));
    unsigned last = 0;
    if (in >> last) link_.resume_stan(last);
}

void HostChannel::persist_stan() {
    std::ofstream(stan_file(config_), std::ios::trunc) << link_.last_stan() << "\n";
}

namespace {
// The host closed its side (or reset it) since the last exchange: nothing waits to be read but EOF or an error.
bool peer_closed(int fd) {
    pollfd p{fd, POLLIN | POLLRDHUP, 0};
    if (::poll(&p, 1, 0) <= 0) return false;
    if (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) return true;
    char c;
    return ::recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}
}  // namespace

bool HostChannel::ensure_connected() {
    // A connection the host has closed is not a link: reconnect rather than write into it, so "could not
    // connect" (7.3.6.7 c 1) is told apart from "sent, no answer".
    if (link_.connected() && peer_closed(link_.native_handle())) link_.close();
    if (link_.connected()) return true;
    try {
        link_.connect(config_.host_address, config_.connect_timeout);
        return true;
    } catch (const std::exception& e) {
        reachable_ = false;
        last_error_ = std::string("cannot connect to the host: ") + e.what();
        return false;
    }
}

std::optional<std::string> HostChannel::sign_on() {
    if (!ensure_connected()) return std::nullopt;
    Message req = link_.network("003");
    persist_stan();
    LinkResult r;
    try {
        r = link_.sign_on(req, config_.timeouts.host);
    } catch (const std::exception& e) {
        // The host reset the link under the write: a failed sign-on, retried at the heartbeat, never a crash.
        link_.close();
        last_error_ = std::string("sign-on failed: ") + e.what();
        return std::nullopt;
    }
    if (r.kind != LinkResult::Kind::Reply || !r.mismatch.empty() || !r.reply->find(39) || r.reply->at(39) != "00" ||
        !r.error.empty() || !link_.signed_on()) {
        last_error_ = "sign-on failed: " + to_string(r.kind) + (r.reply && r.reply->find(39) ? " " + r.reply->at(39) : "") +
                      (r.error.empty() ? "" : " " + r.error) + (r.mismatch.empty() ? "" : " " + r.mismatch);
        if (r.kind != LinkResult::Kind::Reply) link_.close();
        return std::nullopt;
    }
    reachable_ = true;
    keys_refused_ = false;
    ++sign_ons_;
    journal_.record("sign-on", {{"result", "00"}, {"stan", req.at(11)}});
    return r.reply->at(62);
}

void HostChannel::keys_refused(const std::string& why) {
    keys_refused_ = true;
    reachable_ = false;
    last_error_ = why;
    link_.close();
}

Message HostChannel::financial(const std::string& kind, const std::string& pan, const std::string& pin_block,
                               std::int64_t amount, const std::string& to_pan) {
    Message m = link_.financial(kind, pan, amount, to_pan);
    persist_stan();
    if (!pin_block.empty()) {
        m.set(22, "021");  // PIN captured (the block comes from the PIN pad, never from this process's memory)
        m.set(52, pin_block);
    }
    return m;
}

HostResult HostChannel::request(Message& request) {
    HostResult result;
    result.request = request;
    if (!ensure_connected()) {
        result.outcome = HostOutcome::ConnectFailed;
        result.detail = last_error_;
        return result;
    }
    retry_reversals();
    try {
        link_.send(request);
    } catch (const std::exception& e) {
        link_.close();
        result.outcome = HostOutcome::SendFailed;
        result.detail = e.what();
        return result;
    }
    LinkResult r = link_.receive(config_.timeouts.host);
    result.detail = r.error;
    if (r.kind == LinkResult::Kind::Timeout) {
        result.outcome = HostOutcome::Timeout;
        // The connection's byte stream is now out of step with the requests; start the next exchange afresh.
        link_.close();
        return result;
    }
    if (r.kind == LinkResult::Kind::Closed && r.reset) {
        // 7.3.6.7 c 2: the host reset the connection before any reply byte, so its side discarded the request
        // unread (a host that read it closes with FIN or stays silent): the request could not be sent, and there
        // is nothing to reverse. Whether our write() already failed or the reset came just after it is a race on
        // the wire; both mean the same.
        link_.close();
        result.outcome = HostOutcome::SendFailed;
        result.detail = "the host reset the connection before reading the request (" + r.error + ")";
        return result;
    }
    if (r.kind != LinkResult::Kind::Reply) {
        link_.close();
        result.outcome = HostOutcome::BadReply;
        result.detail = to_string(r.kind) + (r.error.empty() ? "" : ": " + r.error);
        if (defects_.on("accept-unmatched-reply")) result.outcome = HostOutcome::Approved;
        return result;
    }
    result.reply = r.reply;
    std::string mismatch = reply_mismatch(request, *r.reply);
    if (defects_.on("ignore-stan-mismatch") && mismatch.find("(F11)") != std::string::npos) mismatch.clear();
    if (!mismatch.empty() || r.mac_check == "invalid" || r.mac_check == "missing") {
        result.outcome = HostOutcome::BadReply;
        result.detail = mismatch.empty() ? "reply MAC " + r.mac_check : "reply does not match the request: " + mismatch;
        const std::string* rc = r.reply->find(39);
        result.code = rc ? *rc : "";
        return result;
    }
    const std::string* rc = r.reply->find(39);
    result.code = rc ? *rc : "";
    if (result.code == "00") result.outcome = HostOutcome::Approved;
    else if (std::find(config_.retain_cash_codes.begin(), config_.retain_cash_codes.end(), result.code) !=
             config_.retain_cash_codes.end())
        result.outcome = HostOutcome::RetainCash;
    else if (host::find_response_code(result.code)) result.outcome = HostOutcome::Declined;
    else result.outcome = HostOutcome::UnknownCode;
    if (result.outcome == HostOutcome::Approved) batch_.approved(request);
    return result;
}

void HostChannel::reverse(const Message& original, const std::string& reason, const std::function<void()>& stored) {
    store_reversal(original, reason);
    if (stored) stored();
    if (!ensure_connected()) return;  // stays pending; retry_reversals sends it when the link is back
    if (PendingReversal* p = reversals_.find(original.at(11)); p && p->attempts == 0) send_reversal(*p, "0400");
}

void HostChannel::store_reversal(const Message& original, const std::string& reason) {
    if (original.find(11) && reversals_.find(original.at(11))) return;
    PendingReversal r;
    r.original_mti = original.mti;
    for (int f : {2, 3, 4, 11, 22, 25, 41, 42, 49})
        if (const std::string* v = original.find(f)) r.original[f] = *v;
    r.first_time = utc_now();
    r.reason = reason;
    reversals_.add(r);  // persisted before anything is sent (7.3.6.7 a: repeated across restarts)
    batch_.reversed(r.stan());
}

std::size_t HostChannel::retry_reversals() {
    if (reversals_.pending().empty()) return 0;
    if (!ensure_connected()) return reversals_.pending().size();
    std::vector<std::string> stans;
    for (const auto& r : reversals_.pending()) stans.push_back(r.stan());
    for (const auto& stan : stans)
        if (PendingReversal* r = reversals_.find(stan)) send_reversal(*r, r->attempts == 0 ? "0400" : "0421");
    return reversals_.pending().size();
}

void HostChannel::send_reversal(PendingReversal& pending, const std::string& mti) {
    Message original;
    original.mti = pending.original_mti;
    for (const auto& [f, v] : pending.original) original.set(f, v);
    Message rev = link_.reversal(original, mti);
    std::string stan = pending.stan();
    reversals_.attempted(stan);
    PendingReversal snapshot = *reversals_.find(stan);
    LinkResult r = exchange(rev);
    std::string result = result_of(rev, r);
    // 00 acknowledges; 25 (original not found) also ends it: the host never posted the original.
    bool acknowledged = result == "00" || result == "25" || result == "12";
    // 7.3.6.7 b: original type, STAN, time, masked PAN, amount, reason, attempt count, result.
    if (!defects_.on("no-reversal-record")) {
        boost::json::object record = reversal_record(snapshot);
        record["mti"] = mti;
        record["result"] = result;
        record["acknowledged"] = acknowledged;
        journal_.exception("reversal", std::move(record));
    }
    if (acknowledged) reversals_.acknowledged(stan);
}

std::string HostChannel::result_of(const Message& request, const LinkResult& r) {
    if (r.kind != LinkResult::Kind::Reply) {
        link_.close();
        return to_string(r.kind);
    }
    std::string mismatch = r.mismatch.empty() ? reply_mismatch(request, *r.reply) : r.mismatch;
    if (!mismatch.empty()) return "mismatch: " + mismatch;
    // 7.3.5 e: an acknowledgement whose MAC does not verify (or is missing) is not the host's: the reversal stays
    // pending and is repeated (7.3.6.7 a), like the 0210 in exchange().
    if (r.mac_check == "invalid" || r.mac_check == "missing") return "reply MAC " + r.mac_check;
    return r.reply->find(39) ? r.reply->at(39) : "no-code";
}

LinkResult HostChannel::exchange(Message& request) {
    try {
        return link_.exchange(request, config_.timeouts.host);
    } catch (const std::exception& e) {
        link_.close();
        LinkResult r;
        r.kind = LinkResult::Kind::Closed;
        r.reset = true;  // nothing of it reached the host's reading side
        r.error = e.what();
        return r;
    }
}

bool HostChannel::heartbeat() {
    // No sign-on from here: its F62 must reach the PIN pad (8.5 b/c), which only the caller of sign_on() can do.
    if (!online()) {
        last_error_ = "heartbeat: not signed on";
        return false;
    }
    Message echo = link_.network("301");
    persist_stan();
    LinkResult r = exchange(echo);
    if (r.kind != LinkResult::Kind::Reply) {
        link_.close();
        reachable_ = false;
        last_error_ = "heartbeat: " + to_string(r.kind);
        return false;
    }
    reachable_ = true;
    return true;
}

}  // namespace atmbench::terminal
