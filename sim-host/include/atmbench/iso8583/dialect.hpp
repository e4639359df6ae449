// A host dialect: what the messages of one ISO 8583 profile mean in the bank's words (host/host_kind.hpp). It is
// the `dialect` section of the profile JSON (fixtures/iso8583/README.md), so a bank whose MTIs, processing codes
// or network management codes differ is added as data: which MTI and F3 prefix a withdrawal is, where the network
// management information code goes (F70, CUP's 60.3), where a reversal names its original (90.2), which response
// codes approve, and the formats of batch totals and working keys. The host model and the trace facts both read
// it; neither keeps an MTI of its own (docs/references.md [ISO8583] §1.7 MTIs and processing codes, §1.6 fields).
#pragma once

#include "atmbench/host/host_kind.hpp"

#include <optional>
#include <string>
#include <vector>

namespace boost::json {
class object;
}

namespace atmbench::iso8583 {

struct Profile;

// Where a value sits: a whole field ("70") or a positional subfield of the profile ("60.3" = offset 8, 3 long).
struct FieldPlace {
    std::string id;  // as the dialect writes it, for messages
    int field = 0;
    std::size_t offset = 0;
    std::size_t length = 0;  // 0: the whole field
    // The value in a field's text; nullopt when the field is absent or too short to hold the part.
    std::optional<std::string> in(const std::string* field_value) const;
};

// One kind: the MTIs it travels in and, when given, the F3 prefixes or network management codes that select it.
struct KindRule {
    host::HostKind kind;
    std::vector<std::string> mtis;
    std::vector<std::string> processing;     // F3 prefixes ("01"); empty: any
    std::vector<std::string> network_codes;  // empty: any
};

struct Dialect {
    std::vector<KindRule> kinds;  // in file order: the first rule that matches a message names its kind
    // Where the common values travel.
    FieldPlace processing_code, amount, stan, pan, response_code, terminal;
    std::optional<FieldPlace> currency, balance, transfer_to, batch, original_mti;
    std::vector<FieldPlace> network_code;   // the first present one counts (F70 where the dialect has it, else 60.3)
    std::vector<FieldPlace> original_stan;  // of a reversal: the first present one (90.2, else F11 reused)
    // Response codes by what they mean to the bench.
    std::vector<std::string> approved, reversal_done, reconcile, mac_refused;
    FieldPlace totals;                // batch totals of a settlement
    std::string totals_format;        // "debit-credit-n12n3"
    FieldPlace keys;                  // working keys of a sign-on or key exchange reply
    std::string keys_format;          // "cup-f62"
    std::vector<std::string> single_length_keys, keys_with_tdk;  // network codes asking for them

    // The kind of a message from its MTI and fields (`field(n)` gives field n's text or nullptr). A reply is
    // classified as the request it answers (MTI with the request's class, echoed F3 / network code). A message
    // whose MTI a kind lists but whose code none does is OtherFinancial / OtherNetwork when that family's MTI;
    // nullopt when the dialect does not know the MTI at all.
    template <class FieldOf>
    std::optional<host::HostKind> kind_of(const std::string& mti, FieldOf field) const;

    bool is_approved(const std::string& code) const;
    // The network management code / F3 of a message, "" when absent.
    template <class FieldOf>
    std::string network_code_of(FieldOf field) const;
    template <class FieldOf>
    std::string first_of(const std::vector<FieldPlace>& places, FieldOf field) const;
};

// The request MTI a message is or answers: 0210 → 0200, 0430 → 0420 (ISO 8583 position 3 odd = response).
std::string request_mti_of(const std::string& mti);

// Parses a profile's `dialect` object; `where` prefixes errors ("FILE: dialect"). Field places are checked against
// the profile (the field exists; a subfield id is one of its subfields). Throws ProfileError.
Dialect parse_dialect(const boost::json::object& o, const Profile& profile, const std::string& source);

template <class FieldOf>
std::string Dialect::first_of(const std::vector<FieldPlace>& places, FieldOf field) const {
    for (const FieldPlace& p : places)
        if (auto v = p.in(field(p.field))) return *v;
    return "";
}

template <class FieldOf>
std::string Dialect::network_code_of(FieldOf field) const {
    return first_of(network_code, field);
}

template <class FieldOf>
std::optional<host::HostKind> Dialect::kind_of(const std::string& mti, FieldOf field) const {
    const std::string request = request_mti_of(mti);
    auto listed = [](const std::vector<std::string>& xs, const std::string& v, bool prefix) {
        if (xs.empty()) return true;
        for (const auto& x : xs)
            if (prefix ? v.rfind(x, 0) == 0 : v == x) return true;
        return false;
    };
    std::optional<host::HostKind> family;
    for (const KindRule& k : kinds) {
        if (!listed(k.mtis, request, false)) continue;
        const std::string proc = processing_code.in(field(processing_code.field)).value_or("");
        if (listed(k.processing, proc, true) && listed(k.network_codes, network_code_of(field), false)) return k.kind;
        if (!family) family = k.kind;
    }
    if (family && host::is_financial(*family)) return host::HostKind::OtherFinancial;
    if (family && host::is_network(*family)) return host::HostKind::OtherNetwork;
    return std::nullopt;
}

}  // namespace atmbench::iso8583
