// The CCNET bill validator as a device type (device_type.hpp): `config` is {bills, cassette_capacity}, as
// `atmbench ccnet-validator --bills --capacity`. Its face is CCNET on USB (served by `atmbench devices` over
// USB/IP or on a pty), not XFS4IoT: a kiosk whose application talks to the validator itself (seed 001).
#include "devices/device_type.hpp"

#include "devices/ccnet_validator/ccnet_validator_device.hpp"

namespace atmbench::devices {

namespace {

using common::YamlReader;

// The validator's own faults (ccnet/fault_plan.hpp): each fires at a fixed point of the note's path or the
// validator's rest, so none takes an `at`.
const FaultTable kValidator{
    {"validatorJam", {}, true},    {"stackerJam", {}, true},   {"cheated", {}, true},
    {"cassetteRemoved", {}, true}, {"cassetteFull", {}, true}, {"failure", {}, true},
    {"powerUpBill", {}, true},
};

ccnet::ValidatorSettings parse_validator(const YamlReader& r) {
    r.require_map("ccnetValidator config");
    r.allow_only({"bills", "cassette_capacity"});
    ccnet::ValidatorSettings s;
    if (r.has("bills")) {
        try {
            s.bill_table = ccnet::BillTable::parse(r.string("bills"));
        } catch (const std::invalid_argument& e) {
            r.fail(r["bills"], "bills", std::string(e.what()) + " (expected CURRENCY:VALUE,…, e.g. \"CNY:1,5,10,20,50,100\")");
        }
    }
    s.cassette_capacity = static_cast<std::size_t>(r.integer_or("cassette_capacity", 1000, 1, 100'000));
    return s;
}

}  // namespace

const DeviceType& ccnet_validator_device_type() {
    static const DeviceType type{
        "ccnetValidator",
        [](const YamlReader& r) -> std::any { return parse_validator(r); },
        [](const std::any& c, const DeviceContext& context) {
            return make_ccnet_validator_device(std::any_cast<const ccnet::ValidatorSettings&>(c), context);
        },
        kValidator,
    };
    return type;
}

}  // namespace atmbench::devices
