// Outcome → completion, payload readers and base64 for the device services (see service_support.hpp).
#include "atmbench/devices/service_support.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace json = boost::json;
using xfs4iot::Command;
using xfs4iot::CompletionCode;

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int sextet(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}
}  // namespace

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

std::string base64_encode(std::string_view in) {
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < in.size(); i += 3) {
        unsigned v = static_cast<unsigned char>(in[i]) << 16;
        if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
        if (i + 2 < in.size()) v |= static_cast<unsigned char>(in[i + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
        out += i + 2 < in.size() ? kAlphabet[v & 63] : '=';
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view in) {
    if (in.size() % 4 != 0) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < in.size(); i += 4) {
        bool last = i + 4 == in.size();
        int pad = (in[i + 3] == '=') + (in[i + 2] == '=');
        if (pad && !last) return std::nullopt;
        if (in[i + 2] == '=' && in[i + 3] != '=') return std::nullopt;
        unsigned v = 0;
        for (int k = 0; k < 4 - pad; ++k) {
            int s = sextet(in[i + k]);
            if (s < 0) return std::nullopt;
            v |= static_cast<unsigned>(s) << (18 - 6 * k);
        }
        out += static_cast<char>((v >> 16) & 0xFF);
        if (pad < 2) out += static_cast<char>((v >> 8) & 0xFF);
        if (pad < 1) out += static_cast<char>(v & 0xFF);
    }
    return out;
}

}  // namespace atmbench::devices
