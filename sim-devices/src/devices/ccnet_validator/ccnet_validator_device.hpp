// The CashCode bill validator of a kiosk whose own application drives it in CCNET (harness-usb.md §3.2), as the
// bench composes it (simulated_device.hpp): the simulated ccnet::Validator behind a USB face (usb_wire_face.hpp),
// no XFS4IoT service. Actions: insertNote {note}, clearFault, emptyCassette, powerCycle. Faults: the validator's
// own (ccnet/fault_plan.hpp). Truth: where every note went (ccnet/validator_json.hpp) and the state a POLL reports.
#pragma once

#include "atmbench/ccnet/validator.hpp"
#include "devices/device_type.hpp"

#include <memory>

namespace atmbench::devices {

std::unique_ptr<SimulatedDevice> make_ccnet_validator_device(const ccnet::ValidatorSettings& settings,
                                                             const DeviceContext& context);

}  // namespace atmbench::devices
