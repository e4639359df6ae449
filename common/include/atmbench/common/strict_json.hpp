// JSON as the bench reads it from anyone else: the terminal (XFS4IoT commands, its output and journal), control
// requests, profiles and recorded traces. Boost.JSON alone accepts two things the bench must refuse:
//  - a number beyond the range of a double ("1e400") becomes infinity, which Boost.JSON 1.81 writes back as the
//    bare word Infinity: every JSON the bench then serves (/wire, traces, results) is no longer JSON (RFC 8259 §6:
//    "Numeric values that cannot be represented ... (such as Infinity and NaN) are not permitted");
//  - a member name twice in one object keeps the last one silently, while another reader keeps the first
//    (RFC 8259 §4: "the behavior of software that receives such an object is unpredictable"; I-JSON, RFC 7493
//    §2.3: "Objects in I-JSON messages MUST NOT have members with duplicate names").
// Both are refused here with the line and the JSON path of the offending value.
#pragma once

#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace atmbench::common {

// what() = "SOURCE: line L: $.path: what was expected (found …)", or without the path for a syntax error.
class JsonInputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The value, or nullopt with `problem` = "line L: $.path: …" (no source name: the caller knows where it came from).
// `sp` is where the value is allocated (a monotonic arena for messages parsed and dropped at once).
std::optional<boost::json::value> try_parse_json(std::string_view text, std::string& problem,
                                                 boost::json::storage_ptr sp = {});

// Throws JsonInputError("SOURCE: line L: …").
boost::json::value parse_json(std::string_view text, const std::string& source);

}  // namespace atmbench::common
