// The protocol side of one service (or of the publisher): acknowledges, the per-service FIFO, information commands
// at once, header timeouts, Common.Cancel, Common.* commands, disconnects, unsolicited broadcast
// (docs/references.md [XFS4IoT] §2). Knows nothing of sockets: connections are ids with a sink for outgoing text.
#pragma once

#include "answer_faults.hpp"
#include "atmbench/xfs4iot/service.hpp"
#include "atmbench/xfs4iot/xfs_server.hpp"
#include "versions.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <deque>
#include <map>
#include <set>

namespace atmbench::xfs4iot::detail {

class ServiceEndpoint {
public:
    using Sink = Command::Sink;

    ServiceEndpoint(std::shared_ptr<Service> service, boost::asio::io_context& io, int max_requests);

    const std::string& name() const { return name_; }
    Service& service() { return *service_; }

    void connected(std::uint64_t connection, Sink sink);
    void disconnected(std::uint64_t connection);
    void received(std::uint64_t connection, std::string_view text);
    void broadcast(const std::string& event_name, const boost::json::value& payload);
    void arm_answer_fault(AnswerFault fault) { answer_faults_.arm(std::move(fault)); }
    void clear_answer_faults() { answer_faults_.clear(); }

private:
    struct Connection {
        Sink sink;
        std::map<std::int64_t, std::shared_ptr<Command>> outstanding;  // queued or executing, by requestId
        Negotiated versions;  // Common.SetVersions on this connection (§2): per connection, not per service
    };

    void dispatch(const std::shared_ptr<Command>& cmd, Connection& conn);
    bool common_command(const std::shared_ptr<Command>& cmd, Connection& conn);
    void cancel(const std::shared_ptr<Command>& cmd, Connection& conn);
    void set_versions(const std::shared_ptr<Command>& cmd, Connection& conn);
    void arm_timeout(const std::shared_ptr<Command>& cmd);
    void finished(Command& cmd);
    void pump();
    void drop_from_queue(const Command& cmd);
    boost::json::object capabilities() const;
    // A command's solicited event or completion on its way to `connection`, through the armed answer faults.
    void send_solicited(std::uint64_t connection, const std::string& text);

    std::shared_ptr<Service> service_;
    std::string name_;
    std::map<std::string, CommandInfo> commands_;  // fixed for the service's life: read once, not per command
    VersionTable versions_;  // every command and event with its versions, Common.* included: Capabilities and
                             // SetVersions both read it
    std::shared_ptr<const ChosenVersions> default_events_;  // each event at its 2024-03 version
    boost::asio::io_context& io_;
    int max_requests_;
    std::map<std::uint64_t, Connection> connections_;
    std::deque<std::shared_ptr<Command>> queue_;
    std::shared_ptr<Command> executing_;
    std::map<const Command*, std::unique_ptr<boost::asio::steady_timer>> timers_;
    std::string transaction_state_ = "inactive";
    std::string transaction_id_;
    bool pump_scheduled_ = false;
    AnswerFaults answer_faults_;
};

}  // namespace atmbench::xfs4iot::detail
