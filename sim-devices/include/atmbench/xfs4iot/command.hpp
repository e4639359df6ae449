// One accepted command, as the device class sees it: its payload, a way to send solicited events, and exactly
// one completion. The framework owns ordering (per-service FIFO), header timeouts, Common.Cancel and disconnects;
// the device class only says what happens and registers what to do when asked to stop.
#pragma once

#include "atmbench/xfs4iot/message.hpp"

#include <boost/json/value.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace atmbench::xfs4iot {

class Connection;

class Command : public std::enable_shared_from_this<Command> {
public:
    using Sink = std::function<void(const std::string& text)>;
    using Finished = std::function<void(Command&)>;

    Command(CommandMessage message, Sink sink, std::uint64_t connection_id);

    const std::string& name() const { return message_.name; }
    std::int64_t request_id() const { return message_.request_id; }
    const boost::json::value& payload() const { return message_.payload; }
    std::int64_t timeout_ms() const { return message_.timeout_ms; }
    std::uint64_t connection_id() const { return connection_id_; }

    // A solicited event (carries this command's requestId). Ignored once completed. `version` is what the device
    // class sends unless the connection negotiated another for this event (Common.SetVersions, §2).
    void event(const std::string& name, const boost::json::value& payload, const std::string& version = "2.0");
    // The one completion. `error_code` goes into the payload as "errorCode" (with CommandErrorCode). A second call
    // is ignored: exactly one completion per command (§2).
    void complete(CompletionCode code, boost::json::value payload = nullptr, const std::string& error_code = "",
                  const std::string& description = "");
    void complete_error(const std::string& error_code, const std::string& description = "") {
        complete(CompletionCode::CommandErrorCode, nullptr, error_code, description);
    }
    bool completed() const { return completed_; }

    // The device class says how to abandon the command (e.g. stop waiting for a card). Called once when the command
    // is cancelled, times out or its connection goes away; the framework then completes it with `why` unless the
    // handler already completed it.
    void on_stop(std::function<void()> handler) { stop_handler_ = std::move(handler); }
    void stop(CompletionCode why);

    // Framework hooks.
    void set_finished(Finished f) { finished_ = std::move(f); }
    void detach_sink() { sink_ = nullptr; }
    // The versions this command's messages carry on its connection (Common.SetVersions, docs/references.md [XFS4IoT] §2):
    // its completion's, and the events that connection chose (null: none chosen). Default: completion "2.0".
    using EventVersions = std::map<std::string, std::string, std::less<>>;
    void set_versions(std::string completion_version, std::shared_ptr<const EventVersions> events) {
        completion_version_ = std::move(completion_version);
        event_versions_ = std::move(events);
    }
    const std::string& completion_version() const { return completion_version_; }

private:
    CommandMessage message_;
    Sink sink_;
    std::uint64_t connection_id_;
    bool completed_ = false;
    std::function<void()> stop_handler_;
    Finished finished_;
    std::string completion_version_ = "2.0";
    std::shared_ptr<const EventVersions> event_versions_;
};

}  // namespace atmbench::xfs4iot
