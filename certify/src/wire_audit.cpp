#include "atmbench/certify/wire_audit.hpp"

#include "atmbench/certify/service_session.hpp"
#include "atmbench/certify/spec.hpp"

#include <boost/json.hpp>

#include <map>

namespace atmbench::certify {

namespace json = boost::json;

json::object evidence_of(const WireMessage& m) {
    return {{"seq", m.seq}, {"t_us", m.time_us}, {"dir", m.outbound ? "sent" : "received"}, {"text", m.text}};
}

namespace {

constexpr std::size_t kEvidencePerRule = 6;

struct Rule {
    CheckResult result;
    std::size_t judged = 0;

    Rule(const char* id, const char* title, const char* spec) {
        result.id = id;
        result.suite = "Common";
        result.title = title;
        result.spec = spec;
    }
    void violation(const WireMessage& m, std::string what) {
        if (result.findings.size() < kEvidencePerRule) {
            result.findings.push_back("message " + std::to_string(m.seq) + ": " + what);
            result.evidence.push_back(evidence_of(m));
        } else if (result.findings.size() == kEvidencePerRule) {
            result.findings.push_back("… and more");
        }
    }
    void violation(std::string what) {
        if (result.findings.size() < kEvidencePerRule) result.findings.push_back(std::move(what));
    }
    CheckResult finish() {
        result.outcome = result.findings.empty() ? Outcome::Pass : Outcome::Fail;
        result.measurements["messagesJudged"] = judged;
        if (judged == 0 && result.findings.empty()) {
            // A rule that judged nothing proved nothing: the suites sent no command it applies to.
            result.outcome = Outcome::Error;
            result.findings.push_back("no message of the conversation fell under this rule");
        }
        return result;
    }
};

struct Command {
    std::string name;
    std::string version;
    json::object payload;
    bool acked = false;
    bool rejected = false;
    bool completed = false;
    bool any_after_ack = false;
};

// The majors Common.SetVersions chose on this connection (§2), applied once its completion said success.
struct Negotiated {
    std::map<std::string, int> commands, events;
};

std::optional<std::int64_t> request_id_of(const json::object& header) {
    const json::value* id = header.if_contains("requestId");
    if (id && id->is_int64()) return id->as_int64();
    return std::nullopt;
}

void apply_set_versions(const json::object& payload, Negotiated& n) {
    auto read = [](const json::value* v, std::map<std::string, int>& into) {
        if (!v || !v->is_object()) return;
        for (const auto& [k, m] : v->as_object())
            if (m.is_int64()) into[std::string(k)] = static_cast<int>(m.as_int64());
    };
    read(payload.if_contains("commands"), n.commands);
    read(payload.if_contains("events"), n.events);
}

// The versions Common.Capabilities declares for `message` ("" interface-level lookups by full name).
std::vector<std::string> declared_versions(const json::array& interfaces, const std::string& message, bool event) {
    std::vector<std::string> out;
    for (const auto& i : interfaces) {
        if (!i.is_object()) continue;
        const json::value* group = i.as_object().if_contains(event ? "events" : "commands");
        if (!group || !group->is_object()) continue;
        const json::value* m = group->as_object().if_contains(message);
        if (!m || !m->is_object()) continue;
        const json::value* v = m->as_object().if_contains("versions");
        if (!v || !v->is_array()) continue;
        for (const auto& s : v->as_array())
            if (s.is_string()) out.emplace_back(s.as_string());
    }
    return out;
}

}  // namespace

std::vector<CheckResult> audit_wire(const AuditInput& in) {
    Rule envelope("COMMON-ENVELOPE", "Every message is a 2024-03 envelope: header {type, name, …} with only 2024-03 fields, payload an object or null",
                  "XFS4IoT 2024-03 §2 Message envelope");
    Rule ack("COMMON-ACK", "Each command gets one acknowledge first: no status when accepted, a 2024-03 rejection status otherwise",
             "XFS4IoT 2024-03 §2 Acknowledge vs completion");
    Rule sequence("COMMON-SEQUENCE", "After the acknowledge: events, then exactly one completion, and nothing after it (nothing at all after a rejection)",
                  "XFS4IoT 2024-03 §2 Acknowledge vs completion");
    Rule request_ids("COMMON-REQUEST-ID", "Acknowledges, events and completions carry the requestId of a command this connection sent; unsolicited events carry none",
                     "XFS4IoT 2024-03 §2 header.requestId");
    Rule versions("COMMON-VERSION", "Every message carries the version its message has in 2024-03, or the major SetVersions chose",
                  "XFS4IoT 2024-03 §0 Per-message versions, §2 Common.SetVersions");
    Rule codes("COMMON-COMPLETION-CODE", "Completion codes are 2024-03 ones; commandErrorCode carries payload.errorCode, success none",
               "XFS4IoT 2024-03 §2 header.completionCode");
    for (Rule* r : {&envelope, &ack, &sequence, &request_ids, &versions, &codes}) r->result.suite = "Common";

    std::map<std::int64_t, Command> commands;
    Negotiated negotiated;
    std::map<std::int64_t, json::object> pending_set_versions;

    for (const auto& m : in.record) {
        if (m.connection != in.connection) continue;
        auto msg = parse_message(m.text);
        if (m.outbound) {
            if (!msg) continue;
            const json::object& h = msg->at("header").as_object();
            auto id = request_id_of(h);
            if (!id || in.deliberate_ids.count(*id)) continue;
            Command c;
            c.name = header_text(*msg, "name");
            c.version = header_text(*msg, "version");
            if (const json::value* p = msg->if_contains("payload"); p && p->is_object()) c.payload = p->as_object();
            if (c.name == "Common.SetVersions") pending_set_versions[*id] = c.payload;
            commands[*id] = std::move(c);
            continue;
        }
        ++envelope.judged;
        if (!msg) {
            envelope.violation(m, "not a JSON object with a header object");
            continue;
        }
        const json::object& h = msg->at("header").as_object();
        std::string type = header_text(*msg, "type");
        std::string name = header_text(*msg, "name");
        for (const auto& [field, v] : h)
            if (!spec::header_field_allowed(type, field))
                envelope.violation(m, "header field '" + std::string(field) + "' is not a 2024-03 field of a " + type);
        if (type != "acknowledge" && type != "event" && type != "completion" && type != "unsolicited")
            envelope.violation(m, "header.type '" + type + "': a service sends acknowledge, event, completion or unsolicited");
        const json::value* ack_status = h.if_contains("status");
        bool rejecting_ack = type == "acknowledge" && ack_status && ack_status->is_string() &&
                             spec::is_rejecting_ack_status(ack_status->as_string());
        // The rejection of text that is not JSON cannot name the command it could not read.
        if (name.find('.') == std::string::npos && !(rejecting_ack && name.empty()))
            envelope.violation(m, "header.name '" + name + "' is not Interface.Name");
        const json::value* payload = msg->if_contains("payload");
        if (payload && !payload->is_object() && !payload->is_null())
            envelope.violation(m, "payload is neither an object nor null");

        // Versions: every received message carries one.
        ++versions.judged;
        std::string version = header_text(*msg, "version");
        auto id = request_id_of(h);

        if (type == "unsolicited") {
            ++request_ids.judged;
            if (h.if_contains("requestId")) request_ids.violation(m, "an unsolicited event carries a requestId");
        } else {
            ++request_ids.judged;
            // A rejected message whose requestId could not be read may be acknowledged without one.
            const json::value* st = h.if_contains("status");
            bool rejection = type == "acknowledge" && st && st->is_string() && spec::is_rejecting_ack_status(st->as_string());
            if (!id && rejection && in.deliberate_ids.count(0)) continue;
            if (!id) {
                request_ids.violation(m, type + " without an integer requestId");
            } else if (!commands.count(*id) && !in.deliberate_ids.count(*id)) {
                request_ids.violation(m, type + " for requestId " + std::to_string(*id) + ", which this connection never sent");
            }
        }
        if (id && in.deliberate_ids.count(*id)) continue;  // the bench broke that envelope on purpose
        Command* cmd = id ? (commands.count(*id) ? &commands[*id] : nullptr) : nullptr;

        // The version expected of this message.
        std::string expected;
        std::string what;
        if (type == "completion" && cmd) {
            auto known = spec::command_versions(cmd->name);
            auto chosen = negotiated.commands.find(cmd->name);
            if (chosen != negotiated.commands.end()) {
                if (spec::major_of(version) != chosen->second)
                    versions.violation(m, cmd->name + " completion carries version '" + version + "' where SetVersions chose major " + std::to_string(chosen->second));
            } else if (known) {
                expected = known->completion;
                what = cmd->name + " completion";
            }
        } else if (type == "event" || type == "unsolicited") {
            auto known = spec::event_version(name);
            auto chosen = negotiated.events.find(name);
            if (chosen != negotiated.events.end()) {
                if (spec::major_of(version) != chosen->second)
                    versions.violation(m, name + " carries version '" + version + "' where SetVersions chose major " + std::to_string(chosen->second));
            } else if (known) {
                expected = *known;
                what = name;
            } else {
                auto declared = declared_versions(in.declared_interfaces, name, true);
                bool ok = false;
                for (const auto& d : declared) ok = ok || d == version;
                if (!declared.empty() && !ok) versions.violation(m, name + " carries version '" + version + "', which Common.Capabilities does not declare for it");
            }
        } else if (type == "acknowledge") {
            // 2024-03 fixes no version of its own for an acknowledge [inference: the reference names none]; it must
            // carry one (§2 header.version, all types since 2023-2) in the major.minor form.
            if (!version.empty() && spec::major_of(version) == 0)
                versions.violation(m, "acknowledge version '" + version + "' is not MAJOR.MINOR");
        }
        if (version.empty()) versions.violation(m, type + " " + name + " without header.version (required since 2023-2)");
        else if (!expected.empty() && version != expected)
            versions.violation(m, what + " carries version '" + version + "'; in 2024-03 it is '" + expected + "'");

        if (!cmd) continue;
        if (type == "acknowledge") {
            ++ack.judged;
            if (cmd->acked) {
                ack.violation(m, "a second acknowledge for " + cmd->name + " #" + std::to_string(*id));
                continue;
            }
            if (cmd->any_after_ack) ack.violation(m, "the acknowledge of " + cmd->name + " came after its events or completion");
            cmd->acked = true;
            if (name != cmd->name) ack.violation(m, "acknowledge names '" + name + "' for the command " + cmd->name);
            const json::value* status = h.if_contains("status");
            if (status && !status->is_null()) {
                std::string s = status->is_string() ? std::string(status->as_string()) : json::serialize(*status);
                if (spec::is_rejecting_ack_status(s)) cmd->rejected = true;
                else ack.violation(m, "acknowledge status '" + s + "': an accepted command's acknowledge carries no status, a rejection one of invalidMessage, invalidRequestID, tooManyRequests");
            }
        } else if (type == "event" || type == "completion") {
            ++sequence.judged;
            if (!cmd->acked) {
                cmd->any_after_ack = true;
                sequence.violation(m, type + " " + name + " before the acknowledge of " + cmd->name + " #" + std::to_string(*id));
            }
            if (cmd->rejected) sequence.violation(m, type + " " + name + " after " + cmd->name + " #" + std::to_string(*id) + " was rejected by its acknowledge");
            if (cmd->completed) sequence.violation(m, type + " " + name + " after the completion of " + cmd->name + " #" + std::to_string(*id));
            if (type == "completion") {
                cmd->completed = true;
                ++codes.judged;
                if (name != cmd->name) sequence.violation(m, "completion names '" + name + "' for the command " + cmd->name);
                std::string code = header_text(*msg, "completionCode");
                const json::value* p = msg->if_contains("payload");
                const json::value* error = p && p->is_object() ? p->as_object().if_contains("errorCode") : nullptr;
                if (code.empty()) codes.violation(m, "completion without header.completionCode");
                else if (!spec::is_completion_code(code)) codes.violation(m, "completionCode '" + code + "' is not a 2024-03 completion code");
                else if (code == "commandErrorCode" && (!error || !error->is_string()))
                    codes.violation(m, "commandErrorCode without payload.errorCode");
                else if (code == "success" && error && !error->is_null())
                    codes.violation(m, "success with payload.errorCode " + json::serialize(*error));
                if (code == "success" && cmd->name == "Common.SetVersions") {
                    auto ps = pending_set_versions.find(*id);
                    if (ps != pending_set_versions.end()) apply_set_versions(ps->second, negotiated);
                }
            }
        }
    }
    // Every accepted command completed (the suites finish or cancel each one before the audit).
    for (const auto& [id, c] : commands) {
        if (!c.acked) {
            ++ack.judged;
            ack.violation(c.name + " #" + std::to_string(id) + " was never acknowledged");
        } else if (!c.rejected && !c.completed) {
            ++sequence.judged;
            sequence.violation(c.name + " #" + std::to_string(id) + " was accepted but never completed");
        }
    }
    return {envelope.finish(), ack.finish(), sequence.finish(), request_ids.finish(), versions.finish(), codes.finish()};
}

}  // namespace atmbench::certify
