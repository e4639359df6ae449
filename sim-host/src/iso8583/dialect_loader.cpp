// The `dialect` section of a profile (format: fixtures/iso8583/README.md "dialect"). Like the rest of a profile
// it is how a bank is added without code, so every mistake names the file, the JSON path and what was expected.
#include "atmbench/iso8583/dialect.hpp"

#include "json_scope.hpp"

#include <algorithm>
#include <set>

namespace atmbench::iso8583 {

using namespace detail;

std::optional<std::string> FieldPlace::in(const std::string* value) const {
    if (!value) return std::nullopt;
    if (length == 0) return *value;
    if (value->size() < offset + length) return std::nullopt;
    return value->substr(offset, length);
}

std::string request_mti_of(const std::string& mti) {
    if (mti.size() != 4 || mti[2] < '0' || mti[2] > '9' || (mti[2] - '0') % 2 == 0) return mti;
    std::string r = mti;
    r[2] = static_cast<char>(r[2] - 1);
    return r;
}

bool Dialect::is_approved(const std::string& code) const {
    return std::find(approved.begin(), approved.end(), code) != approved.end();
}

namespace {

bool digits(const std::string& s) { return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); }); }

// "70" (a field) or "60.3" (a subfield the profile defines): where it sits in the field's text.
FieldPlace place(const Scope& s, const json::value& v, const std::string& key, const Profile& profile) {
    if (!v.is_string()) s.fail("'" + key + "' must be a field number or subfield id as a string, e.g. \"11\" or \"60.3\" (found " + Scope::shown(v) + ")");
    FieldPlace p;
    p.id = std::string(v.get_string());
    const std::string number = p.id.substr(0, p.id.find('.'));
    if (!digits(number) || number.size() > 3 || std::stoi(number) < 2 || std::stoi(number) > 128)
        s.fail("'" + key + "': \"" + p.id + "\" is not a field number 2..128 or a subfield id like \"60.3\"");
    p.field = std::stoi(number);
    const FieldSpec* f = profile.field(p.field);
    if (!f) s.fail("'" + key + "': field " + number + " is not defined in this profile's 'fields'");
    if (p.id.find('.') == std::string::npos) return p;
    std::size_t offset = 0;
    for (const Subfield& sub : f->subfields) {
        if (sub.id == p.id) {
            p.offset = offset;
            p.length = sub.length;
            return p;
        }
        offset += sub.length;
    }
    s.fail("'" + key + "': field " + number + " has no subfield \"" + p.id + "\" (expected one of its 'subfields' ids)");
}

// A string or an array of strings, each checked by `ok` (which says what was expected).
std::vector<std::string> strings(const Scope& s, const char* key, bool required, bool (*ok)(const std::string&), const char* expected) {
    const json::value* v = s.get(key);
    if (!v) {
        if (required) s.require(key);
        return {};
    }
    std::vector<std::string> out;
    auto take = [&](const json::value& x) {
        if (!x.is_string() || !ok(std::string(x.get_string())))
            s.fail(std::string("'") + key + "' must hold " + expected + " (found " + Scope::shown(x) + ")");
        out.emplace_back(x.get_string());
    };
    if (v->is_array()) {
        for (const auto& x : v->get_array()) take(x);
        if (out.empty() && required) s.fail(std::string("'") + key + "' must not be empty");
    } else {
        take(*v);
    }
    return out;
}

bool is_mti(const std::string& m) { return m.size() == 4 && digits(m) && (m[2] - '0') % 2 == 0; }
bool is_code(const std::string& c) { return digits(c); }
bool is_response(const std::string& c) { return c.size() == 2; }

std::vector<FieldPlace> places(const Scope& s, const char* key, const Profile& profile) {
    const json::value& v = s.require(key);
    std::vector<FieldPlace> out;
    if (v.is_array()) {
        for (const auto& x : v.get_array()) out.push_back(place(s, x, key, profile));
        if (out.empty()) s.fail(std::string("'") + key + "' must name at least one field");
    } else {
        out.push_back(place(s, v, key, profile));
    }
    return out;
}

}  // namespace

Dialect parse_dialect(const json::object& o, const Profile& profile, const std::string& source) {
    Scope s(source, "dialect", o);
    s.allow_only({"note", "kinds", "fields", "responses", "totals", "keys"});
    if (s.has("note")) (void)s.string("note");
    Dialect d;

    const json::object& kinds = as_object(s.require("kinds"), source, "dialect: kinds");
    if (kinds.empty()) s.fail("'kinds' must map at least one kind (withdrawal, …) to its MTI");
    for (const auto& kv : kinds) {
        const std::string name(kv.key());
        auto kind = host::parse_host_kind(name);
        if (!kind) {
            std::string list;
            for (const auto& n : host::kHostKindNames) list += (list.empty() ? "" : ", ") + std::string(n.name);
            throw ProfileError(source + ": dialect: kinds: unknown kind '" + name + "' (expected one of " + list + ")");
        }
        Scope k(source, "dialect: kinds: " + name, as_object(kv.value(), source, "dialect: kinds: " + name));
        k.allow_only({"note", "mti", "processing", "network_code"});
        if (k.has("note")) (void)k.string("note");
        d.kinds.push_back({*kind, strings(k, "mti", true, is_mti, "request MTIs: 4 digits, an even third digit (\"0200\")"),
                           strings(k, "processing", false, is_code, "F3 prefixes: digits (\"01\")"),
                           strings(k, "network_code", false, is_code, "network management codes: digits (\"001\")")});
    }

    Scope f(source, "dialect: fields", as_object(s.require("fields"), source, "dialect: fields"));
    f.allow_only({"note", "processing_code", "amount", "stan", "pan", "response_code", "terminal", "currency",
                  "balance", "transfer_to", "batch", "network_code", "original_mti", "original_stan"});
    auto one = [&](const char* key) { return place(f, f.require(key), key, profile); };
    auto optional = [&](const char* key) -> std::optional<FieldPlace> {
        if (!f.has(key)) return std::nullopt;
        return place(f, f.require(key), key, profile);
    };
    d.processing_code = one("processing_code");
    d.amount = one("amount");
    d.stan = one("stan");
    d.pan = one("pan");
    d.response_code = one("response_code");
    d.terminal = one("terminal");
    d.currency = optional("currency");
    d.balance = optional("balance");
    d.transfer_to = optional("transfer_to");
    d.batch = optional("batch");
    d.original_mti = optional("original_mti");
    d.network_code = places(f, "network_code", profile);
    d.original_stan = places(f, "original_stan", profile);

    Scope r(source, "dialect: responses", as_object(s.require("responses"), source, "dialect: responses"));
    r.allow_only({"note", "approved", "reversal_done", "reconcile", "mac_refused"});
    const char* two = "response codes: 2 characters (\"00\")";
    d.approved = strings(r, "approved", true, is_response, two);
    d.reversal_done = strings(r, "reversal_done", true, is_response, two);
    d.reconcile = strings(r, "reconcile", false, is_response, two);
    d.mac_refused = strings(r, "mac_refused", false, is_response, two);

    Scope t(source, "dialect: totals", as_object(s.require("totals"), source, "dialect: totals"));
    t.allow_only({"note", "field", "format"});
    d.totals = place(t, t.require("field"), "field", profile);
    d.totals_format = t.choice<std::string>("format", {{"debit-credit-n12n3", "debit-credit-n12n3"}}, std::nullopt);

    Scope k(source, "dialect: keys", as_object(s.require("keys"), source, "dialect: keys"));
    k.allow_only({"note", "field", "format", "single_length", "with_tdk"});
    d.keys = place(k, k.require("field"), "field", profile);
    d.keys_format = k.choice<std::string>("format", {{"cup-f62", "cup-f62"}}, std::nullopt);
    d.single_length_keys = strings(k, "single_length", false, is_code, "network management codes (\"001\")");
    d.keys_with_tdk = strings(k, "with_tdk", false, is_code, "network management codes (\"004\")");
    return d;
}

}  // namespace atmbench::iso8583
