#include "atmbench/xfs4iot/message.hpp"

#include "envelope.hpp"

#include "atmbench/common/strict_json.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>

namespace atmbench::xfs4iot {

namespace json = boost::json;

std::string_view to_string(CompletionCode c) {
    static constexpr std::array<std::string_view, 23> names{
        "success",        "commandErrorCode",   "canceled",          "deviceNotReady",      "hardwareError",
        "internalError",  "invalidCommand",     "invalidRequestID",  "timeOut",             "unsupportedCommand",
        "invalidData",    "userError",          "unsupportedData",   "fraudAttempt",        "sequenceError",
        "authorisationRequired", "noCommandNonce", "invalidToken",   "invalidTokenNonce",   "invalidTokenHMAC",
        "invalidTokenFormat", "invalidTokenKeyNoValue", "notEnoughSpace"};
    return names[static_cast<std::size_t>(c)];
}

std::string_view to_string(AckRejection r) {
    switch (r) {
        case AckRejection::InvalidMessage: return "invalidMessage";
        case AckRejection::InvalidRequestID: return "invalidRequestID";
        case AckRejection::TooManyRequests: return "tooManyRequests";
    }
    return "invalidMessage";
}

std::variant<CommandMessage, Rejected> parse_command(std::string_view text) {
    // The whole message is parsed into a stack arena and dropped at the end of this function; only the payload
    // (usually null or small) is copied out to the heap. A command of a few hundred bytes then costs no
    // allocation to parse. Larger ones spill over to the heap through the arena's upstream.
    unsigned char arena[4096];
    json::monotonic_resource scratch_resource(arena, sizeof arena);
    // Strict (strict_json.hpp): a number beyond a double or a member named twice is no valid message (§3.4:
    // messages are JSON; RFC 8259 §6 has no infinity, I-JSON §2.3 no duplicate names).
    std::string problem;
    std::optional<json::value> parsed = common::try_parse_json(text, problem, &scratch_resource);
    if (!parsed) return Rejected{AckRejection::InvalidMessage, "", std::nullopt, problem};
    json::value v = std::move(*parsed);
    if (!v.is_object()) return Rejected{AckRejection::InvalidMessage, "", std::nullopt, "message is not a JSON object"};
    const json::object& o = v.as_object();
    const json::value* h = o.if_contains("header");
    if (!h || !h->is_object()) return Rejected{AckRejection::InvalidMessage, "", std::nullopt, "no header object"};
    const json::object& header = h->as_object();
    Rejected bad{AckRejection::InvalidMessage, "", std::nullopt, ""};
    if (const json::value* n = header.if_contains("name"); n && n->is_string()) bad.name = std::string(n->as_string());
    const json::value* id = header.if_contains("requestId");
    if (id && id->is_int64()) bad.request_id = id->as_int64();
    if (id && id->is_uint64() && id->as_uint64() <= INT64_MAX) bad.request_id = static_cast<std::int64_t>(id->as_uint64());
    const json::value* type = header.if_contains("type");
    if (!type || !type->is_string() || type->as_string() != "command") {
        bad.why = "header.type must be \"command\"";
        return bad;
    }
    if (bad.name.empty() || bad.name.find('.') == std::string::npos) {
        bad.why = "header.name must be Interface.Command";
        return bad;
    }
    // §2: requestId is an integer > 0 chosen by the client.
    if (!bad.request_id || *bad.request_id <= 0) {
        bad.status = AckRejection::InvalidRequestID;
        bad.why = "requestId must be an integer greater than 0";
        return bad;
    }
    CommandMessage cmd;
    cmd.name = std::move(bad.name);
    cmd.request_id = *bad.request_id;
    if (const json::value* ver = header.if_contains("version"); ver && ver->is_string()) cmd.version = ver->as_string();
    if (const json::value* t = header.if_contains("timeout"); t && !t->is_null()) {
        if (!t->is_int64() || t->as_int64() < 0) {
            bad.name = std::move(cmd.name);
            bad.why = "header.timeout must be a non-negative integer (ms)";
            return bad;
        }
        cmd.timeout_ms = t->as_int64();
    }
    for (const auto& kv : header) {
        static constexpr std::string_view allowed[] = {"type", "name", "requestId", "version", "timeout"};
        bool ok = false;
        for (auto a : allowed) ok = ok || kv.key() == a;
        if (!ok) {
            bad.name = std::move(cmd.name);
            bad.why = "unknown header field '" + std::string(kv.key()) + "'";
            return bad;
        }
    }
    if (const json::value* p = o.if_contains("payload")) {
        if (!p->is_null() && !p->is_object()) {
            bad.name = std::move(cmd.name);
            bad.why = "payload must be an object or null";
            return bad;
        }
        // Out of the arena, onto the default heap storage: the command outlives this function.
        if (!p->is_null()) cmd.payload = json::value(*p, json::storage_ptr());
    }
    return cmd;
}

namespace detail {

void append_json_string(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    std::size_t run = 0;  // start of the pending run of characters that need no escape
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                out += "\\u00";
                out.push_back(hex[c >> 4]);
                out.push_back(hex[c & 0xF]);
        }
    }
    out.append(s.data() + run, s.size() - run);
    out.push_back('"');
}

void append_json(std::string& out, const json::value& v) {
    if (v.is_null()) {
        out += "null";
        return;
    }
    json::serializer sr;
    sr.reset(&v);
    while (!sr.done()) {
        std::size_t used = out.size();
        // Serialise into the string's spare capacity (512 B to 4 KiB of it: resize zero-fills, so not all of a
        // large capacity left by an earlier big message), then trim to what was written.
        std::size_t chunk = std::max<std::size_t>(512, std::min<std::size_t>(out.capacity() - used, 4096));
        out.resize(used + chunk);
        std::size_t n = sr.read(out.data() + used, out.size() - used).size();
        out.resize(used + n);
    }
}

namespace {

void append_int(std::string& out, std::int64_t n) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, r.ptr);
}

// {"header":{"type":TYPE,"name":NAME[,"requestId":ID],"version":VERSION
void open_header(std::string& out, std::string_view type, std::string_view name, const std::int64_t* request_id,
                 std::string_view version) {
    out.clear();
    out += R"({"header":{"type":")";
    out += type;
    out += R"(","name":)";
    append_json_string(out, name);
    if (request_id) {
        out += R"(,"requestId":)";
        append_int(out, *request_id);
    }
    out += R"(,"version":)";
    append_json_string(out, version);
}

void close_with_payload(std::string& out, const json::value& payload) {
    out += R"(},"payload":)";
    append_json(out, payload);
    out += '}';
}

}  // namespace

void write_acknowledge(std::string& out, std::string_view name, std::int64_t request_id,
                       std::optional<AckRejection> status) {
    open_header(out, "acknowledge", name, &request_id, "2.0");
    out += R"(,"status":)";
    if (status) append_json_string(out, to_string(*status));
    else out += "null";
    out += R"(},"payload":null})";
}

void write_event(std::string& out, std::string_view name, std::int64_t request_id, const json::value& payload,
                 std::string_view version) {
    open_header(out, "event", name, &request_id, version);
    close_with_payload(out, payload);
}

void write_completion(std::string& out, std::string_view name, std::int64_t request_id, CompletionCode code,
                      const json::value& payload, std::string_view error_description, std::string_view version) {
    open_header(out, "completion", name, &request_id, version);
    out += R"(,"completionCode":")";
    out += to_string(code);
    out += '"';
    if (!error_description.empty()) {
        out += R"(,"errorDescription":)";
        append_json_string(out, error_description);
    }
    close_with_payload(out, payload);
}

void write_unsolicited(std::string& out, std::string_view name, const json::value& payload, std::string_view version) {
    open_header(out, "unsolicited", name, nullptr, version);
    close_with_payload(out, payload);
}

std::string& scratch() {
    thread_local std::string buffer;
    return buffer;
}

}  // namespace detail

std::string acknowledge(const std::string& name, std::int64_t request_id, std::optional<AckRejection> status) {
    std::string out;
    detail::write_acknowledge(out, name, request_id, status);
    return out;
}

std::string event(const std::string& name, std::int64_t request_id, const json::value& payload,
                  const std::string& version) {
    std::string out;
    detail::write_event(out, name, request_id, payload, version);
    return out;
}

std::string completion(const std::string& name, std::int64_t request_id, CompletionCode code,
                       const json::value& payload, const std::string& error_description, const std::string& version) {
    std::string out;
    detail::write_completion(out, name, request_id, code, payload, error_description, version);
    return out;
}

std::string unsolicited(const std::string& name, const json::value& payload, const std::string& version) {
    std::string out;
    detail::write_unsolicited(out, name, payload, version);
    return out;
}

}  // namespace atmbench::xfs4iot
