// The answer faults and deviation switches (xfs_server.hpp AnswerFault): the one list of kinds and the one place
// that applies them. Each kind spoils one message in exactly one observable way, so a certification suite judging a
// service against XFS4IoT 2024-03 can name the check that catches it (docs/references.md [XFS4IoT] §0, §2).
#include "answer_faults.hpp"

#include "envelope.hpp"

#include <boost/json.hpp>

#include <charconv>
#include <optional>
#include <stdexcept>

namespace atmbench::xfs4iot {

namespace {
constexpr std::string_view kGetStorage = "Storage.GetStorage";
}  // namespace

const std::vector<AnswerFaultKind>& answer_fault_kinds() {
    using P = AnswerFaultPoint;
    using S = AnswerFaultSpoils;
    static const std::vector<AnswerFaultKind> kinds{
        {"invalidJson", P::Command, S::Completion},
        {"missingFields", P::Command, S::Completion},
        {"unknownCompletionCode", P::Command, S::Completion},
        {"wrongRequestId", P::Command, S::Completion},
        {"wrongCompletionVersion", P::Command, S::Completion},
        {"ackStatusOnSuccess", P::Command, S::Acknowledge},
        {"eventAfterCompletion", P::Command, S::Completion},
        {"missingEvent", P::Event, S::Event},
        {"wrongCompletionCode", P::Command, S::Completion},
        {"countsOff", P::GetStorage, S::Completion}};
    return kinds;
}

const AnswerFaultKind* find_answer_fault_kind(std::string_view name) {
    for (const auto& k : answer_fault_kinds())
        if (k.name == name) return &k;
    return nullptr;
}

void check_answer_fault_kind(const std::string& kind) {
    if (find_answer_fault_kind(kind)) return;
    std::string expected;
    const auto& kinds = answer_fault_kinds();
    for (std::size_t i = 0; i < kinds.size(); ++i)
        expected += (i == 0 ? "" : i + 1 == kinds.size() ? " or " : ", ") + kinds[i].name;
    throw std::invalid_argument("answer fault '" + kind + "': expected " + expected);
}

}  // namespace atmbench::xfs4iot

namespace atmbench::xfs4iot::detail {

namespace json = boost::json;

namespace {

// The start of a message's header as envelope.hpp writes it: {"header":{"type":T,"name":N[,"requestId":ID]…
struct Peeked {
    std::string_view type;
    std::string_view name;
    std::int64_t request_id = 0;
};

std::optional<Peeked> peek(std::string_view text) {
    static constexpr std::string_view kType = R"({"header":{"type":")";
    static constexpr std::string_view kName = R"(","name":")";
    static constexpr std::string_view kId = R"(,"requestId":)";
    if (text.substr(0, kType.size()) != kType) return std::nullopt;
    Peeked p;
    std::size_t end = text.find('"', kType.size());
    if (end == std::string_view::npos || text.substr(end, kName.size()) != kName) return std::nullopt;
    p.type = text.substr(kType.size(), end - kType.size());
    std::size_t name = end + kName.size();
    end = text.find('"', name);  // message names are Interface.Name: nothing in them is escaped
    if (end == std::string_view::npos) return std::nullopt;
    p.name = text.substr(name, end - name);
    if (text.substr(end + 1, kId.size()) == kId) {
        const char* first = text.data() + end + 1 + kId.size();
        std::from_chars(first, text.data() + text.size(), p.request_id);
    }
    return p;
}

// countsOff's number: the first storage unit's count in a Storage.GetStorage completion — cash.status.count (the
// cash module, docs/references.md [XFS4IoT] §3.1 Storage.GetStorage) or card.status.count (a card reader's retain
// unit). The count a client compares before and after a dispense. nullptr when the completion reports none.
json::value* first_unit_count(json::value& message) {
    json::value* storage = nullptr;
    if (auto* payload = message.as_object().if_contains("payload"); payload && payload->is_object())
        storage = payload->as_object().if_contains("storage");
    if (!storage || !storage->is_object()) return nullptr;
    for (auto& unit : storage->as_object()) {
        if (!unit.value().is_object()) continue;
        for (const char* kind : {"cash", "card"}) {
            json::value* block = unit.value().as_object().if_contains(kind);
            json::value* status = block && block->is_object() ? block->as_object().if_contains("status") : nullptr;
            json::value* count = status && status->is_object() ? status->as_object().if_contains("count") : nullptr;
            if (count && count->is_int64()) return count;
        }
    }
    return nullptr;
}

// The completion `text` as `kind` spoils it (every kind that spoils a completion but eventAfterCompletion, which
// leaves it as it is and sends something after it).
std::string spoil_completion(const std::string& kind, const std::string& text) {
    if (kind == "invalidJson") return text.substr(0, text.size() / 2);
    json::value v = json::parse(text);
    json::object& header = v.as_object()["header"].as_object();
    if (kind == "missingFields") {
        header.erase("completionCode");
        header.erase("requestId");
    } else if (kind == "unknownCompletionCode") {
        header["completionCode"] = "successful";  // looks right, is not in the 2024-03 enumeration
    } else if (kind == "wrongRequestId") {
        header["requestId"] = header["requestId"].as_int64() + 1000;
    } else if (kind == "wrongCompletionVersion") {
        // §0: each message carries its own version. A changed completion (3.0 in 2024-03) sent at its command's
        // older version, any other at a version 2024-03 has for no message (1.0).
        json::value& version = header["version"];
        version = version.is_string() && version.as_string() == "3.0" ? "2.0" : "1.0";
    } else if (kind == "wrongCompletionCode") {
        // Another code of the 2024-03 enumeration: a client that trusts it acts on an outcome that did not happen.
        json::value& code = header["completionCode"];
        if (code.is_string() && code.as_string() == "success") {
            code = "hardwareError";
        } else {
            code = "success";
            json::value& payload = v.as_object()["payload"];
            if (payload.is_object()) {
                payload.as_object().erase("errorCode");  // errorCode goes with commandErrorCode only
                if (payload.as_object().empty()) payload = nullptr;
            }
        }
    } else if (kind == "countsOff") {
        if (json::value* count = first_unit_count(v)) *count = count->as_int64() + 1;
    }
    return json::serialize(v);
}

}  // namespace

template <class Applies>
std::string AnswerFaults::take(AnswerFaultSpoils spoils, std::string_view at, Applies&& applies) {
    for (auto it = armed_.begin(); it != armed_.end(); ++it) {
        const AnswerFaultKind* kind = find_answer_fault_kind(it->fault.kind);
        if (!kind || kind->spoils != spoils) continue;
        // countsOff spoils only Storage.GetStorage, whatever `at` says (the fault check refuses any other).
        std::string_view want = kind->at == AnswerFaultPoint::GetStorage ? kGetStorage : std::string_view(it->fault.at);
        if (!want.empty() && want != at) continue;
        if (!applies(it->fault.kind)) continue;
        if (++it->seen < it->fault.occurrence) continue;
        std::string fired = it->fault.kind;
        if (!it->fault.persistent) armed_.erase(it);
        return fired;
    }
    return "";
}

void AnswerFaults::acknowledge(const std::string& command, std::string& text) {
    if (take(AnswerFaultSpoils::Acknowledge, command, [](const std::string&) { return true; }).empty()) return;
    // §2: an acknowledge without status (null) accepts the command; 2021-1 services sent "ok".
    static constexpr std::string_view kAccepted = R"("status":null)";
    if (auto at = text.find(kAccepted); at != std::string::npos) text.replace(at, kAccepted.size(), R"("status":"ok")");
}

std::string AnswerFaults::fallback_event(std::string_view command) const {
    // An event of the command's own interface (CardReader.Move → CardReader.InsertCardEvent), else the first the
    // service declares outside Common (Common.Status on a card reader). Common.StatusChangedEvent is unsolicited only.
    std::string prefix(command.substr(0, command.find('.') + 1));
    for (const auto& e : events_)
        if (e.rfind(prefix, 0) == 0 && e != "Common.StatusChangedEvent") return e;
    for (const auto& e : events_)
        if (e.rfind("Common.", 0) != 0) return e;
    return "";
}

void AnswerFaults::solicited(std::uint64_t connection, const std::string& text, const ChosenVersions* chosen,
                             const Send& send) {
    auto header = peek(text);
    if (!header) return send(text);
    const auto key = std::make_pair(connection, header->request_id);
    if (header->type == "event") {
        if (!take(AnswerFaultSpoils::Event, header->name, [](const std::string&) { return true; }).empty())
            return;  // missingEvent: never sent
        if (!armed_.empty()) last_events_[key] = text;
        return send(text);
    }
    if (header->type != "completion") return send(text);
    std::string last;
    if (auto it = last_events_.find(key); it != last_events_.end()) {
        last = std::move(it->second);
        last_events_.erase(it);
    }
    if (armed_.empty()) return send(text);
    const std::string command(header->name);
    std::string fallback;
    std::string kind = take(AnswerFaultSpoils::Completion, command, [&](const std::string& k) {
        if (k == "countsOff") {
            json::value v = json::parse(text);
            return first_unit_count(v) != nullptr;
        }
        if (k == "eventAfterCompletion" && last.empty()) {
            fallback = fallback_event(command);
            return !fallback.empty();
        }
        return true;
    });
    if (kind.empty()) return send(text);
    if (kind != "eventAfterCompletion") return send(spoil_completion(kind, text));
    if (last.empty()) {
        // Not in scratch(): `text` may be it.
        std::string version = "2.0";
        if (chosen)
            if (auto v = chosen->find(fallback); v != chosen->end()) version = v->second;
        write_event(last, fallback, header->request_id, nullptr, version);
    }
    send(text);
    send(last);  // §2: nothing of a command follows its completion — this event does
}

bool AnswerFaults::unsolicited(const std::string& event) {
    return take(AnswerFaultSpoils::Event, event, [](const std::string&) { return true; }).empty();
}

void AnswerFaults::disconnected(std::uint64_t connection) {
    for (auto it = last_events_.begin(); it != last_events_.end();)
        it = it->first.first == connection ? last_events_.erase(it) : std::next(it);
}

}  // namespace atmbench::xfs4iot::detail
