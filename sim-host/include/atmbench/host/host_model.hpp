// The issuer/front-end behaviour of the simulated host: sign-on and working-key exchange, echo and time
// synchronisation, balance inquiry, withdrawal, deposit, transfer, reversal request and advice (idempotent,
// original found via the dialect's original STAN: 90.2 or the STAN reused), batch settlement (totals:
// settlement.hpp). Which request is which comes from the profile's dialect (iso8583/dialect.hpp), never from an
// MTI of its own. No I/O: the server feeds it decoded requests and sends what it returns.
#pragma once

#include "atmbench/host/account_book.hpp"
#include "atmbench/host/host_kind.hpp"
#include "atmbench/host/ledger.hpp"
#include "atmbench/host/settlement.hpp"
#include "atmbench/host/terminal_keys.hpp"
#include "atmbench/iso8583/codec.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>

namespace atmbench::host {

struct HostOptions {
    std::uint64_t seed = 1;  // working keys, RRNs and garbage replies derive from it: runs are reproducible
    // Response codes that tell the terminal to retain the cash (bank-specific; none is in the CUP table, §2.3).
    std::vector<std::string> retain_cash_codes{"E1"};
};


// What the model did with one request, for the recording.
struct Outcome {
    std::optional<iso8583::Message> reply;  // nullopt: nothing to answer (the terminal sent a reply MTI)
    std::string note;                       // why, in words: "PIN wrong (1 of 3)", "reversal applied to #3"
    std::optional<std::uint64_t> posting;   // the ledger entry it made
};

class HostModel {
public:
    HostModel(const iso8583::Profile& profile, AccountBook accounts, TerminalDirectory terminals, HostOptions options);

    // `body` is the request body exactly as received (for the MAC). `forced_code`, when a response rule sets one,
    // replaces the decision: "00" approves and posts, anything else declines without posting. The reply comes
    // signed with the terminal's MAK when it has one.
    Outcome handle(const iso8583::Message& request, ByteView body, const std::optional<std::string>& forced_code);

    // Signs a reply with the MAK of the terminal that sent the request — also after a fault changed the reply's
    // F41 (a mutated key field keeps a valid MAC: only the field check can catch it). No-op without a MAK.
    void sign(iso8583::Message& reply, const std::string& terminal_id) const;

    bool is_retain_cash_code(const std::string& code) const;
    const HostOptions& options() const { return options_; }
    const Ledger& ledger() const { return ledger_; }
    const AccountBook& accounts() const { return accounts_; }
    const TerminalDirectory& terminals() const { return terminals_; }
    const iso8583::Codec& codec() const { return codec_; }
    std::mt19937_64& random() { return rng_; }

    boost::json::object accounts_json() const;
    boost::json::object terminals_json() const;  // sign-on state and key check values, never keys

private:
    struct Session {
        std::optional<crypto::BlockKey> pik, mak, tdk;
        std::string batch;
        int sign_ons = 0;
        std::uint64_t settled_upto = 0;  // last ledger seq of the terminal's last settled batch
    };
    struct Original {
        std::string mti, processing_code, pan, currency;
        std::int64_t amount = 0;
        bool approved = false;
        std::optional<std::uint64_t> posting;
        bool reversed = false;
        int reversal_messages = 0;
    };

    Outcome network_management(const iso8583::Message& req, iso8583::Message& reply, HostKind kind,
                                const std::optional<std::string>& forced);
    Outcome financial(const iso8583::Message& req, iso8583::Message& reply, HostKind kind,
                      const std::optional<std::string>& forced);
    Outcome reversal(const iso8583::Message& req, iso8583::Message& reply, const std::optional<std::string>& forced);
    Outcome settlement(const iso8583::Message& req, iso8583::Message& reply, const std::optional<std::string>& forced);
    // Approved withdrawals (debits) and deposits (credits) of `terminal_id` after ledger seq `after_seq`, less
    // those a reversal of the same batch took back.
    BatchTotals batch_totals(const std::string& terminal_id, std::uint64_t after_seq) const;
    std::string authorise(const iso8583::Message& req, HostKind kind, Account& acct, std::string& note);
    std::uint64_t post(const iso8583::Message& req, HostKind kind, Account& acct, Account* to,
                       std::int64_t amount);
    void undo(const Posting& original_posting);  // moves the money of an approved posting back
    Bytes fresh_key(std::size_t length);
    std::string next_rrn();

    iso8583::Codec codec_;
    iso8583::Dialect dialect_;  // the profile's: which kind a request is, where its values are
    AccountBook accounts_;
    TerminalDirectory terminals_;
    HostOptions options_;
    Ledger ledger_;
    std::map<std::string, Session> sessions_;   // by terminal id
    std::map<std::string, Original> originals_; // by terminal id + "/" + STAN
    // Balance inquiries seen, by terminal id + "/" + STAN + "/" + F7: a replay of one is a duplicate transmission
    // (94) and never reaches the PIN check again, or replaying it with a wrong PIN would lock the card out.
    std::set<std::string> inquiries_;
    std::mt19937_64 rng_;
    std::uint64_t rrn_counter_ = 0;
};

}  // namespace atmbench::host
