// The host's book of postings: every authorisation that moved money, every deposit credit, transfer and reversal
// (including reversal repeats, which move nothing). INV-MONEY and RECON-TOTALS are judged against it.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::host {

enum class PostingKind {
    Withdrawal,       // approved 01: debit
    Deposit,          // approved 21: credit
    Transfer,         // approved 40: debit the card's account, credit the to-account
    Reversal,         // a reversal that undid an approved original
    ReversalRepeat,   // a repeat (0421 or second 0400/0420) of an already applied reversal: no money moves
    ReversalNoEffect, // a reversal of an original that was declined: acknowledged, no money moves
};

std::string to_string(PostingKind k);

struct Posting {
    std::uint64_t seq = 0;
    std::int64_t time_ns = 0;  // steady clock (CLOCK_MONOTONIC), the bench's one timeline
    PostingKind kind = PostingKind::Withdrawal;
    std::string mti;
    std::string processing_code;
    std::string terminal_id;
    std::string stan;
    std::string rrn;
    std::string pan;     // full PAN in memory; masked in every JSON view
    std::string to_pan;  // transfers
    std::int64_t amount = 0;  // minor units, always positive; direction follows from kind
    std::string currency;
    std::optional<std::uint64_t> reverses;  // seq of the posting a reversal undid
    int attempt = 1;  // for reversals: how many reversal messages for this original the host has seen
};

class Ledger {
public:
    const Posting& add(Posting p);
    const std::vector<Posting>& postings() const { return postings_; }
    Posting* find(std::uint64_t seq);
    boost::json::array to_json() const;

private:
    std::vector<Posting> postings_;
};

boost::json::object to_json(const Posting& p);

}  // namespace atmbench::host
