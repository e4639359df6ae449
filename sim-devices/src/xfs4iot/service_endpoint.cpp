#include "service_endpoint.hpp"

#include "envelope.hpp"

#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include <algorithm>

namespace atmbench::xfs4iot::detail {

namespace json = boost::json;

namespace {

// The Common commands the framework answers itself, with their versions. Status and Capabilities changed shape
// in 2024-03 (3.0, docs/references.md [XFS4IoT] §3 Common) and are offered as 2.0 and 3.0 — 3.0 unless a client asks
// for 2 with SetVersions — the payload being the 2024-03 one either way; everything else is 2.0.
const std::map<std::string, CommandInfo>& framework_commands() {
    static const std::map<std::string, CommandInfo> common{
        {"Common.Status", {"3.0", true, {"2.0", "3.0"}}},
        {"Common.Capabilities", {"3.0", true, {"2.0", "3.0"}}},
        {"Common.SetVersions", {"2.0", true}},
        {"Common.Cancel", {"2.0", true}},
        {"Common.SetTransactionState", {"2.0", true}},
        {"Common.GetTransactionState", {"2.0", true}}};
    return common;
}

// Events whose 2024-03 version is not 2.0 (docs/references.md [XFS4IoT] §3, the events marked 3.0): StatusChangedEvent
// carries a Common.Status-shaped payload, so like Common.Status it is offered as 2.0 and 3.0; every other event is 2.0.
std::vector<std::string> event_versions(const std::string& event) {
    if (event == "Common.StatusChangedEvent") return {"2.0", "3.0"};
    if (event == "CashDispenser.IncompleteDispenseEvent") return {"3.0"};
    return {"2.0"};
}

// The bench's own version (CMakeLists.txt project VERSION), as every simulated service reports it.
constexpr const char* kServiceVersion = ATMBENCH_SERVICE_VERSION;

std::vector<std::string> versions_of(const CommandInfo& info) {
    return info.versions.empty() ? std::vector<std::string>{info.version} : info.versions;
}

}  // namespace

ServiceEndpoint::ServiceEndpoint(std::shared_ptr<Service> service, boost::asio::io_context& io, int max_requests)
    : service_(std::move(service)),
      name_(service_->name()),
      commands_(service_->commands()),
      io_(io),
      max_requests_(max_requests),
      answer_faults_(service_->events()) {
    for (const auto& [n, info] : framework_commands()) versions_.add_command(n, versions_of(info));
    for (const auto& [n, info] : commands_) {
        versions_.add_command(n, versions_of(info));
        if (!info.completion.empty()) versions_.set_completion(n, info.completion);
    }
    for (const auto& e : service_->events()) versions_.add_event(e, event_versions(e));
    // What every event carries on a connection that negotiated nothing: its 2024-03 (highest) version. Solicited
    // events read it from the command's table, so it is the connection's starting choice; SetVersions overrides it.
    auto defaults = std::make_shared<ChosenVersions>();
    for (const auto& [e, versions] : versions_.events()) (*defaults)[e] = versions.back();
    default_events_ = std::move(defaults);
    service_->attach([this](const std::string& n, const json::value& p) { broadcast(n, p); });
}

void ServiceEndpoint::connected(std::uint64_t connection, Sink sink) {
    Connection& c = connections_[connection];
    c.sink = std::move(sink);
    if (!c.versions.events) c.versions.events = default_events_;
}

void ServiceEndpoint::disconnected(std::uint64_t connection) {
    auto it = connections_.find(connection);
    if (it == connections_.end()) return;
    // KAL ClientConnection: a disconnect cancels every queued or executing command of that connection.
    std::vector<std::shared_ptr<Command>> cmds;
    for (auto& [id, cmd] : it->second.outstanding) cmds.push_back(cmd);
    for (auto& cmd : cmds) {
        cmd->detach_sink();
        drop_from_queue(*cmd);
        cmd->stop(CompletionCode::Canceled);
    }
    connections_.erase(connection);
    answer_faults_.disconnected(connection);
}

void ServiceEndpoint::broadcast(const std::string& event_name, const json::value& payload) {
    // missingEvent drops an unsolicited event for every connection: it is the service's, not one client's.
    if (!answer_faults_.empty() && !answer_faults_.unsolicited(event_name)) return;
    // Serialised once per distinct version: connections that negotiated this event differently get theirs.
    std::string& text = detail::scratch();
    const std::string* written = nullptr;
    for (auto& [id, conn] : connections_) {
        if (!conn.sink) continue;
        const std::string& version = versions_.unsolicited_version(event_name, conn.versions.events.get());
        if (!written || *written != version) {
            detail::write_unsolicited(text, event_name, payload, version);
            written = &version;
        }
        conn.sink(text);
    }
}

void ServiceEndpoint::received(std::uint64_t connection, std::string_view text) {
    auto cit = connections_.find(connection);
    if (cit == connections_.end()) return;
    Connection& conn = cit->second;
    auto parsed = parse_command(text);
    std::string& out = detail::scratch();
    if (auto* bad = std::get_if<Rejected>(&parsed)) {
        detail::write_acknowledge(out, bad->name, bad->request_id.value_or(0), bad->status);
        conn.sink(out);
        return;
    }
    CommandMessage& msg = std::get<CommandMessage>(parsed);
    if (conn.outstanding.count(msg.request_id)) {  // §2: duplicate of a queued/executing id
        detail::write_acknowledge(out, msg.name, msg.request_id, AckRejection::InvalidRequestID);
        conn.sink(out);
        return;
    }
    if (static_cast<int>(conn.outstanding.size()) >= max_requests_) {
        detail::write_acknowledge(out, msg.name, msg.request_id, AckRejection::TooManyRequests);
        conn.sink(out);
        return;
    }
    detail::write_acknowledge(out, msg.name, msg.request_id, std::nullopt);
    if (!answer_faults_.empty()) answer_faults_.acknowledge(msg.name, out);  // ackStatusOnSuccess
    conn.sink(out);
    // Every solicited message goes through the answer faults, also those armed while the command runs (a scenario
    // arms missingEvent while ReadRawData waits for the card). Small enough to stay inside std::function: no
    // allocation per command.
    Sink sink = [this, connection](const std::string& text) { send_solicited(connection, text); };
    // The versions negotiated so far on this connection (§2 Common.SetVersions) stamp this command's messages.
    std::string completion_version = versions_.completion_version(msg.name, conn.versions.commands.get());
    auto cmd = std::make_shared<Command>(std::move(msg), std::move(sink), connection);
    cmd->set_versions(std::move(completion_version), conn.versions.events);
    conn.outstanding[cmd->request_id()] = cmd;
    cmd->set_finished([this](Command& c) { finished(c); });
    dispatch(cmd, conn);
}

void ServiceEndpoint::dispatch(const std::shared_ptr<Command>& cmd, Connection& conn) {
    if (common_command(cmd, conn)) return;
    auto it = commands_.find(cmd->name());
    if (it == commands_.end()) {
        cmd->complete(CompletionCode::UnsupportedCommand, nullptr, "",
                      "service " + name_ + " does not implement " + cmd->name());
        return;
    }
    if (it->second.information) {
        service_->execute(cmd);
        if (!cmd->completed()) arm_timeout(cmd);
        return;
    }
    queue_.push_back(cmd);
    arm_timeout(cmd);  // the header timeout runs from receipt, queued time included
    pump();
}

bool ServiceEndpoint::common_command(const std::shared_ptr<Command>& cmd, Connection& conn) {
    const std::string& n = cmd->name();
    if (n == "Common.Cancel") {
        cancel(cmd, conn);
    } else if (n == "Common.Status") {
        service_->refresh();
        cmd->complete(CompletionCode::Success, service_->status());
    } else if (n == "Common.Capabilities") {
        cmd->complete(CompletionCode::Success, capabilities());
    } else if (n == "Common.SetVersions") {
        set_versions(cmd, conn);
    } else if (n == "Common.SetTransactionState") {
        const json::value& p = cmd->payload();
        const json::value* state = p.is_object() ? p.as_object().if_contains("state") : nullptr;
        if (!state || !state->is_string() || (state->as_string() != "active" && state->as_string() != "inactive")) {
            cmd->complete(CompletionCode::InvalidData, nullptr, "", "state must be active or inactive");
        } else {
            transaction_state_ = state->as_string();
            const json::value* tid = p.as_object().if_contains("transactionID");
            transaction_id_ = tid && tid->is_string() ? std::string(tid->as_string()) : "";
            cmd->complete(CompletionCode::Success);
        }
    } else if (n == "Common.GetTransactionState") {
        json::object o{{"state", transaction_state_}};
        if (!transaction_id_.empty()) o["transactionID"] = transaction_id_;
        cmd->complete(CompletionCode::Success, o);
    } else {
        return false;
    }
    return true;
}

void ServiceEndpoint::cancel(const std::shared_ptr<Command>& cmd, Connection& conn) {
    // §2 Common.Cancel: {requestIds:[…]} or null = all queued/executing commands of this connection only.
    std::vector<std::shared_ptr<Command>> targets;
    const json::value& p = cmd->payload();
    const json::value* ids = p.is_object() ? p.as_object().if_contains("requestIds") : nullptr;
    if (ids && !ids->is_null()) {
        if (!ids->is_array()) {
            cmd->complete(CompletionCode::InvalidData, nullptr, "", "requestIds must be an array of integers");
            return;
        }
        for (const auto& v : ids->as_array()) {
            if (!v.is_int64()) continue;
            auto it = conn.outstanding.find(v.as_int64());
            if (it != conn.outstanding.end() && it->second != cmd) targets.push_back(it->second);
        }
        if (targets.empty()) {
            cmd->complete_error("noMatchingRequestIDs");
            return;
        }
    } else {
        for (auto& [id, c] : conn.outstanding)
            if (c != cmd) targets.push_back(c);
    }
    for (auto& t : targets) {
        drop_from_queue(*t);
        t->stop(CompletionCode::Canceled);
    }
    cmd->complete(CompletionCode::Success);
}

void ServiceEndpoint::set_versions(const std::shared_ptr<Command>& cmd, Connection& conn) {
    // §2 Common.SetVersions {commands:{name:major}, events:{name:major}}: unknown names and majors this service
    // does not offer (Common.Capabilities) are invalidData, naming each; otherwise the choice holds for this
    // connection's later messages. The SetVersions completion itself carries the version chosen before it.
    std::string problem = versions_.negotiate(cmd->payload(), conn.versions);
    if (!problem.empty()) cmd->complete(CompletionCode::InvalidData, nullptr, "", problem);
    else cmd->complete(CompletionCode::Success);
}

void ServiceEndpoint::arm_timeout(const std::shared_ptr<Command>& cmd) {
    if (cmd->timeout_ms() <= 0 || cmd->completed()) return;
    // header.timeout is any non-negative integer (docs/references.md [XFS4IoT] §2). The timer counts nanoseconds:
    // milliseconds beyond what int64 nanoseconds hold overflow the conversion (undefined behaviour; in practice a
    // negative wait that timed the command out at once). A wait of more than a century is no wait at all.
    constexpr std::int64_t kCenturyMs = std::int64_t{100} * 366 * 24 * 3600 * 1000;
    if (cmd->timeout_ms() > kCenturyMs) return;
    auto timer = std::make_unique<boost::asio::steady_timer>(io_, std::chrono::milliseconds(cmd->timeout_ms()));
    std::weak_ptr<Command> weak = cmd;
    timer->async_wait([this, weak](const boost::system::error_code& ec) {
        if (ec) return;
        if (auto c = weak.lock()) {
            drop_from_queue(*c);
            c->stop(CompletionCode::TimeOut);
        }
    });
    timers_[cmd.get()] = std::move(timer);
}

void ServiceEndpoint::drop_from_queue(const Command& cmd) {
    queue_.erase(std::remove_if(queue_.begin(), queue_.end(), [&](const auto& c) { return c.get() == &cmd; }),
                 queue_.end());
}

void ServiceEndpoint::finished(Command& cmd) {
    timers_.erase(&cmd);  // destroying the timer cancels its wait
    if (auto it = connections_.find(cmd.connection_id()); it != connections_.end())
        it->second.outstanding.erase(cmd.request_id());
    if (executing_.get() == &cmd) {
        executing_.reset();  // may release the last reference: `cmd` is not used after this
        if (!pump_scheduled_) {
            pump_scheduled_ = true;
            boost::asio::post(io_, [this] {
                pump_scheduled_ = false;
                pump();
            });
        }
    }
}

void ServiceEndpoint::pump() {
    while (!executing_ && !queue_.empty()) {
        executing_ = queue_.front();
        queue_.pop_front();
        auto running = executing_;
        service_->execute(running);  // may complete synchronously, which clears executing_
    }
}

void ServiceEndpoint::send_solicited(std::uint64_t connection, const std::string& text) {
    auto it = connections_.find(connection);
    if (it == connections_.end() || !it->second.sink) return;
    if (answer_faults_.idle()) return it->second.sink(text);
    answer_faults_.solicited(connection, text, it->second.versions.events.get(), it->second.sink);
}

json::object ServiceEndpoint::capabilities() const {
    // interfaces[] = {name, commands:{<name>:{versions:[…]}}, events:{…}, maximumRequests} (§2), from the same
    // table Common.SetVersions checks against. Common first (framework commands plus any Common.* the device
    // implements, e.g. the nonce commands), then the device's interfaces.
    json::object caps = service_->capabilities();
    json::array interfaces;
    auto versions_json = [](const std::vector<std::string>& versions) {
        json::array a;
        for (const auto& v : versions) a.push_back(json::value(v));
        return json::object{{"versions", std::move(a)}};
    };
    auto add_interface = [&](const std::string& iface) {
        std::string prefix = iface + ".";
        json::object commands;
        for (const auto& [n, versions] : versions_.commands())
            if (n.rfind(prefix, 0) == 0) commands[n] = versions_json(versions);
        json::object events;
        for (const auto& [n, versions] : versions_.events())
            if (n.rfind(prefix, 0) == 0) events[n] = versions_json(versions);
        interfaces.push_back(json::object{{"name", iface},
                                          {"commands", std::move(commands)},
                                          {"events", std::move(events)},
                                          {"maximumRequests", max_requests_}});
    };
    add_interface("Common");
    for (const auto& iface : service_->interfaces())
        if (iface != "Common") add_interface(iface);
    caps["interfaces"] = std::move(interfaces);
    // 2024-03 Common.Capabilities: `common` is there for every service (a client reads the service version and the
    // device information from it); what the service gave under it (endToEndSecurity …) stays.
    json::object common = caps.contains("common") && caps["common"].is_object() ? caps["common"].as_object() : json::object{};
    if (!common.contains("serviceVersion")) common["serviceVersion"] = kServiceVersion;
    if (!common.contains("deviceInformation")) common["deviceInformation"] = json::array{service_->device_information()};
    if (!common.contains("powerSaveControl")) common["powerSaveControl"] = false;
    if (!common.contains("antiFraudModule")) common["antiFraudModule"] = false;
    caps["common"] = std::move(common);
    return caps;
}

}  // namespace atmbench::xfs4iot::detail

namespace atmbench::xfs4iot {

std::vector<std::string> framework_command_names() {
    std::vector<std::string> names;
    for (const auto& [n, _] : detail::framework_commands()) names.push_back(n);
    return names;
}

boost::json::object Service::device_information() const {
    // A simulated device has no firmware; its software is the bench (2024-03 deviceInformation, all fields strings).
    return {{"modelName", "atmbench simulated " + name()},
            {"serialNumber", name()},
            {"revisionNumber", detail::kServiceVersion},
            {"modelDescription", "atmbench simulated device (" + name() + ")"},
            {"software", boost::json::array{boost::json::object{{"softwareName", "atmbench sim-devices"},
                                                  {"softwareVersion", detail::kServiceVersion}}}}};
}

}  // namespace atmbench::xfs4iot
