#include "atmbench/host/host_model.hpp"

#include "atmbench/crypto/pin_block.hpp"
#include "atmbench/crypto/working_keys.hpp"
#include "atmbench/host/message_mac.hpp"
#include "atmbench/host/response_codes.hpp"
#include "atmbench/host/settlement.hpp"
#include "atmbench/iso8583/message_json.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace atmbench::host {

using iso8583::Message;

namespace {

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::string clock_text(const char* format) {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, format, &tm);
    return buf;
}

std::string zero_pad(std::uint64_t v, std::size_t width) {
    std::string s = std::to_string(v);
    return s.size() >= width ? s.substr(s.size() - width) : std::string(width - s.size(), '0') + s;
}

// A value where the dialect says it is ("" when absent); the field getter the dialect's lookups take.
std::string value(const Message& m, const iso8583::FieldPlace& p) { return p.in(m.find(p.field)).value_or(""); }
auto fields_of(const Message& m) {
    return [&m](int f) { return m.find(f); };
}
bool listed(const std::vector<std::string>& codes, const std::string& code) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

bool parse_amount(const std::string& text, std::int64_t& out) {
    if (text.empty() || text.size() > 12) return false;
    out = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
    }
    return true;
}

// Fields a reply carries back unchanged so the terminal can match it (7.3.5 e: MTI class, processing code, STAN,
// PAN, amount, terminal id) plus the context CUP replies echo.
constexpr int kEchoed[] = {2, 3, 4, 11, 14, 22, 25, 32, 41, 42, 49, 60, 90, 102, 103};

// F54 "additional amounts": account type 10, amount type 02 (available balance), currency, sign, 12 digits.
std::string balance_field(const Account& a) {
    return "1002" + a.currency + (a.balance < 0 ? "D" : "C") + zero_pad(static_cast<std::uint64_t>(std::llabs(a.balance)), 12);
}

void set_odd_parity(Bytes& key) {
    for (auto& b : key) {
        int ones = __builtin_popcount(b & 0xFE);
        b = static_cast<std::uint8_t>((b & 0xFE) | (ones % 2 == 0 ? 1 : 0));
    }
}

}  // namespace

HostModel::HostModel(const iso8583::Profile& profile, AccountBook accounts, TerminalDirectory terminals,
                     HostOptions options)
    : codec_(profile),
      dialect_(profile.dialect ? *profile.dialect
                               : throw iso8583::ProfileError(profile.source + ": no 'dialect' section: the host cannot tell a withdrawal from a sign-on")),
      accounts_(std::move(accounts)),
      terminals_(std::move(terminals)),
      options_(std::move(options)),
      rng_(options_.seed) {}

bool HostModel::is_retain_cash_code(const std::string& code) const {
    return std::find(options_.retain_cash_codes.begin(), options_.retain_cash_codes.end(), code) !=
           options_.retain_cash_codes.end();
}

Bytes HostModel::fresh_key(std::size_t length) {
    Bytes k(length);
    for (auto& b : k) b = static_cast<std::uint8_t>(rng_());
    return k;
}

std::string HostModel::next_rrn() { return zero_pad(++rrn_counter_, 12); }

void HostModel::sign(Message& reply, const std::string& terminal_id) const {
    auto it = sessions_.find(terminal_id);
    const TerminalKeys* t = terminals_.find(terminal_id);
    if (it == sessions_.end() || !it->second.mak || !t) return;
    sign_message(reply, codec_, t->mac, *it->second.mak);
}

Outcome HostModel::handle(const Message& req, ByteView body, const std::optional<std::string>& forced) {
    if (req.mti.size() != 4 || (req.mti[2] - '0') % 2 == 1)
        return {std::nullopt, "MTI " + req.mti + " is not a request or advice; nothing to answer", std::nullopt};
    Message reply;
    reply.mti = iso8583::response_mti(req.mti);
    reply.tpdu = iso8583::swap_tpdu(req.tpdu);
    reply.header = req.header;
    for (int f : kEchoed)
        if (const std::string* v = req.find(f); v && codec_.profile().field(f)) reply.set(f, *v);
    reply.set(12, clock_text("%H%M%S"));
    reply.set(13, clock_text("%m%d"));

    const std::string terminal_id = value(req, dialect_.terminal);
    const TerminalKeys* terminal = terminals_.find(terminal_id);
    auto finish = [&](Outcome o) {
        if (o.reply) sign(*o.reply, terminal_id);
        return o;
    };
    if (terminal_id.empty()) {
        reply.set(39, rc::kFormatError);
        return {reply, "F41 terminal id missing", std::nullopt};
    }
    if (!terminal) {
        reply.set(39, rc::kUnknownTerminal);
        return {reply, "terminal " + terminal_id + " is not registered with the host", std::nullopt};
    }
    const std::optional<HostKind> kind = dialect_.kind_of(req.mti, fields_of(req));
    // Sign-on replies are not MACed: the keys are new.
    if (kind && is_network(*kind)) return network_management(req, reply, *kind, forced);

    // 7.3.5 / 8.5: every financial and reversal message carries a MAC under the current MAK.
    Session& session = sessions_[terminal_id];
    if (!session.mak) {
        reply.set(39, rc::kMacError);
        return {reply, "terminal has not signed on: no MAC key", std::nullopt};
    }
    MacCheck mac = verify_message(body, req, codec_, terminal->mac, *session.mak);
    if (mac != MacCheck::Valid) {
        reply.set(39, rc::kMacError);
        return finish({reply, mac == MacCheck::Missing ? "MAC field missing" : "MAC does not verify", std::nullopt});
    }
    if (kind && is_financial(*kind)) return finish(financial(req, reply, *kind, forced));
    if (kind == HostKind::Reversal) return finish(reversal(req, reply, forced));
    if (kind == HostKind::Settlement) return finish(settlement(req, reply, forced));
    reply.set(39, rc::kNotSupported);
    std::string code = dialect_.network_code_of(fields_of(req));
    return finish({reply,
                   "MTI " + req.mti + (code.empty() ? "" : " with network code '" + code + "'") +
                       " is no kind of the dialect of " + codec_.profile().name,
                   std::nullopt});
}

Outcome HostModel::network_management(const Message& req, Message& reply, HostKind kind,
                                      const std::optional<std::string>& forced) {
    const std::string terminal_id = value(req, dialect_.terminal);
    const TerminalKeys& terminal = *terminals_.find(terminal_id);
    Session& session = sessions_[terminal_id];
    std::string code = dialect_.network_code_of(fields_of(req));
    reply.set(37, next_rrn());
    if (forced && *forced != rc::kApproved) {
        reply.set(39, *forced);
        return {reply, "response rule forced " + *forced, std::nullopt};
    }
    if (kind == HostKind::Echo) {
        reply.set(39, rc::kApproved);
        return {reply, "echo test", std::nullopt};
    }
    if (kind == HostKind::TimeSync) {
        if (codec_.profile().field(7)) reply.set(7, clock_text("%m%d%H%M%S"));
        reply.set(39, rc::kApproved);
        return {reply, "time synchronisation", std::nullopt};
    }
    if (kind == HostKind::SignOff) {
        session = Session{};
        reply.set(39, rc::kApproved);
        return {reply, "signed off; working keys discarded", std::nullopt};
    }
    if (kind != HostKind::SignOn && kind != HostKind::KeyExchange) {
        reply.set(39, rc::kNotSupported);
        return {reply, "network management code '" + code + "' not supported", std::nullopt};
    }
    bool single = listed(dialect_.single_length_keys, code);
    if (single && terminal.cipher == crypto::CipherFamily::Sm4) {
        reply.set(39, rc::kInvalidTransaction);
        return {reply, "single-length keys requested by an SM4 terminal", std::nullopt};
    }
    std::size_t len = single ? 8 : 16;
    crypto::WorkingKeys keys;
    keys.pik = fresh_key(len);
    keys.mak = fresh_key(len);
    if (listed(dialect_.keys_with_tdk, code)) keys.tdk = fresh_key(len);
    if (terminal.cipher == crypto::CipherFamily::Tdes) {
        set_odd_parity(keys.pik);
        set_odd_parity(keys.mak);
        if (keys.tdk) set_odd_parity(*keys.tdk);
    }
    crypto::BlockKey tmk = crypto::BlockKey::make(terminal.cipher, terminal.master_key);
    Bytes f62 = crypto::build_f62(tmk, keys);
    reply.set(dialect_.keys.field, std::string(f62.begin(), f62.end()));
    session.pik = crypto::BlockKey::make(terminal.cipher, keys.pik);
    session.mak = crypto::BlockKey::make(terminal.cipher, keys.mak);
    if (keys.tdk) session.tdk = crypto::BlockKey::make(terminal.cipher, *keys.tdk);
    if (dialect_.batch)
        if (auto batch = dialect_.batch->in(req.find(dialect_.batch->field))) session.batch = *batch;
    ++session.sign_ons;
    reply.set(39, rc::kApproved);
    return {reply,
            "sign-on " + code + ": new working keys, PIK KCV " + to_hex(crypto::key_check_value(*session.pik)) +
                ", MAK KCV " + to_hex(crypto::key_check_value(*session.mak)),
            std::nullopt};
}

std::string HostModel::authorise(const Message& req, HostKind kind, Account& acct, std::string& note) {
    switch (acct.status) {
        case AccountStatus::Lost: note = "card reported lost"; return rc::kLostCard;
        case AccountStatus::Stolen: note = "card reported stolen"; return rc::kStolenCard;
        case AccountStatus::Expired: note = "card expired"; return rc::kExpiredCard;
        case AccountStatus::Restricted: note = "card restricted"; return rc::kRestrictedCard;
        case AccountStatus::Active: break;
    }
    const std::string* pin_block = req.find(52);
    bool pin_required = kind != HostKind::Deposit;
    if (pin_block || pin_required) {
        if (acct.wrong_pins_today >= acct.pin_tries_limit) {
            note = "PIN tries already exhausted today";
            return rc::kPinTriesExceeded;
        }
        const Session& session = sessions_[value(req, dialect_.terminal)];
        bool ok = pin_block && session.pik && crypto::verify_pin(*session.pik, view_of(*pin_block), acct.pan, acct.pin);
        if (!ok) {
            ++acct.wrong_pins_today;
            note = std::string(pin_block ? "PIN wrong" : "PIN block missing") + " (" +
                   std::to_string(acct.wrong_pins_today) + " of " + std::to_string(acct.pin_tries_limit) + ")";
            return acct.wrong_pins_today >= acct.pin_tries_limit ? rc::kPinTriesExceeded : rc::kWrongPin;
        }
        acct.wrong_pins_today = 0;
    }
    if (kind == HostKind::BalanceInquiry) {
        note = "balance inquiry";
        return rc::kApproved;
    }
    std::int64_t amount = 0;
    if (!parse_amount(value(req, dialect_.amount), amount) || amount <= 0) {
        note = "amount missing, zero or not numeric";
        return rc::kInvalidAmount;
    }
    if (std::string cur = dialect_.currency ? value(req, *dialect_.currency) : ""; !cur.empty() && cur != acct.currency) {
        note = "currency " + cur + " differs from the account's " + acct.currency;
        return rc::kInvalidAmount;
    }
    if (kind == HostKind::Withdrawal || kind == HostKind::Transfer) {
        if (kind == HostKind::Withdrawal && acct.withdrawals_today >= acct.daily_withdrawal_count_limit) {
            note = "daily withdrawal count limit reached";
            return rc::kCountLimit;
        }
        if (kind == HostKind::Withdrawal && acct.withdrawn_today + amount > acct.daily_withdrawal_limit) {
            note = "daily withdrawal amount limit exceeded";
            return rc::kAmountLimit;
        }
        if (acct.balance < amount) {
            note = "insufficient funds";
            return rc::kInsufficientFunds;
        }
    }
    note = "approved";
    return rc::kApproved;
}

// A ledger entry for the request that caused it; the caller sets kind, amounts and links.
static Posting posting_for(const iso8583::Dialect& d, const Message& req, const std::string& pan, std::int64_t amount,
                           const std::string& currency) {
    Posting p;
    p.time_ns = now_ns();
    p.mti = req.mti;
    p.processing_code = value(req, d.processing_code);
    p.terminal_id = value(req, d.terminal);
    p.stan = value(req, d.stan);
    p.pan = pan;
    p.amount = amount;
    p.currency = currency;
    return p;
}

std::uint64_t HostModel::post(const Message& req, HostKind kind, Account& acct, Account* to,
                              std::int64_t amount) {
    Posting p = posting_for(dialect_, req, acct.pan, amount, acct.currency);
    if (kind == HostKind::Withdrawal) {
        p.kind = PostingKind::Withdrawal;
        acct.balance -= amount;
        acct.withdrawn_today += amount;
        ++acct.withdrawals_today;
    } else if (kind == HostKind::Deposit) {
        p.kind = PostingKind::Deposit;
        acct.balance += amount;
    } else {
        p.kind = PostingKind::Transfer;
        p.to_pan = to->pan;
        acct.balance -= amount;
        to->balance += amount;
    }
    return ledger_.add(std::move(p)).seq;
}

Outcome HostModel::financial(const Message& req, Message& reply, HostKind kind, const std::optional<std::string>& forced) {
    std::string proc = value(req, dialect_.processing_code);
    std::string stan = value(req, dialect_.stan), pan = value(req, dialect_.pan);
    reply.set(37, next_rrn());
    if (proc.empty() || stan.empty() || pan.empty()) {
        reply.set(39, rc::kFormatError);
        return {reply, "F" + dialect_.pan.id + ", F" + dialect_.processing_code.id + " and F" + dialect_.stan.id + " are required",
                std::nullopt};
    }
    if (kind == HostKind::OtherFinancial) {
        reply.set(39, rc::kNotSupported);
        return {reply, "processing code " + proc + " is no kind of the dialect of " + codec_.profile().name, std::nullopt};
    }
    std::string key = value(req, dialect_.terminal) + "/" + stan;
    if (kind != HostKind::BalanceInquiry && originals_.count(key)) {
        reply.set(39, rc::kDuplicate);
        return {reply, "STAN " + stan + " already used by this terminal", std::nullopt};
    }
    // An inquiry moves no money, so its STAN is not an original; the same terminal, STAN and transmission time
    // (F7) again is the same message sent twice — a duplicate transmission, answered 94 like a financial
    // request's (CUP 94 "重复交易") without checking its PIN again: the try counter counts cardholders' attempts,
    // not copies of one (a replayed inquiry with a wrong PIN would otherwise lock the genuine cardholder out).
    const std::string inquiry_key = key + "/" + (req.find(7) ? *req.find(7) : std::string());
    if (kind == HostKind::BalanceInquiry && inquiries_.count(inquiry_key)) {
        reply.set(39, rc::kDuplicate);
        return {reply, "duplicate transmission of the inquiry with STAN " + stan + ": not authorised again, PIN tries unchanged",
                std::nullopt};
    }
    Account* acct = accounts_.find(pan);
    if (!acct) {
        reply.set(39, rc::kInvalidCard);
        return {reply, "no account for this PAN", std::nullopt};
    }
    Account* to = nullptr;
    std::string note;
    std::string code;
    if (kind == HostKind::Transfer) {
        to = dialect_.transfer_to ? accounts_.find(value(req, *dialect_.transfer_to)) : nullptr;
        if (!to || to == acct) {
            reply.set(39, "42");
            return {reply, "transfer needs F103 naming another existing account", std::nullopt};
        }
    }
    if (kind == HostKind::BalanceInquiry) inquiries_.insert(inquiry_key);
    if (forced) {
        code = *forced;
        note = "response rule forced " + code;
    } else {
        code = authorise(req, kind, *acct, note);
    }
    if (kind == HostKind::BalanceInquiry) {
        if (code == rc::kApproved && dialect_.balance) reply.set(dialect_.balance->field, balance_field(*acct));
        reply.set(39, code);
        return {reply, note, std::nullopt};
    }
    Original& orig = originals_[key];
    orig.mti = req.mti;
    orig.processing_code = proc;
    orig.pan = pan;
    orig.currency = acct->currency;
    parse_amount(value(req, dialect_.amount), orig.amount);
    std::optional<std::uint64_t> posting;
    if (code == rc::kApproved) {
        posting = post(req, kind, *acct, to, orig.amount);
        ledger_.find(*posting)->rrn = reply.at(37);
        orig.approved = true;
        orig.posting = posting;
        reply.set(38, zero_pad(rrn_counter_ * 7919 % 1000000, 6));
        if (codec_.profile().field(15)) reply.set(15, clock_text("%m%d"));
        if (dialect_.balance) reply.set(dialect_.balance->field, balance_field(*acct));
    }
    reply.set(39, code);
    return {reply, note, posting};
}

void HostModel::undo(const Posting& p) {
    Account* acct = accounts_.find(p.pan);
    if (p.kind == PostingKind::Withdrawal) {
        acct->balance += p.amount;
        acct->withdrawn_today -= p.amount;
        --acct->withdrawals_today;
    } else if (p.kind == PostingKind::Deposit) {
        acct->balance -= p.amount;
    } else if (p.kind == PostingKind::Transfer) {
        acct->balance += p.amount;
        if (Account* to = accounts_.find(p.to_pan)) to->balance -= p.amount;
    }
}

Outcome HostModel::reversal(const Message& req, Message& reply, const std::optional<std::string>& forced) {
    // The original is named where the dialect says (CUP: 90.2 STAN and 90.1 MTI when F90 is present, else F11 =
    // the original's STAN, CUP POS practice: a reversal reuses the original STAN).
    std::string orig_stan = dialect_.first_of(dialect_.original_stan, fields_of(req));
    std::string orig_mti = dialect_.original_mti ? value(req, *dialect_.original_mti) : std::string();
    reply.set(37, next_rrn());
    auto it = originals_.find(value(req, dialect_.terminal) + "/" + orig_stan);
    if (it == originals_.end() || (!orig_mti.empty() && it->second.mti != orig_mti)) {
        reply.set(39, rc::kOriginalNotFound);
        return {reply, "no original with STAN " + orig_stan + " from this terminal", std::nullopt};
    }
    Original& orig = it->second;
    ++orig.reversal_messages;
    std::int64_t amount = 0;
    if (req.has(dialect_.amount.field) && (!parse_amount(value(req, dialect_.amount), amount) || amount != orig.amount)) {
        reply.set(39, rc::kOriginalAmountIncorrect);
        return {reply, "reversal amount differs from the original's", std::nullopt};
    }
    if (const std::string* pan = req.find(dialect_.pan.field); pan && *pan != orig.pan) {
        reply.set(39, rc::kOriginalNotFound);
        return {reply, "reversal PAN differs from the original's", std::nullopt};
    }
    if (forced && *forced != rc::kApproved) {
        reply.set(39, *forced);
        return {reply, "response rule forced " + *forced + "; original not reversed", std::nullopt};
    }
    Posting ack = posting_for(dialect_, req, orig.pan, orig.amount, orig.currency);
    ack.rrn = reply.at(37);
    ack.attempt = orig.reversal_messages;
    ack.reverses = orig.posting;
    std::string note;
    if (!orig.approved) {
        ack.kind = PostingKind::ReversalNoEffect;
        note = "original was declined: nothing to reverse";
    } else if (orig.reversed) {
        ack.kind = PostingKind::ReversalRepeat;
        note = "already reversed: repeat acknowledged, no money moved";
    } else {
        const Posting& original_posting = *ledger_.find(*orig.posting);
        ack.to_pan = original_posting.to_pan;
        undo(original_posting);
        orig.reversed = true;
        ack.kind = PostingKind::Reversal;
        note = "reversal applied to posting #" + std::to_string(*orig.posting);
    }
    std::uint64_t seq = ledger_.add(std::move(ack)).seq;
    reply.set(39, rc::kApproved);
    return {reply, note, seq};
}

BatchTotals HostModel::batch_totals(const std::string& terminal_id, std::uint64_t after_seq) const {
    BatchTotals t;
    std::map<std::uint64_t, const Posting*> in_batch;  // by seq: what a reversal of this batch takes back
    auto count = [&t](const Posting& p, int sign) {
        if (p.kind == PostingKind::Withdrawal) t.debit_count += sign, t.debit_amount += sign * p.amount;
        if (p.kind == PostingKind::Deposit) t.credit_count += sign, t.credit_amount += sign * p.amount;
    };
    for (const Posting& p : ledger_.postings()) {
        if (p.seq <= after_seq || p.terminal_id != terminal_id) continue;
        in_batch[p.seq] = &p;
        if (p.kind == PostingKind::Reversal && p.reverses && in_batch.count(*p.reverses))
            count(*in_batch.at(*p.reverses), -1);
        else
            count(p, +1);
    }
    return t;
}

Outcome HostModel::settlement(const Message& req, Message& reply, const std::optional<std::string>& forced) {
    // Batch settlement: the terminal's totals (CUP: F48 of a 0500) against the host's own count of the batch
    // (postings of this terminal since its last settlement). A mismatch answers 95: the batch is closed all the
    // same and the difference is reconciled by people (7.3.7 b), never by a reversal (7.3.6.7 c 6).
    const std::string terminal_id = value(req, dialect_.terminal);
    Session& session = sessions_[terminal_id];
    reply.set(37, next_rrn());
    std::optional<BatchTotals> claimed = BatchTotals::parse_f48(value(req, dialect_.totals));
    if (!claimed) {
        reply.set(39, rc::kFormatError);
        return {reply, "F" + dialect_.totals.id + " must carry the batch totals (30 digits)", std::nullopt};
    }
    BatchTotals counted = batch_totals(terminal_id, session.settled_upto);
    bool balanced = *claimed == counted;
    reply.set(dialect_.totals.field, counted.to_f48() + (balanced ? kBalanced : kNotBalanced));
    // A rule forcing 95 means what a real 95 means: settled, not balanced — the batch is closed all the same.
    const bool forced_95 = forced && *forced == rc::kReconcileError;
    if (forced && *forced != rc::kApproved && !forced_95) {
        reply.set(39, *forced);
        return {reply, "response rule forced " + *forced + "; batch left open", std::nullopt};
    }
    std::string batch = dialect_.batch ? value(req, *dialect_.batch) : "";
    if (batch.empty()) batch = session.batch;
    session.settled_upto = ledger_.postings().empty() ? 0 : ledger_.postings().back().seq;
    reply.set(39, balanced && !forced_95 ? rc::kApproved : rc::kReconcileError);
    return {reply,
            "batch " + batch + " settled: terminal " + claimed->to_f48() + ", host " + counted.to_f48() +
                (forced_95 ? " (response rule forced 95: reconcile)" : balanced ? " (balanced)" : " (not balanced: reconcile)"),
            std::nullopt};
}

boost::json::object HostModel::accounts_json() const {
    boost::json::object o;
    for (const auto& [pan, a] : accounts_.accounts()) {
        boost::json::object j;
        j["pan"] = iso8583::mask_pan(pan);
        j["balance"] = a.balance;
        j["currency"] = a.currency;
        j["status"] = to_string(a.status);
        j["withdrawn_today"] = a.withdrawn_today;
        j["withdrawals_today"] = a.withdrawals_today;
        j["wrong_pins_today"] = a.wrong_pins_today;
        o[iso8583::mask_pan(pan)] = std::move(j);
    }
    return o;
}

boost::json::object HostModel::terminals_json() const {
    boost::json::object o;
    for (const auto& [id, t] : terminals_.terminals()) {
        boost::json::object j;
        j["cipher"] = crypto::to_string(t.cipher);
        j["mac"] = crypto::to_string(t.mac);
        auto it = sessions_.find(id);
        bool signed_on = it != sessions_.end() && it->second.mak.has_value();
        j["signed_on"] = signed_on;
        if (signed_on) {
            j["pik_kcv"] = to_hex(crypto::key_check_value(*it->second.pik));
            j["mak_kcv"] = to_hex(crypto::key_check_value(*it->second.mak));
            j["sign_ons"] = it->second.sign_ons;
        }
        o[id] = std::move(j);
    }
    return o;
}

}  // namespace atmbench::host
