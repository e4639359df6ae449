// One simulated device as the bench composes it: its XFS4IoT service(s), the customer actions a scenario can take
// on it, its fault surface and its physical truth. The device set (device_set.hpp) builds every device from the
// fixtures, puts its services on the XFS4IoT server and routes control requests (customer actions, faults) to it.
// Everything here runs on the XFS4IoT server's one I/O thread: no locks.
#pragma once

#include "atmbench/devices/fault_plan.hpp"
#include "atmbench/xfs4iot/service.hpp"

#include <boost/json/object.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace atmbench::devices {

// A customer action or fault request that cannot be done: the message says what was expected
// ("cardReader.insertCard: unknown card 'x' (known: good-1, lost-1, …)").
class ActionError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

struct ActionInfo {
    std::string name;         // "insertCard"
    std::string description;  // "the customer inserts a card: {card: ID}"
};

class SimulatedDevice {
public:
    virtual ~SimulatedDevice() = default;

    // The device's name on the control endpoint: cardReader, cash, pinPad, printer, textTerminal, lights, sensors.
    virtual std::string id() const = 0;
    virtual std::vector<std::shared_ptr<xfs4iot::Service>> services() = 0;

    // A customer action, e.g. act("insertCard", {"card":"good-1"}), act("take", {}). Returns what happened
    // (JSON). Throws ActionError for an unknown action or bad arguments, or one the device state does not allow.
    virtual boost::json::value act(const std::string& action, const boost::json::object& args) = 0;
    virtual std::vector<ActionInfo> actions() const = 0;

    // Faults, spec as parse_fault_spec reads it. Throws ActionError for an unknown fault name (listing the known).
    virtual void inject_fault(const FaultSpec& spec) = 0;
    virtual void clear_faults() = 0;
    virtual std::vector<std::string> fault_names() const = 0;

    // Where every note and card really is, and what the device reports, for the harness's conservation rules.
    virtual boost::json::object physical_truth() const = 0;
};

// Reads {name, at?, occurrence?, persistent?, target?, count?, currency?, value?}; throws ActionError naming the
// field and what was expected.
FaultSpec parse_fault_spec(const boost::json::object& spec);

}  // namespace atmbench::devices
