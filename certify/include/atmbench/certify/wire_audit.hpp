// The rules every message of a conversation must keep, whatever the command (docs/references.md [XFS4IoT] §0, §2),
// judged over the whole wire record of one service connection once its suites have run: each command gets exactly
// one acknowledge first, with no status when accepted; its events and exactly one completion follow, nothing after
// the completion; every header carries only 2024-03 fields and the version its message has in 2024-03 (or the
// major Common.SetVersions chose on that connection); completion codes are the 2024-03 ones. A pure function of the
// record, so a hand-written trace tests it.
#pragma once

#include "atmbench/certify/result.hpp"
#include "atmbench/certify/wire.hpp"

#include <set>
#include <vector>

namespace atmbench::certify {

struct AuditInput {
    std::vector<WireMessage> record;         // may hold other connections' messages; only `connection` is judged
    int connection = 0;
    std::string service;
    std::set<std::int64_t> deliberate_ids;   // requestIds of envelopes the bench broke on purpose
    // Common.Capabilities interfaces[] as declared: versions of messages the bench's table does not know.
    boost::json::array declared_interfaces;
};

// One CheckResult per audit rule (COMMON-ENVELOPE, COMMON-ACK, COMMON-SEQUENCE, COMMON-REQUEST-ID,
// COMMON-VERSION, COMMON-COMPLETION-CODE), each PASS or FAIL with up to a few offending messages as evidence.
std::vector<CheckResult> audit_wire(const AuditInput& input);

// A wire message as evidence: {seq, t_us, dir: "sent"|"received", text}.
boost::json::object evidence_of(const WireMessage& m);

}  // namespace atmbench::certify
