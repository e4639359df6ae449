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

std::string field_or(const Message& m, int f) {
    const std::string* v = m.find(f);
    return v ? *v : std::string();
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

// The network management information code: F70 when the dialect carries it, else F60.3 (positions 9-11 of F60:
// 60.1 N2 + 60.2 N6 + 60.3 N3, CUP POS).
std::string network_code(const Message& m) {
    if (const std::string* f70 = m.find(70)) return *f70;
    const std::string* f60 = m.find(60);
    return f60 && f60->size() >= 11 ? f60->substr(8, 3) : std::string();
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

    const std::string terminal_id = field_or(req, 41);
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
    char cls = req.mti[1];
    if (cls == '8') return network_management(req, reply, forced);  // sign-on replies are not MACed: keys are new

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
    if (cls == '2' || cls == '1') return finish(financial(req, reply, forced));
    if (cls == '4') return finish(reversal(req, reply, forced));
    if (cls == '5') return finish(settlement(req, reply, forced));
    reply.set(39, rc::kNotSupported);
    return finish({reply, "message class " + req.mti + " not supported", std::nullopt});
}

Outcome HostModel::network_management(const Message& req, Message& reply, const std::optional<std::string>& forced) {
    const std::string terminal_id = field_or(req, 41);
    const TerminalKeys& terminal = *terminals_.find(terminal_id);
    Session& session = sessions_[terminal_id];
    std::string code = network_code(req);
    reply.set(37, next_rrn());
    if (forced && *forced != rc::kApproved) {
        reply.set(39, *forced);
        return {reply, "response rule forced " + *forced, std::nullopt};
    }
    if (code == nmi::kEchoTest) {
        reply.set(39, rc::kApproved);
        return {reply, "echo test", std::nullopt};
    }
    if (code == nmi::kTimeSync) {
        if (codec_.profile().field(7)) reply.set(7, clock_text("%m%d%H%M%S"));
        reply.set(39, rc::kApproved);
        return {reply, "time synchronisation", std::nullopt};
    }
    if (code == nmi::kSignOff) {
        session = Session{};
        reply.set(39, rc::kApproved);
        return {reply, "signed off; working keys discarded", std::nullopt};
    }
    bool sign_on = code == nmi::kSignOnSingle || code == nmi::kSignOnDouble || code == nmi::kSignOnWithTdk ||
                   code == nmi::kKeyExchange;
    if (!sign_on) {
        reply.set(39, rc::kNotSupported);
        return {reply, "network management code '" + code + "' not supported", std::nullopt};
    }
    if (!codec_.profile().field(62)) {
        reply.set(39, rc::kNotSupported);
        return {reply, "profile has no F62 to carry working keys", std::nullopt};
    }
    bool single = code == nmi::kSignOnSingle;
    if (single && terminal.cipher == crypto::CipherFamily::Sm4) {
        reply.set(39, rc::kInvalidTransaction);
        return {reply, "single-length keys requested by an SM4 terminal", std::nullopt};
    }
    std::size_t len = single ? 8 : 16;
    crypto::WorkingKeys keys;
    keys.pik = fresh_key(len);
    keys.mak = fresh_key(len);
    if (code == nmi::kSignOnWithTdk) keys.tdk = fresh_key(len);
    if (terminal.cipher == crypto::CipherFamily::Tdes) {
        set_odd_parity(keys.pik);
        set_odd_parity(keys.mak);
        if (keys.tdk) set_odd_parity(*keys.tdk);
    }
    crypto::BlockKey tmk = crypto::BlockKey::make(terminal.cipher, terminal.master_key);
    Bytes f62 = crypto::build_f62(tmk, keys);
    reply.set(62, std::string(f62.begin(), f62.end()));
    session.pik = crypto::BlockKey::make(terminal.cipher, keys.pik);
    session.mak = crypto::BlockKey::make(terminal.cipher, keys.mak);
    if (keys.tdk) session.tdk = crypto::BlockKey::make(terminal.cipher, *keys.tdk);
    if (const std::string* f60 = req.find(60); f60 && f60->size() >= 8) session.batch = f60->substr(2, 6);
    ++session.sign_ons;
    reply.set(39, rc::kApproved);
    return {reply,
            "sign-on " + code + ": new working keys, PIK KCV " + to_hex(crypto::key_check_value(*session.pik)) +
                ", MAK KCV " + to_hex(crypto::key_check_value(*session.mak)),
            std::nullopt};
}

std::string HostModel::authorise(const Message& req, const std::string& kind, Account& acct, std::string& note) {
    switch (acct.status) {
        case AccountStatus::Lost: note = "card reported lost"; return rc::kLostCard;
        case AccountStatus::Stolen: note = "card reported stolen"; return rc::kStolenCard;
        case AccountStatus::Expired: note = "card expired"; return rc::kExpiredCard;
        case AccountStatus::Restricted: note = "card restricted"; return rc::kRestrictedCard;
        case AccountStatus::Active: break;
    }
    const std::string* pin_block = req.find(52);
    bool pin_required = kind != "21";
    if (pin_block || pin_required) {
        if (acct.wrong_pins_today >= acct.pin_tries_limit) {
            note = "PIN tries already exhausted today";
            return rc::kPinTriesExceeded;
        }
        const Session& session = sessions_[field_or(req, 41)];
        bool ok = pin_block && session.pik && crypto::verify_pin(*session.pik, view_of(*pin_block), acct.pan, acct.pin);
        if (!ok) {
            ++acct.wrong_pins_today;
            note = std::string(pin_block ? "PIN wrong" : "PIN block missing") + " (" +
                   std::to_string(acct.wrong_pins_today) + " of " + std::to_string(acct.pin_tries_limit) + ")";
            return acct.wrong_pins_today >= acct.pin_tries_limit ? rc::kPinTriesExceeded : rc::kWrongPin;
        }
        acct.wrong_pins_today = 0;
    }
    if (kind == "31") {
        note = "balance inquiry";
        return rc::kApproved;
    }
    std::int64_t amount = 0;
    if (!parse_amount(field_or(req, 4), amount) || amount <= 0) {
        note = "amount missing, zero or not numeric";
        return rc::kInvalidAmount;
    }
    if (const std::string* cur = req.find(49); cur && *cur != acct.currency) {
        note = "currency " + *cur + " differs from the account's " + acct.currency;
        return rc::kInvalidAmount;
    }
    if (kind == "01" || kind == "40") {
        if (kind == "01" && acct.withdrawals_today >= acct.daily_withdrawal_count_limit) {
            note = "daily withdrawal count limit reached";
            return rc::kCountLimit;
        }
        if (kind == "01" && acct.withdrawn_today + amount > acct.daily_withdrawal_limit) {
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
static Posting posting_for(const Message& req, const std::string& pan, std::int64_t amount, const std::string& currency) {
    Posting p;
    p.time_ns = now_ns();
    p.mti = req.mti;
    p.processing_code = field_or(req, 3);
    p.terminal_id = field_or(req, 41);
    p.stan = field_or(req, 11);
    p.pan = pan;
    p.amount = amount;
    p.currency = currency;
    return p;
}

std::uint64_t HostModel::post(const Message& req, const std::string& kind, Account& acct, Account* to,
                              std::int64_t amount) {
    Posting p = posting_for(req, acct.pan, amount, acct.currency);
    if (kind == "01") {
        p.kind = PostingKind::Withdrawal;
        acct.balance -= amount;
        acct.withdrawn_today += amount;
        ++acct.withdrawals_today;
    } else if (kind == "21") {
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

Outcome HostModel::financial(const Message& req, Message& reply, const std::optional<std::string>& forced) {
    std::string proc = field_or(req, 3);
    std::string kind = proc.substr(0, std::min<std::size_t>(2, proc.size()));
    std::string stan = field_or(req, 11), pan = field_or(req, 2);
    reply.set(37, next_rrn());
    if (proc.size() != 6 || stan.empty() || pan.empty()) {
        reply.set(39, rc::kFormatError);
        return {reply, "F2, F3 and F11 are required", std::nullopt};
    }
    if (kind != "31" && kind != "01" && kind != "21" && kind != "40") {
        reply.set(39, rc::kNotSupported);
        return {reply, "processing code " + proc + " not supported (31 inquiry, 01 withdrawal, 21 deposit, 40 transfer)",
                std::nullopt};
    }
    std::string key = field_or(req, 41) + "/" + stan;
    if (kind != "31" && originals_.count(key)) {
        reply.set(39, rc::kDuplicate);
        return {reply, "STAN " + stan + " already used by this terminal", std::nullopt};
    }
    Account* acct = accounts_.find(pan);
    if (!acct) {
        reply.set(39, rc::kInvalidCard);
        return {reply, "no account for this PAN", std::nullopt};
    }
    Account* to = nullptr;
    std::string note;
    std::string code;
    if (kind == "40") {
        to = accounts_.find(field_or(req, 103));
        if (!to || to == acct) {
            reply.set(39, "42");
            return {reply, "transfer needs F103 naming another existing account", std::nullopt};
        }
    }
    if (forced) {
        code = *forced;
        note = "response rule forced " + code;
    } else {
        code = authorise(req, kind, *acct, note);
    }
    if (kind == "31") {
        if (code == rc::kApproved && codec_.profile().field(54)) reply.set(54, balance_field(*acct));
        reply.set(39, code);
        return {reply, note, std::nullopt};
    }
    Original& orig = originals_[key];
    orig.mti = req.mti;
    orig.processing_code = proc;
    orig.pan = pan;
    orig.currency = acct->currency;
    parse_amount(field_or(req, 4), orig.amount);
    std::optional<std::uint64_t> posting;
    if (code == rc::kApproved) {
        posting = post(req, kind, *acct, to, orig.amount);
        ledger_.find(*posting)->rrn = reply.at(37);
        orig.approved = true;
        orig.posting = posting;
        reply.set(38, zero_pad(rrn_counter_ * 7919 % 1000000, 6));
        if (codec_.profile().field(15)) reply.set(15, clock_text("%m%d"));
        if (codec_.profile().field(54)) reply.set(54, balance_field(*acct));
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
    // The original is named by F90 (90.1 MTI, 90.2 STAN) when present, else by F11 = the original's STAN (CUP POS
    // practice: a reversal reuses the original STAN).
    const std::string* f90 = req.find(90);
    std::string orig_stan = f90 && f90->size() >= 10 ? f90->substr(4, 6) : field_or(req, 11);
    std::string orig_mti = f90 && f90->size() >= 4 ? f90->substr(0, 4) : std::string();
    reply.set(37, next_rrn());
    auto it = originals_.find(field_or(req, 41) + "/" + orig_stan);
    if (it == originals_.end() || (!orig_mti.empty() && it->second.mti != orig_mti)) {
        reply.set(39, rc::kOriginalNotFound);
        return {reply, "no original with STAN " + orig_stan + " from this terminal", std::nullopt};
    }
    Original& orig = it->second;
    ++orig.reversal_messages;
    std::int64_t amount = 0;
    if (req.has(4) && (!parse_amount(req.at(4), amount) || amount != orig.amount)) {
        reply.set(39, rc::kOriginalAmountIncorrect);
        return {reply, "reversal amount differs from the original's", std::nullopt};
    }
    if (const std::string* pan = req.find(2); pan && *pan != orig.pan) {
        reply.set(39, rc::kOriginalNotFound);
        return {reply, "reversal PAN differs from the original's", std::nullopt};
    }
    if (forced && *forced != rc::kApproved) {
        reply.set(39, *forced);
        return {reply, "response rule forced " + *forced + "; original not reversed", std::nullopt};
    }
    Posting ack = posting_for(req, orig.pan, orig.amount, orig.currency);
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
    // 0500 batch settlement: the terminal's totals in F48 against the host's own count of the batch (postings of
    // this terminal since its last settlement). A mismatch answers 95: the batch is closed all the same and the
    // difference is reconciled by people (7.3.7 b), never by a reversal (7.3.6.7 c 6).
    const std::string terminal_id = field_or(req, 41);
    Session& session = sessions_[terminal_id];
    reply.set(37, next_rrn());
    if (req.mti != "0500" || network_code(req) != kSettlementCode) {
        reply.set(39, rc::kNotSupported);
        return {reply, req.mti + " with network code '" + network_code(req) + "' not supported (0500, 60.3 " +
                           kSettlementCode + ")",
                std::nullopt};
    }
    std::optional<BatchTotals> claimed = BatchTotals::parse_f48(field_or(req, 48));
    if (!claimed || !codec_.profile().field(48)) {
        reply.set(39, rc::kFormatError);
        return {reply, "F48 must carry the batch totals (30 digits)", std::nullopt};
    }
    BatchTotals counted = batch_totals(terminal_id, session.settled_upto);
    bool balanced = *claimed == counted;
    reply.set(48, counted.to_f48() + (balanced ? kBalanced : kNotBalanced));
    // A rule forcing 95 means what a real 95 means: settled, not balanced — the batch is closed all the same.
    const bool forced_95 = forced && *forced == rc::kReconcileError;
    if (forced && *forced != rc::kApproved && !forced_95) {
        reply.set(39, *forced);
        return {reply, "response rule forced " + *forced + "; batch left open", std::nullopt};
    }
    const std::string* f60 = req.find(60);
    std::string batch = f60 && f60->size() >= 8 ? f60->substr(2, 6) : session.batch;
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
