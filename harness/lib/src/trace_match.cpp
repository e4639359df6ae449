#include "trace_match.hpp"

#include <boost/json.hpp>

#include <stdexcept>

namespace atmbench::harness {

namespace json = boost::json;

namespace {

std::string str(const json::object& o, const char* key, const std::string& where) {
    const json::value* v = o.if_contains(key);
    if (!v) return "";
    if (v->is_string()) return std::string(v->as_string());
    if (v->is_int64()) return std::to_string(v->as_int64());
    throw std::invalid_argument(where + "." + key + ": expected a string");
}

void only(const json::object& o, std::initializer_list<const char*> keys, const std::string& where) {
    for (const auto& kv : o) {
        bool known = false;
        for (const char* k : keys) known = known || kv.key() == k;
        if (!known) {
            std::string list;
            for (const char* k : keys) list += (list.empty() ? "" : ", ") + std::string(k);
            throw std::invalid_argument(where + ": unknown key '" + std::string(kv.key()) + "' (expected " + list + ")");
        }
    }
}

}  // namespace

bool TraceMatcher::matches(const std::string& src, const std::string& k, const std::string& n,
                           const json::object& data) const {
    if (src != source) return false;
    if (!kind.empty() && k != kind && !(source == "xfs" && kind == "event" && k == "unsolicited")) return false;
    if (!name.empty() && n != name) return false;
    if (!host_event.empty()) {
        const json::value* e = data.if_contains("event");
        if (!e || !e->is_string() || e->as_string() != host_event) return false;
    }
    return true;
}

std::string TraceMatcher::describe() const {
    std::string s = source == "host" ? "host " : "XFS4IoT ";
    if (!host_event.empty()) return s + "connection event " + host_event;
    return s + (kind.empty() ? "" : kind + " ") + (name.empty() ? "(any)" : name);
}

std::optional<TraceMatcher> trace_matcher(const json::object& args) {
    TraceMatcher m;
    if (const json::value* h = args.if_contains("host")) {
        m.source = "host";
        if (h->is_string() || h->is_int64()) {
            m.kind = "in";
            m.name = h->is_string() ? std::string(h->as_string()) : std::to_string(h->as_int64());
            return m;
        }
        if (!h->is_object()) throw std::invalid_argument("host: expected an MTI or {mti?, direction?, event?}");
        const json::object& o = h->as_object();
        only(o, {"mti", "direction", "event"}, "host");
        m.name = str(o, "mti", "host");
        m.host_event = str(o, "event", "host");
        m.kind = str(o, "direction", "host");
        if (m.kind.empty()) m.kind = m.host_event.empty() ? "in" : "event";
        if (m.kind != "in" && m.kind != "out" && m.kind != "event")
            throw std::invalid_argument("host.direction: expected in, out or event (found '" + m.kind + "')");
        if (!m.host_event.empty() && m.kind != "event")
            throw std::invalid_argument("host.event: a connection event has direction event");
        return m;
    }
    if (const json::value* e = args.if_contains("event")) {
        if (!e->is_string()) throw std::invalid_argument("event: expected an XFS4IoT message name");
        m.source = "xfs";
        m.name = std::string(e->as_string());
        return m;
    }
    if (const json::value* x = args.if_contains("xfs")) {
        if (!x->is_object()) throw std::invalid_argument("xfs: expected {command, completion?} or {event}");
        const json::object& o = x->as_object();
        only(o, {"command", "completion", "event"}, "xfs");
        m.source = "xfs";
        std::string command = str(o, "command", "xfs"), event = str(o, "event", "xfs");
        if (command.empty() == event.empty()) throw std::invalid_argument("xfs: give either command or event");
        const json::value* c = o.if_contains("completion");
        if (c && !c->is_bool()) throw std::invalid_argument("xfs.completion: expected true or false");
        if (c && !event.empty()) throw std::invalid_argument("xfs.completion: goes with command, not event");
        m.name = command.empty() ? event : command;
        m.kind = !event.empty() ? "event" : c && c->as_bool() ? "completion" : "command";
        return m;
    }
    return std::nullopt;
}

}  // namespace atmbench::harness
