// The fault tables (fault_table.hpp). Each point below is a string the model passes to FaultPlan::fire or to
// DeviceHealth::admit; the comments name where, so a new fire() call and its table entry change together.
#include "atmbench/devices/fault_table.hpp"

#include <algorithm>

namespace atmbench::devices {

namespace {

using Points = std::vector<std::string>;

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
}

// CashModule::admit (cash_dispense.cpp, cash_acceptor.cpp, cash_storage.cpp): the commands a hardwareError fires
// at and a state fault given an `at` waits for.
const Points kCashCommands{"denominate", "dispense",   "present",       "reject",       "retract",
                           "reset",      "openShutter", "closeShutter", "cashInStart",  "readyForInsert",
                           "cashIn",     "cashInEnd",  "cashInRollback", "setStorage", "startExchange",
                           "endExchange"};
// CashService::execute: hangs(command_point(name)) before every queued XFS4IoT command.
const Points kCashQueued{"denominate",  "dispense",    "present",     "reject",    "retract",   "reset",
                         "openShutter", "closeShutter", "cashInStart", "cashIn",    "cashInEnd", "cashInRollback",
                         "setStorage",  "startExchange", "endExchange"};

const FaultTable kCash{
    {"jam", {"dispense"}},                                                     // cash_dispense.cpp
    {"cassetteEmpty", {"dispense"}},                                           // cash_dispense.cpp (per unit)
    {"shutterOpenFail", {"present", "cashIn", "cashInRollback", "openShutter"}},  // shutter_opens(point)
    {"shutterCloseFail", {"take", "retract", "cashIn", "cashInEnd", "closeShutter"}},  // shutter_closes(point)
    {"presentFail", {"present"}},                                              // cash_dispense.cpp
    {"escrowJam", {"cashIn", "cashInEnd", "cashInRollback"}},                  // escrow_jam(point)
    {"cashInFail", {"cashIn", "cashInEnd"}},                                   // cash_acceptor.cpp
    {"storageFull", {"cashInEnd", "reject", "retract", "reset"}},              // cash_in_end, store_leftovers(point)
    {"countMismatch", {"dispense", "cashInEnd", "reject", "retract", "reset"}},  // claimed(point)
    {"hardwareError", kCashCommands},                                          // DeviceHealth::admit
    {"hang", kCashQueued},
    {"cassetteMissing", kCashCommands, true},
    {"cassetteRemoved", kCashCommands, true},
    {"cassetteInserted", kCashCommands, true},
    {"cassetteMismatch", kCashCommands, true},
    {"notesInTransport", kCashCommands, true},
    {"offline", kCashCommands, true},
};

// CardReader::admit (card_reader.cpp): ReadRawData, Move, Reset, ChipIO.
const Points kCardCommands{"readRawData", "move", "reset", "chipIO"};

const FaultTable kCardReader{
    {"cardJam", {"insert", "read", "eject", "transport", "retain", "reset"}},  // card_reader.cpp
    {"readFailure", {"read"}},
    {"cardPulled", {"chipWrite"}},
    {"hardwareError", kCardCommands},
    // CardReaderService: hangs(command_point(name)) before a queued command; "read" while a ReadRawData waits.
    {"hang", {"readRawData", "move", "reset", "chipIO", "read"}},
    {"retainFull", kCardCommands, true},
    {"cardLeftInReader", kCardCommands, true},
    {"gateAbnormal", kCardCommands, true},
    {"offline", kCardCommands, true},
};

// Models whose state faults take effect at once only (inject_fault ignores `at` for them).
const FaultTable kPinPad{
    {"hardwareError", {"pinEntry", "dataEntry", "getPinBlock", "generateAuthentication", "importKey", "deleteKey", "reset"}},
    {"hang", {"pinEntry", "dataEntry"}},                        // pin_pad.cpp: the entry ignores every key
    {"keyNotFound", {"getPinBlock", "generateAuthentication"}},  // find_key(name, point)
    {"offline", {}, true},
};
const FaultTable kPrinter{
    {"hardwareError", {"print", "controlMedia", "reset"}},
    {"offline", {}, true},
    {"paperJam", {"print", "controlMedia"}},  // jam_check(point)
    {"paperOut", {"print"}},
};
const FaultTable kTextTerminal{
    {"hang", {"read"}},
    {"hardwareError", {"write", "clearScreen", "read", "beep", "reset"}},
    {"offline", {}, true},
};
const FaultTable kLights{
    {"hardwareError", {"setLight"}},
    {"offline", {}, true},
};
const FaultTable kSensors{
    {"gateAbnormal", {}, true},
    {"offline", {}, true},
};

}  // namespace

const FaultTable* fault_table(std::string_view device) {
    if (device == "cash") return &kCash;
    if (device == "cardReader") return &kCardReader;
    if (device == "pinPad") return &kPinPad;
    if (device == "printer") return &kPrinter;
    if (device == "textTerminal") return &kTextTerminal;
    if (device == "lights") return &kLights;
    if (device == "sensors") return &kSensors;
    return nullptr;
}

std::vector<std::string> fault_names(const FaultTable& table) {
    std::vector<std::string> names;
    for (const auto& f : table) names.push_back(f.name);
    return names;
}

const std::vector<std::string>& answer_fault_names() {
    static const std::vector<std::string> names{"invalidJson", "missingFields", "unknownCompletionCode", "wrongRequestId"};
    return names;
}

std::optional<FaultProblem> check_fault(std::string_view device, const FaultTable& table, const FaultSpec& spec,
                                        const std::vector<std::string>& commands) {
    const std::string dev(device);
    const auto& answers = answer_fault_names();
    if (std::find(answers.begin(), answers.end(), spec.name) != answers.end()) {
        if (spec.at.empty() || std::find(commands.begin(), commands.end(), spec.at) != commands.end()) return std::nullopt;
        return FaultProblem{"at", "fault " + spec.name + " on " + dev + ": at: \"" + spec.at +
                                      "\" is no XFS4IoT command of the device (expected one of: " + joined(commands) + ")",
                            commands};
    }
    auto kind = std::find_if(table.begin(), table.end(), [&](const FaultKind& k) { return k.name == spec.name; });
    if (kind == table.end()) {
        std::vector<std::string> names = fault_names(table);
        names.insert(names.end(), answers.begin(), answers.end());
        return FaultProblem{"name", "fault on " + dev + ": name: unknown fault \"" + spec.name +
                                        "\" (expected one of: " + joined(names) + ")",
                            names};
    }
    if (spec.at.empty() || std::find(kind->points.begin(), kind->points.end(), spec.at) != kind->points.end())
        return std::nullopt;
    if (kind->points.empty())
        return FaultProblem{"at", "fault " + spec.name + " on " + dev + ": at: \"" + spec.at +
                                      "\" — this state fault takes effect when armed and waits for no point (omit at)",
                            {}};
    return FaultProblem{"at", "fault " + spec.name + " on " + dev + ": at: the device never reaches \"" + spec.at +
                                  "\" for " + spec.name + ", so it would never fire (expected one of: " +
                                  joined(kind->points) + ")",
                        kind->points};
}

}  // namespace atmbench::devices
