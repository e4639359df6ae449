#include "atmbench/certify/service_session.hpp"

#include "atmbench/certify/spec.hpp"

#include <boost/json.hpp>

namespace atmbench::certify {

namespace json = boost::json;

std::optional<json::object> parse_message(const std::string& text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return std::nullopt;
    const json::value* h = v.as_object().if_contains("header");
    if (!h || !h->is_object()) return std::nullopt;
    return std::move(v.as_object());
}

std::string header_text(const json::object& message, const char* field) {
    const json::value* h = message.if_contains("header");
    if (!h || !h->is_object()) return "";
    const json::value* f = h->as_object().if_contains(field);
    return f && f->is_string() ? std::string(f->as_string()) : std::string();
}

namespace {

std::optional<std::int64_t> header_request_id(const json::object& message) {
    const json::value* h = message.if_contains("header");
    if (!h || !h->is_object()) return std::nullopt;
    const json::value* id = h->as_object().if_contains("requestId");
    if (!id || !id->is_int64()) return std::nullopt;
    return id->as_int64();
}

const json::object& empty_object() {
    static const json::object o;
    return o;
}

}  // namespace

bool Exchange::accepted() const {
    if (!ack) return false;
    const json::value& h = ack->at("header");
    const json::value* s = h.as_object().if_contains("status");
    return !s || s->is_null();
}

std::string Exchange::ack_status() const { return ack && !accepted() ? header_text(*ack, "status") : ""; }
std::string Exchange::code() const { return completion ? header_text(*completion, "completionCode") : ""; }
std::string Exchange::version() const { return completion ? header_text(*completion, "version") : ""; }

const json::object& Exchange::payload() const {
    if (!completion) return empty_object();
    const json::value* p = completion->if_contains("payload");
    return p && p->is_object() ? p->as_object() : empty_object();
}

std::string Exchange::error_code() const {
    const json::value* e = payload().if_contains("errorCode");
    return e && e->is_string() ? std::string(e->as_string()) : std::string();
}

bool Exchange::has_event(const std::string& n) const { return !events_named(n).empty(); }

std::vector<const json::object*> Exchange::events_named(const std::string& n) const {
    std::vector<const json::object*> out;
    for (const auto& e : events)
        if (header_text(e, "name") == n) out.push_back(&e);
    return out;
}

std::string Exchange::summary() const {
    std::string s = name + " #" + std::to_string(request_id) + ": ";
    if (!ack) s += "no acknowledge";
    else s += accepted() ? "acknowledged" : "rejected " + ack_status();
    if (!events.empty()) {
        s += ", events [";
        for (std::size_t i = 0; i < events.size(); ++i) s += (i ? ", " : "") + header_text(events[i], "name");
        s += "]";
    }
    if (completion) {
        s += ", completion " + code();
        if (!error_code().empty()) s += " (" + error_code() + ")";
    } else if (accepted()) {
        s += ", no completion";
    }
    return s;
}

ServiceSession::ServiceSession(XfsWire& wire, int connection, std::string service)
    : wire_(wire), connection_(connection), service_(std::move(service)) {}

Exchange ServiceSession::start(const std::string& name, const json::value& payload, CallOptions options) {
    Exchange ex;
    ex.name = name;
    ex.request_id = next_id_++;
    std::string version = options.version;
    if (version.empty()) {
        auto known = spec::command_versions(name);
        version = known ? known->command : "2.0";
    }
    json::object header{{"type", "command"}, {"name", name}, {"requestId", ex.request_id}, {"version", version}};
    if (options.header_timeout_ms > 0) header["timeout"] = options.header_timeout_ms;
    ex.first_seq = wire_.size();
    wire_.send(connection_, json::serialize(json::object{{"header", std::move(header)}, {"payload", payload}}));
    collect(ex, ex.first_seq, [](const Exchange& e) { return e.ack.has_value(); }, std::min(options.bound, std::chrono::milliseconds(5000)));
    return ex;
}

Exchange ServiceSession::call(const std::string& name, const json::value& payload, CallOptions options) {
    Exchange ex = start(name, payload, options);
    if (ex.accepted()) finish(ex, options.bound);
    return ex;
}

void ServiceSession::finish(Exchange& ex, std::chrono::milliseconds bound) {
    collect(ex, ex.first_seq, [](const Exchange& e) { return e.completion.has_value(); }, bound);
}

bool ServiceSession::wait_event(Exchange& ex, const std::string& name, std::chrono::milliseconds bound) {
    collect(ex, ex.first_seq, [&](const Exchange& e) { return e.completion.has_value() || e.has_event(name); }, bound);
    return ex.has_event(name);
}

void ServiceSession::collect(Exchange& ex, std::size_t from, const std::function<bool(const Exchange&)>& done,
                             std::chrono::milliseconds bound) {
    // Rebuilt from the record each time: the exchange is exactly what the wire holds for its requestId, in order.
    auto rebuild = [&] {
        ex.ack.reset();
        ex.events.clear();
        ex.completion.reset();
        for (const auto& m : wire_.record(from)) {
            if (m.connection != connection_ || m.outbound) continue;
            auto msg = parse_message(m.text);
            if (!msg || header_request_id(*msg) != ex.request_id) continue;
            std::string type = header_text(*msg, "type");
            if (type == "acknowledge" && !ex.ack) ex.ack = std::move(*msg);
            else if (type == "event" && !ex.completion) ex.events.push_back(std::move(*msg));
            else if (type == "completion" && !ex.completion) ex.completion = std::move(*msg);
        }
    };
    std::size_t seen = wire_.size();  // before the first look: nothing that arrives in between is missed
    rebuild();
    auto deadline = std::chrono::steady_clock::now() + bound;
    while (!done(ex)) {
        auto now = std::chrono::steady_clock::now();
        if (now >= deadline) break;
        // Wake on any new message of this connection, then look again.
        auto next = wire_.wait(connection_, seen, [](const WireMessage&) { return true; },
                               std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now));
        if (!next) break;
        seen = next->seq + 1;
        rebuild();
    }
}

void ServiceSession::send_raw(const std::string& text, std::optional<std::int64_t> deliberate_request_id) {
    if (deliberate_request_id) deliberate_.insert(*deliberate_request_id);
    wire_.send(connection_, text);
}

std::optional<json::object> ServiceSession::wait_message(std::size_t from, const std::string& type, const std::string& name,
                                                         std::int64_t request_id, std::chrono::milliseconds bound) {
    std::optional<json::object> found;
    wire_.wait(connection_, from, [&](const WireMessage& m) {
        auto msg = parse_message(m.text);
        if (!msg || header_text(*msg, "type") != type) return false;
        if (!name.empty() && header_text(*msg, "name") != name) return false;
        if (request_id != 0 && header_request_id(*msg) != request_id) return false;
        found = std::move(msg);
        return true;
    }, bound);
    return found;
}

std::optional<json::object> ServiceSession::wait_unsolicited(std::size_t from, const std::string& name,
                                                             std::chrono::milliseconds bound) {
    return wait_message(from, "unsolicited", name, 0, bound);
}

}  // namespace atmbench::certify
