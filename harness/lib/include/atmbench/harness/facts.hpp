// What the rules read: the scenario's trace sorted into host messages, XFS4IoT messages, screens, journal records,
// customer actions and faults, plus the final physical truth, ledger and receipts. Built once per scenario.
#pragma once

#include "atmbench/harness/scenario.hpp"
#include "atmbench/harness/terminal_profile.hpp"
#include "atmbench/harness/trace.hpp"
#include "atmbench/host/host_kind.hpp"
#include "atmbench/iso8583/dialect.hpp"

#include <boost/json/object.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::harness {

using host::HostKind;

// One host record. The wire part (mti, fields) is what the host's recorder decoded, for reports and scenario
// expectations written in MTIs; rules read only the meaning below it, which the protocol's adapter fills
// (host_facts_iso8583.cpp: the profile's dialect), so a rule never knows an MTI, a processing code or a field number.
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

    // What it means. A reply has the kind of the request it answers.
    std::optional<HostKind> kind;  // nullopt: a connection event, an undecodable frame, or no kind of the dialect
    std::string stan, pan, amount;  // amount in minor units as text, "" when absent
    std::string response;           // the reply's response code as recorded ("" in a request)
    std::string original_stan;      // a reversal's: the STAN of the transaction it takes back
    std::string batch;              // the batch a sign-on opens or a settlement closes, "" when not carried
    std::vector<std::int64_t> balances;  // amounts a reply reports as balances (minor units)
    bool approved = false;          // the response code approves
    bool reversal_done = false;     // the host will not need this reversal again (approved, or nothing to reverse)
    bool reconcile = false;         // settled, but the totals differ: people reconcile
    bool mac_refused = false;       // the host could not verify the request's MAC
    bool response_known = false;    // a code of the host's table (else a terminal must treat it as a decline)
    bool carries_keys = false;      // a reply delivering working keys
    bool request() const { return dir == "in"; }
    bool is(HostKind k) const { return kind == k; }
    bool financial() const { return kind && host::is_financial(*kind); }
    bool moves_money() const { return kind && host::moves_money(*kind); }
};

// A request with the host's reply to it (nullptr: none came).
struct HostExchange {
    const HostMessage* request = nullptr;
    const HostMessage* reply = nullptr;
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

    // Requests (terminal → host) of a kind, or of a family (host::is_financial, host::is_network, host::moves_money).
    std::vector<const HostMessage*> requests(HostKind kind) const;
    std::vector<const HostMessage*> requests(bool (*family)(HostKind)) const;
    // Requests as a scenario's `expect: host` names them on the wire: MTI prefix, processing-code prefix.
    std::vector<const HostMessage*> wire_requests(const std::string& mti, const std::string& processing) const;
    // The host's reply to a request: same connection, the next message out answering it with its STAN.
    const HostMessage* reply_to(const HostMessage& request) const;
    // Requests of this kind the host approved with a usable reply (not spoiled by a host fault: 7.3.5 e/f).
    std::vector<HostExchange> approved(HostKind kind) const;
    // Reversal requests of a transaction (by its STAN), and the transaction a reversal names (nullptr: none seen).
    std::vector<const HostMessage*> reversals_of(const std::string& stan) const;
    std::vector<const HostMessage*> reversals_of(const HostMessage& original) const { return reversals_of(original.stan); }
    const HostMessage* original_of(const HostMessage& reversal) const;
    std::vector<const XfsMessage*> commands(const std::string& name) const;  // application → device
    const XfsMessage* completion_of(const XfsMessage& command) const;
    std::vector<const JournalRecord*> records(const std::string& type) const;
    bool screen_shown(const std::string& meaning, std::int64_t after = 0) const;  // by the profile's screen ids
    std::vector<std::size_t> screens_meaning(const std::string& meaning) const;
    int cards_inserted() const;
};

Facts build_facts(const Scenario& scenario, const TerminalProfile& profile, std::vector<TraceEvent> events);

}  // namespace atmbench::harness
