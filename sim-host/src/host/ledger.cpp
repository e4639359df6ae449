#include "atmbench/host/ledger.hpp"

#include "atmbench/iso8583/message_json.hpp"

#include <boost/json.hpp>

namespace atmbench::host {

std::string to_string(PostingKind k) {
    switch (k) {
        case PostingKind::Withdrawal: return "withdrawal";
        case PostingKind::Deposit: return "deposit";
        case PostingKind::Transfer: return "transfer";
        case PostingKind::Reversal: return "reversal";
        case PostingKind::ReversalRepeat: return "reversal-repeat";
        case PostingKind::ReversalNoEffect: return "reversal-no-effect";
    }
    return "?";
}

const Posting& Ledger::add(Posting p) {
    p.seq = postings_.size() + 1;
    postings_.push_back(std::move(p));
    return postings_.back();
}

Posting* Ledger::find(std::uint64_t seq) {
    return seq >= 1 && seq <= postings_.size() ? &postings_[seq - 1] : nullptr;
}

boost::json::object to_json(const Posting& p) {
    boost::json::object o;
    o["seq"] = p.seq;
    o["time_ns"] = p.time_ns;
    o["kind"] = to_string(p.kind);
    o["mti"] = p.mti;
    o["processing_code"] = p.processing_code;
    o["terminal_id"] = p.terminal_id;
    o["stan"] = p.stan;
    o["rrn"] = p.rrn;
    o["pan"] = iso8583::mask_pan(p.pan);
    if (!p.to_pan.empty()) o["to_pan"] = iso8583::mask_pan(p.to_pan);
    o["amount"] = p.amount;
    o["currency"] = p.currency;
    if (p.reverses) o["reverses"] = *p.reverses;
    if (p.kind == PostingKind::Reversal || p.kind == PostingKind::ReversalRepeat ||
        p.kind == PostingKind::ReversalNoEffect)
        o["attempt"] = p.attempt;
    return o;
}

boost::json::array Ledger::to_json() const {
    boost::json::array a;
    for (const auto& p : postings_) a.push_back(host::to_json(p));
    return a;
}

}  // namespace atmbench::host
