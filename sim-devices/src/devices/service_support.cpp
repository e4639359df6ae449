// Outcome → completion, payload readers and base64 for the device services (see service_support.hpp).
#include "devices/service_support.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace json = boost::json;
using xfs4iot::Command;
using xfs4iot::CompletionCode;

CompletionCode to_completion_code(Completion c) {
    switch (c) {
        case Completion::success: return CompletionCode::Success;
        case Completion::commandErrorCode: return CompletionCode::CommandErrorCode;
        case Completion::hardwareError: return CompletionCode::HardwareError;
        case Completion::deviceNotReady: return CompletionCode::DeviceNotReady;
        case Completion::invalidData: return CompletionCode::InvalidData;
        case Completion::sequenceError: return CompletionCode::SequenceError;
    }
    return CompletionCode::InternalError;
}

void finish(Command& cmd, const Outcome& o, json::value payload) {
    cmd.complete(to_completion_code(o.completion), o.ok() ? std::move(payload) : json::value(nullptr), o.error_code,
                 o.description);
}

const json::object& payload_fields(const Command& c) {
    static const json::object empty;
    return c.payload().is_object() ? c.payload().as_object() : empty;
}

std::string read_text(const json::object& o, const char* key, std::string dflt) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return dflt;
    if (!v->is_string()) throw BadPayload(std::string(key) + " must be a string");
    return std::string(v->as_string());
}

int read_integer(const json::object& o, const char* key, int dflt, int min, int max) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return dflt;
    if (!v->is_int64() || v->as_int64() < min || v->as_int64() > max)
        throw BadPayload(std::string(key) + " must be an integer " + std::to_string(min) + ".." + std::to_string(max));
    return static_cast<int>(v->as_int64());
}

bool read_boolean(const json::object& o, const char* key, bool dflt) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return dflt;
    if (!v->is_bool()) throw BadPayload(std::string(key) + " must be true or false");
    return v->as_bool();
}

std::string read_base64(std::string_view text, const char* key) {
    auto bytes = base64_decode(text);
    if (!bytes) throw BadPayload(std::string(key) + " must be base64");
    return std::move(*bytes);
}

Bytes read_base64_bytes(std::string_view text, const char* key) {
    std::string bytes = read_base64(text, key);
    return Bytes(bytes.begin(), bytes.end());
}

}  // namespace atmbench::devices
