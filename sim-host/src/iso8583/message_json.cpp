// Messages as JSON for people and tools: the command line, the host's control endpoint, the trace. The Redacted
// view is what traces and reports show, so PANs are masked and secrets never appear (CONFORMANCE 7.3.6.8 b).
#include "atmbench/iso8583/message_json.hpp"

#include "field_codec.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace json = boost::json;

namespace atmbench::iso8583 {

namespace {

bool printable(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
}

std::string shown(const json::value& v) {
    std::string s = json::serialize(v);
    return s.size() > 60 ? s.substr(0, 57) + "..." : s;
}

// The value as Full shows it: binary as hex, everything else as the characters it is.
std::string plain(const FieldSpec* spec, const std::string& value) {
    if (spec ? spec->type == DataType::Binary : !printable(value)) return to_hex(value);
    return value;
}

std::string text_of(const json::value& v, int field, const char* what) {
    if (!v.is_string()) throw EncodeError(field, 0, std::string(what) + " as a JSON string", shown(v));
    return std::string(v.get_string());
}

Bytes hex_of(const json::value& v, int field, const char* what) {
    const std::string text = text_of(v, field, what);
    try {
        return from_hex(text);
    } catch (const HexError& e) {
        throw EncodeError(field, 0, std::string(what) + " as hex", e.what());
    }
}

// A composite given as {"60.1":"22","60.2":"000001",...}: concatenated in the profile's order. Trailing
// subfields may be left out (CUP 60 is often sent as 60.1-60.3 only); a gap before a given one may not.
std::string join_subfields(const FieldSpec& spec, const json::object& parts) {
    if (spec.subfields.empty())
        throw EncodeError(spec.number, 0, "a string (field " + std::to_string(spec.number) + " has no subfields)",
                          "an object");
    for (const auto& kv : parts) {
        const bool known = std::any_of(spec.subfields.begin(), spec.subfields.end(),
                                       [&](const Subfield& s) { return kv.key() == s.id; });
        if (!known) {
            std::string ids;
            for (const auto& s : spec.subfields) ids += (ids.empty() ? "" : ", ") + s.id;
            throw EncodeError(spec.number, 0, "subfields " + ids, "'" + std::string(kv.key()) + "'");
        }
    }
    std::string value;
    const Subfield* missing = nullptr;
    for (const auto& sub : spec.subfields) {
        const json::value* v = parts.if_contains(sub.id);
        if (!v) {
            if (!missing) missing = &sub;
            continue;
        }
        if (missing)
            throw EncodeError(spec.number, value.size(), "subfield " + missing->id + " before " + sub.id,
                              missing->id + " absent");
        std::string part = text_of(*v, spec.number, ("subfield " + sub.id).c_str());
        if (part.size() != sub.length)
            throw EncodeError(spec.number, value.size(),
                              "subfield " + sub.id + " of exactly " + std::to_string(sub.length) + " characters",
                              std::to_string(part.size()) + " characters");
        value += part;
    }
    return value;
}

}  // namespace

json::object to_json(const Message& message, const Profile& profile, View view) {
    json::object out;
    out["mti"] = message.mti;
    if (!message.tpdu.empty()) out["tpdu"] = to_hex(message.tpdu);
    if (!message.header.empty()) out["header"] = to_hex(message.header);
    json::object fields;
    json::object subfields;
    for (const auto& [n, value] : message.fields()) {
        const FieldSpec* spec = profile.field(n);
        const std::string key = std::to_string(n);
        const Sensitivity sens = spec ? spec->sensitivity : Sensitivity::None;
        if (view == View::Redacted && sens == Sensitivity::Secret) {
            fields[key] = "<redacted " + std::to_string(value.size()) + " bytes>";
        } else if (view == View::Redacted && sens == Sensitivity::Pan) {
            fields[key] = mask_pan(plain(spec, value));
        } else {
            fields[key] = plain(spec, value);
            if (view == View::Redacted && spec && !spec->subfields.empty()) {
                std::size_t at = 0;
                for (const auto& sub : spec->subfields) {
                    if (at >= value.size()) break;
                    subfields[sub.id] = value.substr(at, sub.length);
                    at += sub.length;
                }
            }
        }
    }
    out["fields"] = std::move(fields);
    if (!subfields.empty()) out["subfields"] = std::move(subfields);
    return out;
}

Message from_json(const json::value& value, const Profile& profile) {
    if (!value.is_object()) throw EncodeError(0, 0, "a JSON object {\"mti\":…, \"fields\":{…}}", shown(value));
    const json::object& obj = value.get_object();
    for (const auto& kv : obj) {
        const auto k = kv.key();
        // "spans" and "subfields" are what decode prints alongside; accepting them lets its output go back in.
        if (k != "mti" && k != "tpdu" && k != "header" && k != "fields" && k != "spans" && k != "subfields")
            throw EncodeError(0, 0, "keys mti, tpdu, header, fields", "key '" + std::string(k) + "'");
    }
    Message m;
    const json::value* mti = obj.if_contains("mti");
    if (!mti) throw EncodeError(0, 0, "key 'mti'", "none");
    m.mti = text_of(*mti, 0, "the MTI");
    if (const json::value* t = obj.if_contains("tpdu")) m.tpdu = hex_of(*t, -1, "the TPDU");
    if (const json::value* h = obj.if_contains("header")) m.header = hex_of(*h, -1, "the header");

    const json::value* fields = obj.if_contains("fields");
    if (!fields) return m;
    if (!fields->is_object()) throw EncodeError(0, 0, "'fields' as an object keyed by field number", shown(*fields));
    for (const auto& kv : fields->get_object()) {
        const std::string key(kv.key());
        int n = -1;
        if (!key.empty() && key.size() <= 3 && key.find_first_not_of("0123456789") == std::string::npos)
            n = std::stoi(key);
        if (n < 2 || n > 128) throw EncodeError(0, 0, "field numbers 2..128 as keys", "\"" + key + "\"");
        const FieldSpec* spec = profile.field(n);
        if (!spec) throw EncodeError(n, 0, "a field profile '" + profile.name + "' defines", "field " + key);
        const json::value& v = kv.value();
        if (v.is_object()) {
            m.set(n, join_subfields(*spec, v.get_object()));
        } else if (spec->type == DataType::Binary) {
            const Bytes raw = hex_of(v, n, "type b data");
            m.set(n, std::string(raw.begin(), raw.end()));
        } else {
            m.set(n, text_of(v, n, "the value"));
        }
    }
    return m;
}

std::string redacted_hex(ByteView payload, const std::vector<FieldSpan>& spans, const Profile& profile,
                         std::size_t span_base) {
    std::string hex = to_hex(payload);
    for (const FieldSpan& s : spans) {
        const FieldSpec* spec = s.field >= 2 ? profile.field(s.field) : nullptr;
        // PANs too: the decoded view masks them, and the raw view must not give back what the decoded one hides.
        if (!spec || spec->sensitivity == Sensitivity::None) continue;
        // The length prefix stays visible: a wrong length is what someone reading a raw dump looks for.
        const std::size_t skip = detail::prefix_size(spec->kind, spec->length_encoding);
        const std::size_t begin = std::min(payload.size(), span_base + s.offset + std::min(skip, s.length));
        const std::size_t end = std::min(payload.size(), span_base + s.offset + s.length);
        for (std::size_t i = begin; i < end; ++i) hex[2 * i] = hex[2 * i + 1] = '*';
    }
    return hex;
}

}  // namespace atmbench::iso8583
