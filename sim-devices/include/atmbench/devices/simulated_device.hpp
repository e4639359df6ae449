// One simulated device as the bench composes it: its wire faces (its XFS4IoT service), the customer actions a scenario can take
// on it, its fault surface and its physical truth. The device set (device_set.hpp) builds every device from the
// fixtures, puts its services on the XFS4IoT server and routes control requests (customer actions, faults) to it.
// Everything here runs on the XFS4IoT server's one I/O thread: no locks.
#pragma once

#include "atmbench/devices/fault_plan.hpp"
#include "atmbench/devices/wire_face.hpp"
#include "atmbench/xfs4iot/service.hpp"

#include <boost/json/object.hpp>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace atmbench::devices {

// A customer action or fault request that cannot be done: the message says what was expected
// ("cardReader.insertCard: unknown card 'x' (known: good-1, lost-1, …)").
class ActionError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// The JSON type an action argument must have; act() checks it before the handler runs.
enum class ArgType { text, integer, number, boolean, list, object };
std::string_view to_string(ArgType type);

struct ActionArg {
    std::string name;      // "card"
    ArgType type;
    bool required = false;
    std::string doc = {};  // what it holds: "an id of the card catalogue"
};

// One customer or operator action on a device: what a scenario step or POST /devices/ID/actions/NAME does.
struct Action {
    std::string name;  // "insertCard"
    std::vector<ActionArg> args;
    std::string doc;   // "the customer inserts a card"
    // Runs with arguments whose declared ones have their types; returns what happened, throws ActionError for
    // what the device state does not allow.
    std::function<boost::json::value(const boost::json::object& args)> handler;
};

struct ActionInfo {
    std::string name;         // "insertCard"
    std::string description;  // "the customer inserts a card: {card: text (an id of the card catalogue)}"
};

class SimulatedDevice {
public:
    virtual ~SimulatedDevice() = default;

    // The device's name on the control endpoint: cardReader, cash, pinPad, printer, textTerminal, lights, sensors.
    virtual std::string id() const = 0;
    // How applications reach the device (wire_face.hpp): its XFS4IoT service today, a serial or USB face beside it.
    virtual std::vector<std::shared_ptr<WireFace>> wire_faces() = 0;
    // The faces that are XFS4IoT services, for the XFS4IoT server.
    std::vector<std::shared_ptr<xfs4iot::Service>> services();

    // A customer action, e.g. act("insertCard", {"card":"good-1"}), act("takeCard", {}): the entry of the device's
    // action table, its declared arguments checked, then its handler. Returns what happened (JSON). Throws
    // ActionError for an unknown action, an argument of the wrong type, or one the device state does not allow.
    boost::json::value act(const std::string& action, const boost::json::object& args);
    // The action table as names and one-line descriptions (GET /health, the scenario loader).
    std::vector<ActionInfo> actions() const;

    // Faults, spec as parse_fault_spec reads it. Throws ActionError for an unknown fault name (listing the known).
    virtual void inject_fault(const FaultSpec& spec) = 0;
    virtual void clear_faults() = 0;
    virtual std::vector<std::string> fault_names() const = 0;

    // Where every note and card really is, and what the device reports, for the harness's conservation rules.
    virtual boost::json::object physical_truth() const = 0;

protected:
    // The device's one table of actions {name, arguments with types, doc, handler}; set once, by the constructor.
    void define_actions(std::vector<Action> table) { actions_ = std::move(table); }

private:
    std::vector<Action> actions_;
};

// Reads {name, at?, occurrence?, persistent?, target?, count?, currency?, value?}; throws ActionError naming the
// field and what was expected.
FaultSpec parse_fault_spec(const boost::json::object& spec);

}  // namespace atmbench::devices
