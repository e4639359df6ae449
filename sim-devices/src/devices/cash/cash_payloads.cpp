// Cash module payload shapes and money conversion (docs/references.md [XFS4IoT] §3.1 Denominate/Dispense, GetStorage).
#include "devices/cash/cash_payloads.hpp"

#include <boost/json.hpp>

#include <cmath>
#include <limits>

namespace atmbench::devices {

namespace json = boost::json;

int currency_exponent(std::string_view c) {
    for (std::string_view zero : {"JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF"})
        if (c == zero) return 0;
    return 2;
}

namespace {
std::int64_t scale(std::string_view currency) {
    std::int64_t s = 1;
    for (int i = 0; i < currency_exponent(currency); ++i) s *= 10;
    return s;
}

std::string major_text(std::int64_t minor, std::string_view currency) {
    std::int64_t s = scale(currency);
    std::string text = std::to_string(minor / s);
    std::int64_t frac = minor % s;
    if (frac == 0) return text;
    std::string digits = std::to_string(frac + s).substr(1);  // zero-padded fraction
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    return text + "." + digits;
}
}  // namespace

json::value decimal_amount(std::int64_t minor, std::string_view currency) {
    std::int64_t s = scale(currency);
    if (minor % s == 0) return minor / s;
    return static_cast<double>(minor) / static_cast<double>(s);
}

std::optional<std::int64_t> minor_amount(const json::value& v, std::string_view currency) {
    // The terminal under test writes these numbers: one whose minor units int64 cannot hold is refused like any
    // other bad amount, never wrapped (signed overflow and an out-of-range double→int64 conversion are undefined
    // behaviour, C++ [expr.pre]/4 and [conv.fpint]).
    std::int64_t s = scale(currency);
    std::int64_t minor = 0;
    if (v.is_int64()) {
        if (v.as_int64() < 0 || __builtin_mul_overflow(v.as_int64(), s, &minor)) return std::nullopt;
        return minor;
    }
    if (v.is_uint64()) {
        if (__builtin_mul_overflow(v.as_uint64(), static_cast<std::uint64_t>(s), &minor)) return std::nullopt;
        return minor;
    }
    if (!v.is_double() || !(v.as_double() >= 0)) return std::nullopt;  // NaN compares false
    double scaled = v.as_double() * static_cast<double>(s);
    double rounded = std::round(scaled);
    if (!(rounded < 0x1p63)) return std::nullopt;  // beyond int64 (infinity too); 2^63 itself is out
    if (std::fabs(scaled - rounded) > 1e-6) return std::nullopt;  // finer than the currency's minor unit
    return static_cast<std::int64_t>(rounded);
}

std::string note_type(std::string_view currency, std::int64_t value_minor) {
    return "type" + std::string(currency) + major_text(value_minor, currency);
}

std::optional<DenominationRequest> parse_denomination(const json::value& payload, std::string& error) {
    DenominationRequest r;
    const json::value* d = payload.is_object() ? payload.as_object().if_contains("denomination") : nullptr;
    if (!d || !d->is_object()) {
        error = "'denomination' {currencies, counts} is required";
        return std::nullopt;
    }
    const json::object& den = d->as_object();
    if (const json::value* cur = den.if_contains("currencies"); cur && !cur->is_null()) {
        if (!cur->is_object() || cur->as_object().size() > 1) {
            error = "'currencies' must hold one currency (this dispenser does not mix currencies)";
            return std::nullopt;
        }
        for (const auto& kv : cur->as_object()) {
            r.currency = kv.key();
            auto minor = minor_amount(kv.value(), r.currency);
            if (!minor) {
                error = "amount of " + r.currency + " must be a non-negative decimal in major units";
                return std::nullopt;
            }
            r.amount = *minor;
        }
    }
    const json::value* counts = den.if_contains("counts");
    if (!counts || counts->is_null()) counts = den.if_contains("values");
    if (counts && !counts->is_null()) {
        if (!counts->is_object()) {
            error = "'counts' must map unit ids to numbers of notes";
            return std::nullopt;
        }
        for (const auto& kv : counts->as_object()) {
            // A count beyond int is refused, not cut short to a small one (int64→int keeps the low bits).
            if (!kv.value().is_int64() || kv.value().as_int64() < 0 || kv.value().as_int64() > std::numeric_limits<int>::max()) {
                error = "count of " + std::string(kv.key()) + " must be a non-negative integer of at most " + std::to_string(std::numeric_limits<int>::max());
                return std::nullopt;
            }
            r.counts[kv.key()] = static_cast<int>(kv.value().as_int64());
        }
    }
    if (r.amount == 0 && r.counts.empty()) {
        error = "nothing asked for: give an amount in 'currencies' or 'counts'";
        return std::nullopt;
    }
    return r;
}

json::object denomination_json(const Mix& mix, std::int64_t amount, const std::string& currency) {
    json::object counts;
    for (const auto& [id, n] : mix) counts[id] = n;
    json::object currencies;
    if (!currency.empty()) currencies[currency] = decimal_amount(amount, currency);
    return {{"currencies", std::move(currencies)}, {"counts", std::move(counts)}};
}

json::object items_json(const std::vector<NoteCount>& notes) {
    json::object items;
    for (const NoteCount& n : notes) {
        if (n.note_class == NoteClass::unrecognised) continue;
        json::value& slot = items[note_type(n.currency, n.value)];
        if (!slot.is_object())
            slot = json::object{{"fit", 0}, {"unfit", 0}, {"suspect", 0}, {"counterfeit", 0}, {"inked", 0}};
        json::value& c = slot.as_object()[to_string(n.note_class)];
        c = c.as_int64() + n.count;
    }
    return items;
}

json::object moved_json(const Mix& moved) {
    json::object o;
    for (const auto& [id, n] : moved) o[id] = json::object{{"count", n}};
    return o;
}

namespace {
// configuration.types as the 2024-03 object of flags.
json::object types_json(UnitType t) {
    switch (t) {
        case UnitType::cashOut: return {{"cashOut", true}};
        case UnitType::cashIn: return {{"cashIn", true}};
        case UnitType::recycling: return {{"cashIn", true}, {"cashOut", true}};
        case UnitType::reject: return {{"reject", true}};
        case UnitType::retract: return {{"cashInRetract", true}, {"cashOutRetract", true}};
    }
    return {};
}

// Storage cash counts: by cash item when the unit holds one denomination, else as unrecognized items.
json::object counts_json(const CashUnit& u, int n) {
    if (u.reported_value > 0 && !u.reported_currency.empty())
        return {{note_type(u.reported_currency, u.reported_value), json::object{{"fit", n}}}};
    return {{"unrecognized", n}};
}
}  // namespace

json::object unit_json(const CashUnit& u, int index) {
    const UnitCounters& c = u.counters;
    json::object configuration{{"types", types_json(u.type)}, {"highThreshold", u.capacity}, {"lowThreshold", 0}};
    if (!u.reported_currency.empty()) configuration["currency"] = u.reported_currency;
    if (u.reported_value > 0) configuration["value"] = decimal_amount(u.reported_value, u.reported_currency);
    json::object status{
        {"index", index},
        {"initial", counts_json(u, c.initial)},
        {"count", u.reported_count},
        {"out", json::object{{"presented", counts_json(u, c.presented)},
                             {"distributed", counts_json(u, c.dispensed)}}},
        {"in", json::object{{"deposited", counts_json(u, c.deposited)},
                            {"retracted", counts_json(u, c.retracted)},
                            {"rejected", counts_json(u, c.rejected)}}},
        {"accuracy", "accurate"},
        {"replenishmentStatus", u.reported_empty ? "empty" : u.reported_full ? "full" : replenishment_status(u)}};
    return {{"id", u.id},
            {"capacity", u.capacity},
            {"status", to_string(u.status)},
            {"cash", json::object{{"configuration", std::move(configuration)}, {"status", std::move(status)}}}};
}

}  // namespace atmbench::devices
