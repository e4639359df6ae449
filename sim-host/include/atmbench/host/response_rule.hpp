// Response rules: how a test makes the host misbehave on purpose. A rule matches requests (MTI, processing code,
// amount, PAN, terminal id, n-th match) and says what to do instead of a plain answer: another response code, a
// delay, no answer, a closed connection, a malformed or mismatched reply, a bad MAC, duplicates, split or
// coalesced writes. Link rules (refuse, close on accept, stop reading) act on connections, not requests.
// Rules come from a YAML file at start and from the control endpoint at run time (JSON is accepted as YAML).
// Format: fixtures/host-rules/README.md.
#pragma once

#include "atmbench/host/yaml_source.hpp"
#include "atmbench/iso8583/message.hpp"

#include <boost/json/array.hpp>

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::host {

enum class RuleAction {
    Reply,              // answer (possibly altered by the fields below)
    NoReply,            // read and process, never answer
    Close,              // read and process, then close the connection without answering
    RefuseConnections,  // link: the listening socket is closed, connects are refused (ECONNREFUSED)
    CloseOnAccept,      // link: accept, then close before reading anything
    StopReading,        // link: accept, never read
    // Connection resets (RST: SO_LINGER 0, then close) — 7.3.6.7 c 2, a request that could not be sent, told apart
    // from "could not connect" (refuse) and "sent, no reply" (no_reply, close). Recorded as connection events
    // `reset` (RecordedMessage::event).
    ResetBeforeRead,    // a request matching 'when' arrives: the connection is reset before the host reads it
                        // (the host neither records nor processes the request)
    ResetOnAccept,      // link: accept, then reset at once, before reading anything; adding the rule also resets
                        // the connections open at that moment, so a terminal holding a link must connect anew
};

enum class Malformation {
    None,
    Truncated,          // body cut short mid-message; the length header matches the cut body
    WrongLengthHeader,  // length header announces 10 bytes more than follow
    BitWithoutField,    // a bitmap bit set for a field that is not there
    FieldWithoutBit,    // a present field's bit cleared
    WrongFieldLength,   // the first variable-length field's length prefix one too long
    NonNumeric,         // a non-digit in a numeric field (the STAN)
    Garbage,            // random bytes of the reply's length, correctly framed
};

enum class KeyField { None, Mti, ProcessingCode, Stan, Pan, Amount, TerminalId };

std::string to_string(RuleAction a);
std::string to_string(Malformation m);
std::string to_string(KeyField k);

struct RuleMatch {
    std::optional<std::string> mti;
    std::optional<std::string> processing_code;  // prefix: "01" matches 010000
    std::optional<std::string> amount;           // F4, compared as a number of minor units
    std::optional<std::string> pan;
    std::optional<std::string> terminal_id;
    int nth = 0;  // fire only on the n-th matching request (1-based); 0 = every match
};

// The response code that stands for "the host demands the cash be retained"; resolved to the first code of the
// host's retain-cash set when the rule fires.
inline constexpr const char* kRetainCashCode = "retain_cash";

struct ResponseRule {
    std::string id;  // assigned by the RuleBook: r1, r2, …
    std::string name;
    std::string source;  // file:line or "control"
    RuleMatch when;
    RuleAction action = RuleAction::Reply;
    std::optional<std::string> code;
    std::chrono::milliseconds delay{0};
    Malformation malform = Malformation::None;
    KeyField mutate = KeyField::None;
    bool bad_mac = false;
    bool no_mac = false;  // the reply goes out without its MAC field (and bitmap bit): 7.3.5 e, a reply that cannot be verified
    bool duplicate = false;  // the reply twice, in two writes
    bool coalesce = false;   // the reply twice, in one write
    bool split = false;      // the reply in two writes 50 ms apart
    std::optional<int> times;  // fire at most this many times; unset = while the rule exists

    int matched = 0;  // requests (or connections, for link rules) that matched
    int fired = 0;

    bool is_link_rule() const {
        return action == RuleAction::RefuseConnections || action == RuleAction::CloseOnAccept ||
               action == RuleAction::StopReading || action == RuleAction::ResetOnAccept;
    }
    bool exhausted() const { return times && fired >= *times; }
};

struct RuleFile {
    std::vector<ResponseRule> rules;
    std::vector<std::string> retain_cash_codes;  // empty: keep the host's default
};

// Accepts a mapping {retain_cash_codes?, rules: [...]}, a list of rules, or one rule. Throws FixtureError naming
// the source, line and key.
RuleFile parse_rules(const YAML::Node& doc, const std::string& source);
RuleFile load_rules(const std::filesystem::path& file);

class RuleBook {
public:
    std::string add(ResponseRule rule);
    bool remove(const std::string& id);
    void clear();

    // The first rule whose match this request satisfies and that is due to fire (counts matches and firings).
    std::optional<ResponseRule> fire(const iso8583::Message& request);
    // The link rule due for a new connection (refuse, close on accept, stop reading, reset on accept), counting it.
    std::optional<ResponseRule> fire_link();
    // The reset_before_read rule this request matches and that is due to fire (counts it); fire() never returns one.
    std::optional<ResponseRule> fire_reset(const iso8583::Message& request);
    bool refusing() const;  // a refuse-connections rule is active
    bool resetting_on_accept() const;  // a reset_on_accept rule is due to fire

    boost::json::array to_json() const;

private:
    static bool matches(const ResponseRule& rule, const iso8583::Message& request);
    mutable std::mutex mutex_;
    std::vector<ResponseRule> rules_;
    int next_id_ = 1;
};

boost::json::object to_json(const ResponseRule& rule);

}  // namespace atmbench::host
