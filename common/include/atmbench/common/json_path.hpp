// Reading nested JSON the way traces and XFS4IoT payloads are read: a path of object keys, null where any step is
// missing or not an object (a payload field the sender left out is not an error for a reader of traces).
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace atmbench {

// json_at(v, {"payload", "denomination", "currencies"}) → the value, or nullptr.
const boost::json::value* json_at(const boost::json::value& v, std::initializer_list<std::string_view> path);
// The string at `v` ("" for null, a missing value or a non-string).
std::string json_text(const boost::json::value* v);

}  // namespace atmbench
