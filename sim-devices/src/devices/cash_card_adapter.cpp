// Shared adapter base of the card reader and cash module services: outcome → completion, solicited/unsolicited
// routing and Common.StatusChangedEvent deltas.
#include "devices/cash_card_adapter.hpp"
#include "devices/service_support.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace json = boost::json;
using xfs4iot::CompletionCode;

json::object status_delta(const json::object& before, const json::object& after) {
    json::object delta;
    for (const auto& part : after) {
        const json::value* old = before.if_contains(part.key());
        if (old && *old == part.value()) continue;
        if (!old || !old->is_object() || !part.value().is_object()) {
            delta[part.key()] = part.value();
            continue;
        }
        json::object changed;
        for (const auto& f : part.value().as_object()) {
            const json::value* was = old->as_object().if_contains(f.key());
            if (!was || *was != f.value()) changed[f.key()] = f.value();
        }
        if (!changed.empty()) delta[part.key()] = std::move(changed);
    }
    return delta;
}

void AdapterService::publish_status() {
    json::object now = status();
    if (!announced_once_) {  // the first call only records the state clients can read with Common.Status
        announced_once_ = true;
        announced_ = std::move(now);
        return;
    }
    json::object delta = status_delta(announced_, now);
    announced_ = std::move(now);
    if (!delta.empty()) status_changed(delta);
}

void AdapterService::finish(xfs4iot::Command& cmd, const Outcome& o, json::value payload) {
    CompletionCode code = to_completion_code(o.completion);
    bool keep = code == CompletionCode::Success || code == CompletionCode::CommandErrorCode;
    publish_status();
    cmd.complete(code, keep ? std::move(payload) : json::value(nullptr), o.error_code, o.description);
}

void AdapterService::solicited(const std::string& name, const json::value& payload, bool unsolicited_ok) {
    if (active_ && !active_->completed()) active_->event(name, payload);
    else if (unsolicited_ok) broadcast(name, payload);
}

void AdapterService::hang(const std::shared_ptr<xfs4iot::Command>& cmd) {
    cmd->on_stop([this] { active_.reset(); });
}

std::string command_point(const std::string& xfs_name) {
    std::string p = xfs_name.substr(xfs_name.find('.') + 1);
    if (!p.empty() && p[0] >= 'A' && p[0] <= 'Z') p[0] = static_cast<char>(p[0] - 'A' + 'a');
    return p;
}

const json::value* field(const json::value& payload, const char* key) {
    if (!payload.is_object()) return nullptr;
    const json::value* v = payload.as_object().if_contains(key);
    return v && !v->is_null() ? v : nullptr;
}

std::string string_field(const json::value& payload, const char* key, const std::string& dflt) {
    const json::value* v = field(payload, key);
    return v && v->is_string() ? std::string(v->as_string()) : dflt;
}

bool bool_field(const json::value& payload, const char* key, bool dflt) {
    const json::value* v = field(payload, key);
    return v && v->is_bool() ? v->as_bool() : dflt;
}

}  // namespace atmbench::devices
