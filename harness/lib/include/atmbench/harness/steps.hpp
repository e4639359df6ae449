// The scenario step vocabulary as one table: every step the runner knows, with its arguments (name, type,
// required, documentation, allowed values), its documentation and the ScenarioRun member that carries it out.
// Everything else that lists steps is generated from it: the loader's and `atmbench validate`'s checks
// (scenario_validation.cpp), the JSON Schema (`atmbench schema` → scenarios/scenario.schema.json), the step
// reference (`atmbench steps` → docs/steps.md) and the Python step methods (`_core.step_table()`).
// Adding a step is one entry in step_table.cpp and its handler.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace atmbench::harness {

struct Step;
class ScenarioRun;

// Bounds of a step's wait, documented in scenarios/README.md: 1 ms … 10 minutes (beyond it the number is a typo,
// or 1e30, not a wait anyone means); 8 s when the step gives none.
inline constexpr std::int64_t kStepTimeoutMaxMs = 600000;
inline constexpr std::int64_t kStepTimeoutDefaultMs = 8000;

// What a step argument must be. Each type's range, JSON Schema and Python hint are in arg_type_info().
enum class ArgType {
    Text,      // a single value (ArgSpec::allowed narrows it to some words)
    Digits,    // digits, quoted or not (a PIN)
    Amount,    // a positive whole number of major units, quoted or not ("300" and 300 are the same amount)
    Count,     // a whole number >= 0
    Bool,      // true | false (ArgSpec::allowed {"true"}: only true means something)
    Map,       // a mapping passed on as it is (act args, wait match)
    Notes,     // [{value, currency?, class?, serial?}, …] (cash.insertNotes)
    Keys,      // [key, …] PIN pad keys
    Card,      // a card id of the card catalogue (fixtures/cards)
    Mti,       // a 4-digit MTI, quoted
    Ms,        // milliseconds, 0 … kStepTimeoutMaxMs
    Xfs,       // an XFS4IoT message: {command: NAME, completion?: true} or {event: NAME}
    Moment,    // power_cut's when: one of {host: …}, {xfs: …}, {event: NAME} (trace_match.hpp)
};

struct ArgTypeInfo {
    ArgType type;
    const char* name;         // in docs and errors: "amount", "digits", …
    const char* doc;          // what a value looks like
    const char* python;       // the type hint of the generated Python method
    std::int64_t min = 0, max = 0;  // whole-number types: the range (min == max == 0: no range)
};
const ArgTypeInfo& arg_type_info(ArgType type);

// The terminal profile's list an argument's value must be in (check_against_profile, scenario.hpp).
enum class ProfileList { None, Menu, Screens, AdminCommands };

struct ArgSpec {
    std::string name;
    ArgType type;
    bool required = false;
    std::string doc = {};
    std::vector<std::string> allowed = {};  // the only values it takes (a word list for Text, {"true"} for Bool)
    std::string only_with = {};             // another argument it means something only beside (wait's match: journal)
    ProfileList in_profile = ProfileList::None;  // a name the terminal profile must list
};

using StepHandler = void (ScenarioRun::*)(const Step&);

// The argument sets the step's own parser checks (a fault spec, a host response rule): their schema is a
// definition of the scenario schema, their checks the device fault tables and the host's rule parser.
enum class FreeArgs { None, Fault, HostRule };

struct StepSpec {
    std::string name;
    std::string doc;             // one or two sentences: what the step does and what it waits for
    std::vector<ArgSpec> args;   // besides `optional`, which every step takes, and `timeout_ms` (bounded steps)
    StepHandler handler;
    std::string value_as = {};   // the argument a single value stands for ("insert_card: zhang-mag"); "" = none
    bool bounded = true;         // waits for something, so takes `timeout_ms` (its bound, default 8000)
    std::vector<std::string> one_of = {};  // exactly one of these arguments must be given (wait)
    FreeArgs free_args = FreeArgs::None;
    std::string menu_function = {};  // a function the profile's customer.menu must have (withdraw, deposit)
};

const std::vector<StepSpec>& step_specs();  // step_table.cpp
const StepSpec* find_step_spec(const std::string& name);
std::vector<std::string> step_names();
// "{amount, card?, pin?}": the argument list as the docs and errors write it.
std::string step_signature(const StepSpec& spec);

// The step kinds with their signature and documentation (derived from step_specs()).
const std::vector<std::pair<std::string, std::string>>& step_kinds();

// The generated artefacts (step_docs.cpp, scenario_schema.cpp).
boost::json::object scenario_schema();  // scenarios/scenario.schema.json
std::string scenario_schema_text();      // the same, pretty-printed as the committed file
std::string step_reference_markdown();   // docs/steps.md
boost::json::array step_table_json();    // the table for the Python module: name, doc, args, value_as, bounded

}  // namespace atmbench::harness
