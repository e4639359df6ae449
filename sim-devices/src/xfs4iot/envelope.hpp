// Writing XFS4IoT envelopes (docs/references.md [XFS4IoT] §2) straight into a caller's buffer. Why not build a
// boost::json::object and serialise it: that allocates a table and a node per header field and deep-copies the
// payload into the envelope — on the command hot path that was most of the server's malloc time. Here the header
// is written by hand (names JSON-escaped) and the payload is serialised in place, never copied.
//
// The byte layout is the one the rest of the framework relies on: header first, "type" first in the header
// (ServiceEndpoint::answer recognises a completion by its prefix).
#pragma once

#include "atmbench/xfs4iot/message.hpp"

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace atmbench::xfs4iot::detail {

// `s` as a JSON string literal, quotes included (RFC 8259 §7 escapes; UTF-8 passes through).
void append_json_string(std::string& out, std::string_view s);
// `v` serialised, appended.
void append_json(std::string& out, const boost::json::value& v);

// Each clears `out` first and leaves exactly one message in it.
void write_acknowledge(std::string& out, std::string_view name, std::int64_t request_id,
                       std::optional<AckRejection> status);
void write_event(std::string& out, std::string_view name, std::int64_t request_id, const boost::json::value& payload,
                 std::string_view version);
void write_completion(std::string& out, std::string_view name, std::int64_t request_id, CompletionCode code,
                      const boost::json::value& payload, std::string_view error_description, std::string_view version);
void write_unsolicited(std::string& out, std::string_view name, const boost::json::value& payload,
                       std::string_view version);

// A buffer for one outgoing message, reused by everything on this thread: all protocol work runs on the server's
// one I/O thread (xfs_server.hpp), and a sink copies what it is given before returning, so the buffer is free
// again when the sink returns. Reusing it keeps its capacity: no allocation per message.
std::string& scratch();

}  // namespace atmbench::xfs4iot::detail
