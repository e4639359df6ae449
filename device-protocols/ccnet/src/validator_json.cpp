#include "atmbench/ccnet/validator_json.hpp"

namespace atmbench::ccnet {

namespace {

boost::json::object counts(const std::map<std::uint32_t, int>& by_value) {
    boost::json::object o;
    for (const auto& [value, n] : by_value) o[std::to_string(value)] = n;
    return o;
}

}  // namespace

boost::json::object truth_json(const ValidatorTruth& t) {
    return {{"inserted", t.inserted},
            {"rejected", t.rejected},
            {"returned", t.returned},
            {"cheated", t.cheated},
            {"removed_by_operator", t.removed_by_operator},
            {"stacked", counts(t.stacked)},
            {"cassette", counts(t.cassette)},
            {"cassette_notes", t.cassette_notes},
            {"cassette_capacity", t.cassette_capacity},
            {"note_at", t.note_at}};
}

std::string state_text(const Validator& v) { return state_name(static_cast<std::uint8_t>(v.state())); }

}  // namespace atmbench::ccnet
