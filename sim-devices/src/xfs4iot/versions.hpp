// Message versions of one service and their negotiation (docs/references.md [XFS4IoT] §0 "Per-message versions", §2
// "Common.SetVersions"). Every command and event has its own "major.minor" version; a service may support several
// majors of one message. Common.Capabilities lists them (interfaces[].commands/events.<name>.versions) and
// Common.SetVersions {commands:{name:major}, events:{name:major}} picks one per message for the connection that
// sent it. Both read this one table, so Capabilities never offers a version SetVersions would refuse, nor the
// other way round.
//
// Without SetVersions a connection gets the lowest version of each message (§7: the ArsShon2000/xfs4iot port's
// VersionNegotiationHelper sends the lowest supported major). Solicited events a device sends with an explicit
// version keep it unless the connection negotiated that event.
#pragma once

#include <boost/json/fwd.hpp>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace atmbench::xfs4iot::detail {

// Name → version string ("3.0", or "2.1" where the message's minor is not 0), as chosen by one connection.
using ChosenVersions = std::map<std::string, std::string, std::less<>>;

struct Negotiated {
    // Copy-on-write: commands in flight keep the event table they started with (shared_ptr<const>), a later
    // SetVersions on the same connection installs a new one.
    std::shared_ptr<const ChosenVersions> commands;
    std::shared_ptr<const ChosenVersions> events;
};

class VersionTable {
public:
    // `versions`: every version supported, e.g. {"2.0","3.0"}; kept sorted by major, lowest first.
    void add_command(const std::string& name, std::vector<std::string> versions);
    void add_event(const std::string& name, std::vector<std::string> versions);

    const std::vector<std::string>* command(std::string_view name) const;
    const std::vector<std::string>* event(std::string_view name) const;
    const std::map<std::string, std::vector<std::string>, std::less<>>& commands() const { return commands_; }
    const std::map<std::string, std::vector<std::string>, std::less<>>& events() const { return events_; }

    // The version a completion of `command` carries on a connection with `chosen` (null: nothing negotiated).
    const std::string& completion_version(std::string_view command, const ChosenVersions* chosen) const;
    // The version an unsolicited `event` carries on that connection.
    const std::string& unsolicited_version(std::string_view event, const ChosenVersions* chosen) const;

    // Validates a Common.SetVersions payload and, only when all of it is valid, merges it into `into`.
    // Returns "" on success, else what was wrong (every problem, "; "-separated) for errorDescription.
    std::string negotiate(const boost::json::value& payload, Negotiated& into) const;

    // "3.0" → 3; 0 when `version` does not start with a number.
    static int major(std::string_view version);

private:
    std::map<std::string, std::vector<std::string>, std::less<>> commands_;
    std::map<std::string, std::vector<std::string>, std::less<>> events_;
};

}  // namespace atmbench::xfs4iot::detail
