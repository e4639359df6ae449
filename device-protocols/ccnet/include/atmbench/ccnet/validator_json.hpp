// The simulated validator's physical truth as JSON: what `atmbench ccnet-validator`'s `truth` control line answers
// and what a device set's `ccnetValidator` shows under GET /truth — one view, so a bench reads both the same way.
#pragma once

#include "atmbench/ccnet/validator.hpp"

#include <boost/json/object.hpp>

namespace atmbench::ccnet {

// {inserted, rejected, returned, cheated, removed_by_operator, stacked{value: n}, cassette{value: n},
//  cassette_notes, cassette_capacity, note_at}
boost::json::object truth_json(const ValidatorTruth& truth);
// The state a POLL would report, by its name in harness-usb.md §3.2 ("IDLING", "ESCROW POSITION", …).
std::string state_text(const Validator& validator);

}  // namespace atmbench::ccnet
