// Message versions of one service and their negotiation (docs/references.md [XFS4IoT] §0 "Per-message versions", §2
// "Common.SetVersions"). Every command and event has its own "major.minor" version; a service may support several
// majors of one message. Common.Capabilities lists them (interfaces[].commands/events.<name>.versions) and
// Common.SetVersions {commands:{name:major}, events:{name:major}} picks one per message for the connection that
// sent it. Both read this one table, so Capabilities never offers a version SetVersions would refuse, nor the
// other way round.
//
// Without SetVersions a connection gets each message at its 2024-03 version — the highest offered, and for a
// completion that changed on its own (CardReader.ReadRawData: command 2.0, completion 3.0) the completion's — so a
// 2024-03 client never sees a version its release does not have for that message (KAL stamps each message with its
// own class's version, §0). An older major (Common.Status 2.0) only through SetVersions. Events start from the same
// table: a connection's event choices begin at each event's 2024-03 version.
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
    // The completion of `command` carries `version` when the command is at its 2024-03 (highest) version.
    void set_completion(const std::string& command, std::string version);

    const std::vector<std::string>* command(std::string_view name) const;
    const std::vector<std::string>* event(std::string_view name) const;
    const std::map<std::string, std::vector<std::string>, std::less<>>& commands() const { return commands_; }
    const std::map<std::string, std::vector<std::string>, std::less<>>& events() const { return events_; }

    // The version a completion of `command` carries on a connection with `chosen` (null: nothing negotiated):
    // without SetVersions the 2024-03 one — the command's highest version, or its set_completion version.
    const std::string& completion_version(std::string_view command, const ChosenVersions* chosen) const;
    // The version an unsolicited `event` carries on that connection: without SetVersions its highest (2024-03).
    const std::string& unsolicited_version(std::string_view event, const ChosenVersions* chosen) const;

    // Validates a Common.SetVersions payload and, only when all of it is valid, merges it into `into`.
    // Returns "" on success, else what was wrong (every problem, "; "-separated) for errorDescription.
    std::string negotiate(const boost::json::value& payload, Negotiated& into) const;

    // "3.0" → 3; 0 when `version` does not start with a number.
    static int major(std::string_view version);

private:
    std::map<std::string, std::vector<std::string>, std::less<>> commands_;
    std::map<std::string, std::vector<std::string>, std::less<>> events_;
    std::map<std::string, std::string, std::less<>> completions_;
};

}  // namespace atmbench::xfs4iot::detail
