#include "atmbench/xfs4iot/command.hpp"

#include "envelope.hpp"

#include <boost/json.hpp>

namespace atmbench::xfs4iot {

Command::Command(CommandMessage message, Sink sink, std::uint64_t connection_id)
    : message_(std::move(message)), sink_(std::move(sink)), connection_id_(connection_id) {}

void Command::event(const std::string& name, const boost::json::value& payload, const std::string& version) {
    if (completed_ || !sink_) return;
    const std::string* v = &version;
    if (event_versions_)
        if (auto it = event_versions_->find(name); it != event_versions_->end()) v = &it->second;
    std::string& text = detail::scratch();
    detail::write_event(text, name, message_.request_id, payload, *v);
    sink_(text);
}

void Command::complete(CompletionCode code, boost::json::value payload, const std::string& error_code,
                       const std::string& description) {
    if (completed_) return;
    completed_ = true;
    if (!error_code.empty()) {
        if (!payload.is_object()) payload = boost::json::object{};
        payload.as_object()["errorCode"] = error_code;
    }
    if (sink_) {
        std::string& text = detail::scratch();
        detail::write_completion(text, message_.name, message_.request_id, code, payload, description,
                                 completion_version_);
        sink_(text);
    }
    stop_handler_ = nullptr;
    if (finished_) {
        auto f = std::move(finished_);
        finished_ = nullptr;
        f(*this);  // may destroy the last reference holder: nothing after this line
    }
}

void Command::stop(CompletionCode why) {
    if (completed_) return;
    if (auto h = std::move(stop_handler_)) {
        stop_handler_ = nullptr;
        h();
    }
    complete(why);
}

}  // namespace atmbench::xfs4iot
