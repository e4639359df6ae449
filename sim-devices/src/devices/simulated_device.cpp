#include "atmbench/devices/simulated_device.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace {
std::string text_field(const boost::json::object& o, const char* key, bool required) {
    const boost::json::value* v = o.if_contains(key);
    if (!v || v->is_null()) {
        if (required) throw ActionError(std::string("fault: '") + key + "' is required");
        return "";
    }
    if (!v->is_string()) throw ActionError(std::string("fault: '") + key + "' must be a string");
    return std::string(v->as_string());
}

std::int64_t int_field(const boost::json::object& o, const char* key, std::int64_t dflt, std::int64_t min) {
    const boost::json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return dflt;
    if (!v->is_int64() || v->as_int64() < min)
        throw ActionError(std::string("fault: '") + key + "' must be an integer >= " + std::to_string(min));
    return v->as_int64();
}
}  // namespace

FaultSpec parse_fault_spec(const boost::json::object& o) {
    static constexpr const char* known[] = {"name", "at", "occurrence", "persistent", "target", "count", "currency", "value"};
    for (const auto& kv : o) {
        bool ok = false;
        for (const char* k : known) ok = ok || kv.key() == k;
        if (!ok)
            throw ActionError("fault: unknown key '" + std::string(kv.key()) +
                              "' (expected name, at, occurrence, persistent, target, count, currency, value)");
    }
    FaultSpec s;
    s.name = text_field(o, "name", true);
    s.at = text_field(o, "at", false);
    s.occurrence = static_cast<int>(int_field(o, "occurrence", 1, 1));
    if (const boost::json::value* p = o.if_contains("persistent"); p && !p->is_null()) {
        if (!p->is_bool()) throw ActionError("fault: 'persistent' must be true or false");
        s.persistent = p->as_bool();
    }
    s.target = text_field(o, "target", false);
    s.count = int_field(o, "count", 0, 0);
    s.currency = text_field(o, "currency", false);
    s.value = int_field(o, "value", 0, 0);
    return s;
}

}  // namespace atmbench::devices
