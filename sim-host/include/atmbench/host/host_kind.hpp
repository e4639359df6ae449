// What a message between terminal and host is, in the bank's words and independent of the wire protocol: the
// ISO 8583 dialect of a profile (iso8583/dialect.hpp) maps MTI, processing code and network management code to
// these; another host protocol (NDC, later) maps its own messages to the same words. Rules and the host model
// decide on these, never on MTIs.
#pragma once

#include <optional>
#include <string_view>

namespace atmbench::host {

enum class HostKind {
    BalanceInquiry,
    Withdrawal,
    Deposit,
    Transfer,
    Reversal,     // of an earlier withdrawal, deposit or transfer (repeats included)
    SignOn,       // new working keys and, where the dialect says so, a new batch
    SignOff,
    KeyExchange,  // new working keys without a new batch
    Echo,         // heartbeat
    TimeSync,
    Settlement,   // batch close with the terminal's totals
    // A message of a family the dialect knows whose code it does not list (e.g. a processing code of no kind): the
    // host answers "not supported", the rules still see which family it belongs to.
    OtherFinancial,
    OtherNetwork,
};

// The families the kinds fall in: what the host checks (MAC or not) and what rules count as "a transaction".
inline bool is_financial(HostKind k) {
    return k == HostKind::BalanceInquiry || k == HostKind::Withdrawal || k == HostKind::Deposit ||
           k == HostKind::Transfer || k == HostKind::OtherFinancial;
}
inline bool is_network(HostKind k) {
    return k == HostKind::SignOn || k == HostKind::SignOff || k == HostKind::KeyExchange || k == HostKind::Echo ||
           k == HostKind::TimeSync || k == HostKind::OtherNetwork;
}
// Messages that move or settle money: a transaction, a reversal or a settlement.
inline bool moves_money(HostKind k) { return is_financial(k) || k == HostKind::Reversal || k == HostKind::Settlement; }

struct HostKindName {
    HostKind kind;
    std::string_view name;
};
// The names dialect files use (fixtures/iso8583/README.md "dialect").
inline constexpr HostKindName kHostKindNames[] = {
    {HostKind::BalanceInquiry, "balance_inquiry"}, {HostKind::Withdrawal, "withdrawal"},
    {HostKind::Deposit, "deposit"},               {HostKind::Transfer, "transfer"},
    {HostKind::Reversal, "reversal"},             {HostKind::SignOn, "sign_on"},
    {HostKind::SignOff, "sign_off"},              {HostKind::KeyExchange, "key_exchange"},
    {HostKind::Echo, "echo"},                     {HostKind::TimeSync, "time_sync"},
    {HostKind::Settlement, "settlement"},
};

inline std::string_view to_string(HostKind k) {
    for (const auto& n : kHostKindNames)
        if (n.kind == k) return n.name;
    return k == HostKind::OtherFinancial ? "other_financial" : "other_network";
}

inline std::optional<HostKind> parse_host_kind(std::string_view name) {
    for (const auto& n : kHostKindNames)
        if (n.name == name) return n.kind;
    return std::nullopt;
}

}  // namespace atmbench::host
