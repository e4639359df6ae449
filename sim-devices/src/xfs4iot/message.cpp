#include "atmbench/xfs4iot/message.hpp"

#include <boost/json.hpp>

#include <array>

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
    json::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec) return Rejected{AckRejection::InvalidMessage, "", std::nullopt, "not JSON: " + ec.message()};
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
    cmd.name = bad.name;
    cmd.request_id = *bad.request_id;
    if (const json::value* ver = header.if_contains("version"); ver && ver->is_string()) cmd.version = ver->as_string();
    if (const json::value* t = header.if_contains("timeout"); t && !t->is_null()) {
        if (!t->is_int64() || t->as_int64() < 0) {
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
            bad.why = "unknown header field '" + std::string(kv.key()) + "'";
            return bad;
        }
    }
    if (const json::value* p = o.if_contains("payload")) {
        if (!p->is_null() && !p->is_object()) {
            bad.why = "payload must be an object or null";
            return bad;
        }
        cmd.payload = *p;
    }
    return cmd;
}

namespace {
std::string envelope(json::object header, const json::value& payload) {
    json::object o;
    o["header"] = std::move(header);
    o["payload"] = payload;
    return json::serialize(o);
}
}  // namespace

std::string acknowledge(const std::string& name, std::int64_t request_id, std::optional<AckRejection> status) {
    json::object h{{"type", "acknowledge"}, {"name", name}, {"requestId", request_id}, {"version", "2.0"}};
    h["status"] = status ? json::value(to_string(*status)) : json::value(nullptr);
    return envelope(std::move(h), nullptr);
}

std::string event(const std::string& name, std::int64_t request_id, const json::value& payload,
                  const std::string& version) {
    return envelope({{"type", "event"}, {"name", name}, {"requestId", request_id}, {"version", version}}, payload);
}

std::string completion(const std::string& name, std::int64_t request_id, CompletionCode code,
                       const json::value& payload, const std::string& error_description, const std::string& version) {
    json::object h{{"type", "completion"},
                   {"name", name},
                   {"requestId", request_id},
                   {"version", version},
                   {"completionCode", to_string(code)}};
    if (!error_description.empty()) h["errorDescription"] = error_description;
    return envelope(std::move(h), payload);
}

std::string unsolicited(const std::string& name, const json::value& payload, const std::string& version) {
    return envelope({{"type", "unsolicited"}, {"name", name}, {"version", version}}, payload);
}

}  // namespace atmbench::xfs4iot
