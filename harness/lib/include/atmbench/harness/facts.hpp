// What the rules read: the scenario's trace sorted into host messages, XFS4IoT messages, screens, journal records,
// customer actions and faults, plus the final physical truth, ledger and receipts. Built once per scenario.
#pragma once

#include "atmbench/harness/scenario.hpp"
#include "atmbench/harness/terminal_profile.hpp"
#include "atmbench/harness/trace.hpp"

#include <boost/json/object.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::harness {

struct HostMessage {
    std::size_t ev = 0;
    std::int64_t t = 0;
    std::string dir;  // in (terminal → host) | out (host → terminal) | event (connection)
    int connection = 0;
    std::string mti;
    std::map<int, std::string> fields;  // as recorded (PAN masked, secrets blanked)
    std::string note, rule, error;
    std::vector<std::string> spoiled;  // host faults that changed the reply's meaning (mutate, bad MAC, malformed)
    bool retain_cash = false;
    std::string field(int f) const;
    std::string kind() const;  // F3 positions 1-2: 01 withdrawal, 21 deposit, 31 inquiry, 40 transfer
};

struct XfsMessage {
    std::size_t ev = 0;
    std::int64_t t = 0;
    std::string dir;  // in (application → device) | out
    std::string service, type, name;
    std::int64_t request_id = 0;
    int connection = 0;
    boost::json::value payload;
    std::string completion, error_code;
};

struct ScreenShown {
    std::size_t ev = 0;
    std::int64_t t = 0;
    std::string id, text;
};

struct JournalRecord {
    std::size_t ev = 0;
    std::int64_t t = 0;
    std::string type;
    bool exception = false;
    boost::json::object record;
};

struct CustomerAction {
    std::size_t ev = 0;
    std::int64_t t = 0;
    std::string device, action;
    bool ok = false;
};

struct Facts {
    const Scenario* scenario = nullptr;
    const TerminalProfile* profile = nullptr;
    std::vector<TraceEvent> events;
    std::vector<HostMessage> host;
    std::vector<XfsMessage> xfs;
    std::vector<ScreenShown> screens;
    std::vector<JournalRecord> journal;
    bool journal_declared = false;
    std::vector<CustomerAction> actions;
    std::vector<std::size_t> faults;        // trace indices of injected faults
    std::vector<std::size_t> admin;         // trace indices of admin requests
    std::vector<std::size_t> modes;         // trace indices of terminal mode lines
    std::vector<std::string> receipts;      // printed receipts, text
    boost::json::object truth, ledger;
    std::string ready_mode;                 // "in_service" if it came into service, else ""
    // The terminal's configured waits in ms for this run: the profile's `timeouts_ms`, replaced by what the run's
    // rendered configuration gave the terminal (bench event config/timeouts) when the profile says where it is.
    std::map<std::string, std::int64_t> timeouts_ms;
    std::string timeouts_from = "the terminal profile's timeouts_ms";

    // Requests (terminal → host) with this MTI prefix and, when given, processing-code prefix.
    std::vector<const HostMessage*> requests(const std::string& mti, const std::string& kind = "") const;
    // The host's reply to a request: same connection, next out message with the response MTI and STAN.
    const HostMessage* reply_to(const HostMessage& request) const;
    std::vector<const XfsMessage*> commands(const std::string& name) const;  // application → device
    const XfsMessage* completion_of(const XfsMessage& command) const;
    std::vector<const JournalRecord*> records(const std::string& type) const;
    bool screen_shown(const std::string& meaning, std::int64_t after = 0) const;  // by the profile's screen ids
    std::vector<std::size_t> screens_meaning(const std::string& meaning) const;
    int cards_inserted() const;
};

Facts build_facts(const Scenario& scenario, const TerminalProfile& profile, std::vector<TraceEvent> events);

}  // namespace atmbench::harness
