// What `wait` and `power_cut: {when}` look for in the trace: a host message or connection event, or an XFS4IoT
// message. One parser for both steps, so `power_cut: {when: X}` means the moment `wait: X` would see.
//   host: "0400"                                 the host received a 0400 (the terminal's request)
//   host: {mti?, direction?: in|out|event, event?: reset}   e.g. {direction: out, mti: "0210"}, {event: reset}
//   event: "CashDispenser.Dispense"              any XFS4IoT message of that name (command, completion, event…)
//   xfs: {command: NAME, completion?: true}      the command itself, or (completion: true) its completion
//   xfs: {event: NAME}                           an event or unsolicited event of that name
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>

namespace atmbench::harness {

struct TraceMatcher {
    std::string source;      // "host" | "xfs"
    std::string kind;        // host: in | out | event; xfs: command | completion | event ("event" also takes
                             // unsolicited); "" = any
    std::string name;        // MTI or XFS4IoT message name; "" = any
    std::string host_event;  // host connection event kind ("reset"); "" = any

    // The event as the trace has it: source, kind, name and data (host: the record view; xfs: anything).
    bool matches(const std::string& src, const std::string& k, const std::string& n, const boost::json::object& data) const;
    std::string describe() const;
};

// The matcher in a wait/when mapping (host, event or xfs key), nullopt when it has none of them. Throws
// std::invalid_argument naming what is wrong.
std::optional<TraceMatcher> trace_matcher(const boost::json::object& args);

}  // namespace atmbench::harness
