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

std::string_view to_string(ArgType type) {
    switch (type) {
        case ArgType::text: return "text";
        case ArgType::integer: return "integer";
        case ArgType::number: return "number";
        case ArgType::boolean: return "true|false";
        case ArgType::list: return "list";
        case ArgType::object: return "object";
    }
    return "?";
}

namespace {

bool has_type(const boost::json::value& v, ArgType type) {
    switch (type) {
        case ArgType::text: return v.is_string();
        case ArgType::integer: return v.is_int64() || v.is_uint64();
        case ArgType::number: return v.is_number();
        case ArgType::boolean: return v.is_bool();
        case ArgType::list: return v.is_array();
        case ArgType::object: return v.is_object();
    }
    return false;
}

std::string expected(const ActionArg& a) { return std::string(to_string(a.type)) + (a.doc.empty() ? "" : " (" + a.doc + ")"); }

std::string describe_arg(const ActionArg& a) { return a.name + (a.required ? "" : "?") + ": " + expected(a); }

}  // namespace

boost::json::value SimulatedDevice::act(const std::string& action, const boost::json::object& args) {
    std::string names;
    for (const Action& a : actions_) {
        names += (names.empty() ? "" : ", ") + a.name;
        if (a.name != action) continue;
        for (const ActionArg& arg : a.args) {
            const boost::json::value* v = args.if_contains(arg.name);
            if ((!v || v->is_null()) && arg.required)
                throw ActionError(id() + "." + action + ": " + arg.name + ": missing, expected " + expected(arg));
            if (v && !v->is_null() && !has_type(*v, arg.type))
                throw ActionError(id() + "." + action + ": " + arg.name + ": expected " + expected(arg) + ", got " +
                                  boost::json::serialize(*v));
        }
        return a.handler(args);
    }
    throw ActionError(id() + ": unknown action \"" + action + "\" (" +
                      (names.empty() ? id() + " has no customer actions" : "expected " + names) + ")");
}

std::vector<ActionInfo> SimulatedDevice::actions() const {
    std::vector<ActionInfo> out;
    for (const Action& a : actions_) {
        std::string args;
        for (const ActionArg& arg : a.args) args += (args.empty() ? "" : ", ") + describe_arg(arg);
        out.push_back({a.name, a.doc + ": {" + args + "}"});
    }
    return out;
}

std::vector<std::shared_ptr<xfs4iot::Service>> SimulatedDevice::services() {
    std::vector<std::shared_ptr<xfs4iot::Service>> out;
    for (const auto& face : wire_faces())
        if (auto service = std::dynamic_pointer_cast<xfs4iot::Service>(face)) out.push_back(std::move(service));
    return out;
}

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
