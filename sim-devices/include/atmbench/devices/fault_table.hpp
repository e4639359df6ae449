// Which faults each device type supports and at which points (`at`) each can fire: ONE table per device type,
// in the type's registration (src/devices/TYPE/TYPE_type.cpp), read by the models (fault_names()), by the device set's control endpoint (POST
// /devices/ID/faults refuses a fault that could never fire, HTTP 400) and by the scenario loader (the same check,
// with the scenario's file:line). A point is exactly the string a model passes to FaultPlan::fire (or to
// DeviceHealth::admit for the commands that let a hardwareError / state fault in) — a fault armed at any other
// point is never reached, the scenario runs without it and nothing would say so.
#pragma once

#include "atmbench/devices/fault_plan.hpp"
#include "atmbench/devices/simulated_device.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atmbench::devices {

struct FaultKind {
    std::string name;                 // "jam"
    std::vector<std::string> points;  // the `at` values it can fire at; no `at` = any of them
    // A state fault: without `at` it takes effect when armed (offline, cassetteMissing …). With `points` it may
    // instead wait for one of them (cash module, card reader); without, an `at` is refused (it would be ignored).
    bool at_once = false;
};

using FaultTable = std::vector<FaultKind>;

// The table of a device type by its name (cardReader, cash, pinPad, printer, textTerminal, lights, sensors);
// nullptr for an unknown type.
const FaultTable* fault_table(std::string_view type);
std::vector<std::string> fault_names(const FaultTable& table);

// The protocol layer's faults, the same on every device (xfs4iot::answer_fault_kinds(), xfs_server.hpp): the XFS4IoT
// framework spoils the acknowledge or completion of the command named in `at`, an XFS4IoT command name such as
// "CashDispenser.Dispense" (no `at` = any command); missingEvent's `at` is an event name, countsOff's only
// "Storage.GetStorage".
const std::vector<std::string>& answer_fault_names();

// Why a fault can never fire as specified: the field ("name", "at") and what was expected, with the values the
// device supports. Carried by the control endpoint's 400 answer and by the scenario loader's error.
struct FaultProblem {
    std::string field;
    std::string message;
    std::vector<std::string> expected;
};

// nullopt when `spec` names a fault of the table that can fire at `spec.at`. `commands` are the XFS4IoT commands
// the device's services answer and `events` the events they send (the points of the answer faults; missingEvent's
// are the events).
std::optional<FaultProblem> check_fault(std::string_view device, const FaultTable& table, const FaultSpec& spec,
                                        const std::vector<std::string>& commands,
                                        const std::vector<std::string>& events = {});

// An invalid fault request: ActionError (HTTP 400) that keeps the field and the supported values.
class FaultSpecError : public ActionError {
public:
    explicit FaultSpecError(FaultProblem p) : ActionError(p.message), problem(std::move(p)) {}
    FaultProblem problem;
};

}  // namespace atmbench::devices
