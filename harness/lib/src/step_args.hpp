// A step's arguments as the handlers read them. The loader has checked them against the step table already
// (scenario_validation.cpp), so these only pick the value and fall back to the step's default.
#pragma once

#include "atmbench/harness/scenario.hpp"
#include "atmbench/harness/steps.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <string>

namespace atmbench::harness {

// A single value as text (a number as its digits); the one-value form ("amount: 300") is stored as `value`.
inline std::string text_arg(const boost::json::object& a, const char* key, const std::string& dflt = "") {
    const boost::json::value* v = a.if_contains(key);
    if (!v) {
        if (const boost::json::value* x = a.if_contains("value"); x && std::string(key) != "value" && a.size() == 1) v = x;
    }
    if (!v) return dflt;
    if (v->is_string()) return std::string(v->as_string());
    if (v->is_int64()) return std::to_string(v->as_int64());
    return boost::json::serialize(*v);
}

// The step's bound: its timeout_ms, else kStepTimeoutDefaultMs.
inline std::chrono::milliseconds bound_of(const Step& s) {
    const boost::json::value* v = s.args.if_contains("timeout_ms");
    return std::chrono::milliseconds(v && v->is_int64() ? v->as_int64() : kStepTimeoutDefaultMs);
}

// An argument passed on as it is (notes, act args), or `dflt` when the step has none.
inline boost::json::value json_arg(const boost::json::object& a, const char* key, boost::json::value dflt) {
    const boost::json::value* v = a.if_contains(key);
    return v ? *v : dflt;
}

}  // namespace atmbench::harness
