// The step vocabulary (steps.hpp): one entry per step, with its arguments, documentation and handler. The loader,
// `atmbench validate`, `atmbench schema`, `atmbench steps` and the Python module all read this table.
#include "atmbench/harness/steps.hpp"

#include "scenario_run.hpp"

#include <algorithm>

namespace atmbench::harness {

const ArgTypeInfo& arg_type_info(ArgType type) {
    static const ArgTypeInfo kTypes[] = {
        {ArgType::Text, "text", "a single value", "str"},
        {ArgType::Digits, "digits", "digits, quoted or not", "str | int"},
        {ArgType::Amount, "amount", "a whole amount in major units, 1 … 999999999, quoted or not", "int | str", 1, 999999999},
        {ArgType::Count, "count", "a whole number, 0 … 1000000", "int", 0, 1000000},
        {ArgType::Bool, "bool", "true or false", "bool"},
        {ArgType::Map, "mapping", "a mapping", "dict"},
        {ArgType::Notes, "notes", "a non-empty list of notes {value, currency?, class?, serial?}", "list[dict]"},
        {ArgType::Keys, "keys", "a non-empty list of PIN pad keys", "list[str | int]"},
        {ArgType::Card, "card", "a card id of fixtures/cards/test-cards.yaml", "str"},
        {ArgType::Mti, "MTI", "a 4-digit MTI, quoted", "str"},
        {ArgType::Ms, "ms", "milliseconds, 0 … 600000", "int", 0, kStepTimeoutMaxMs},
        {ArgType::Xfs, "XFS4IoT message", "{command: NAME, completion?: true} (the command, or its completion) or {event: NAME}", "dict"},
        {ArgType::Moment, "moment", "one of {host: MTI or {mti?, direction?: in|out|event, event?: reset}}, {xfs: {command: NAME, completion?: true} or {event: NAME}}, {event: NAME}", "dict"},
    };
    for (const auto& t : kTypes)
        if (t.type == type) return t;
    return kTypes[0];
}

const std::vector<StepSpec>& step_specs() {
    using T = ArgType;
    using R = ScenarioRun;
    using P = ProfileList;
    const ArgSpec card{"card", T::Card, false, "the card the customer inserts (default zhang-mag)"};
    const ArgSpec pin{"pin", T::Digits, false, "the PIN the customer types (default 123456)"};
    const ArgSpec notes{"notes", T::Notes, true, "the notes at the acceptor's input, one list item per note"};
    static const std::vector<StepSpec> specs{
        {"insert_card", "Waits for the idle screen, then the customer inserts a card.", {card}, &R::insert_card, "card"},
        {"enter_pin", "Waits for the PIN screen, then types the PIN and the profile's `pin_then` key (again until the PIN pad takes the keys).",
         {pin}, &R::enter_pin, "pin"},
        {"choose", "Waits for the menu, then presses the profile's key (`customer.menu`) for the function.",
         {{"function", T::Text, true, "the transaction", {"inquiry", "withdrawal", "deposit", "transfer"}, "", P::Menu}}, &R::choose, "function"},
        {"amount", "Waits for the amount screen, then presses the profile's fast-cash key for the amount if it has one, else the digits and `digits_then`.",
         {{"value", T::Amount, true, "the amount in major units"}}, &R::amount, "value"},
        {"withdraw", "The whole way to a withdrawal: insert_card, enter_pin, choose withdrawal, amount.",
         {{"amount", T::Amount, true, "the amount in major units"}, card, pin}, &R::withdraw, "amount", true, {}, FreeArgs::None, "withdrawal"},
        {"deposit", "The whole way to a deposit: insert_card, enter_pin, choose deposit, insert_notes.", {notes, card, pin}, &R::deposit, "", true, {}, FreeArgs::None, "deposit"},
        {"insert_notes", "Waits for the insert-notes screen and the acceptor to open (a CashAcceptor.CashIn under way), then the customer puts notes at its input.", {notes}, &R::insert_notes},
        {"confirm_deposit", "Waits for the confirm screen, then presses the profile's confirm key.", {}, &R::confirm_deposit},
        {"cancel", "Presses the profile's cancel key.", {}, &R::cancel},
        {"press", "Presses raw PIN pad keys (again until the PIN pad takes them).",
         {{"keys", T::Keys, true, "the keys, e.g. [\"1\", \"enter\"]"}}, &R::press},
        {"take_cash", "The customer takes the presented notes (tried until notes are presented).",
         {{"count", T::Count, false, "take only this many notes"}}, &R::take_cash},
        {"take_card", "The customer takes the card (tried until it is at the exit).", {}, &R::take_card},
        {"take_receipt", "The customer takes the receipt (tried until one is presented).", {}, &R::take_receipt},
        {"take_refused", "The customer takes refused or returned notes (tried until some are presented).", {}, &R::take_refused},
        {"act", "Any customer action of the devices' control API (`atmbench devices` lists them in /health).",
         {{"device", T::Text, true, "a device id of the scenario's device set"},
          {"action", T::Text, true, "one of that device's actions"},
          {"args", T::Map, false, "the action's arguments"}},
         &R::act},
        {"fault", "Arms a device fault now (names and points in the device's fault table; `atmbench devices` lists them as faults and fault_points).",
         {}, &R::fault, "", false, {}, FreeArgs::Fault},
        {"host_rule", "Adds a host response rule (fixtures/host-rules/README.md).", {}, &R::host_rule, "", false, {}, FreeArgs::HostRule},
        {"clear_host_rules", "Removes every host response rule.", {}, &R::clear_host_rules, "", false},
        {"stop_host", "The host goes away: listener and connections closed, its ledger recorded.", {}, &R::stop_host, "", false},
        {"restart_host", "The host comes back on the same address (fresh connections; its rules as at the start); the terminal must reconnect by itself.",
         {}, &R::restart_host, "", false},
        {"wait", "Until the trace shows what it names; a bench ERROR if it never does. Host messages count from the start of the scenario, XFS4IoT messages from this step on.",
         {{"screen", T::Text, false, "a screen meaning or id of the terminal profile", {}, "", P::Screens},
          {"idle", T::Bool, false, "the idle screen", {"true"}},
          {"journal", T::Text, false, "a journal record type"},
          {"match", T::Map, false, "fields the journal record must have", {}, "journal"},
          {"host", T::Mti, false, "the host received this MTI"},
          {"event", T::Text, false, "any XFS4IoT message of this name"},
          {"xfs", T::Xfs, false, "an XFS4IoT command, its completion, or an event"},
          {"mode", T::Text, false, "the terminal reported this mode"}},
         &R::wait, "", true, {"screen", "idle", "journal", "host", "event", "xfs", "mode"}},
        {"sleep_ms", "The customer does nothing for this long.", {{"value", T::Ms, true, "how long"}}, &R::sleep_ms, "value", false},
        {"admin", "A monitoring command to the terminal's admin port; the answer is recorded (OPS-NO-ADMIN-IN-TXN judges a refusal).",
         {{"command", T::Text, true, "one of the terminal profile's admin.commands (reference: shutdown, restart, pause, resume, settle)", {}, "",
           P::AdminCommands}},
         &R::admin, "command", false},
        {"restart_terminal", "Stops the terminal process and starts it again with the same state folder.", {}, &R::restart_terminal, "", false},
        {"power_cut", "SIGKILL to the terminal's process group the moment the bench records `when` (before the host answers it / the device writes it), then the terminal starts again on the same state folder.",
         {{"when", T::Moment, true, "the moment the terminal loses power"}}, &R::power_cut},
    };
    return specs;
}

const StepSpec* find_step_spec(const std::string& name) {
    for (const auto& s : step_specs())
        if (s.name == name) return &s;
    return nullptr;
}

std::vector<std::string> step_names() {
    std::vector<std::string> names;
    for (const auto& s : step_specs()) names.push_back(s.name);
    return names;
}

std::string step_signature(const StepSpec& spec) {
    switch (spec.free_args) {
        case FreeArgs::Fault: return "{device, name, at?, occurrence?, persistent?, target?, count?, currency?, value?}";
        case FreeArgs::HostRule: return "{when?, code?, action?, delay_ms?, …}";
        case FreeArgs::None: break;
    }
    // The alternatives first ("screen | idle | …"), then the other arguments, `?` on those that may be left out.
    std::string s;
    for (const auto& w : spec.one_of) s += (s.empty() ? "" : " | ") + w;
    for (const auto& a : spec.args)
        if (std::find(spec.one_of.begin(), spec.one_of.end(), a.name) == spec.one_of.end())
            s += (s.empty() ? "" : ", ") + a.name + (a.required ? "" : "?");
    return "{" + s + "}";
}

const std::vector<std::pair<std::string, std::string>>& step_kinds() {
    static const std::vector<std::pair<std::string, std::string>> kinds = [] {
        std::vector<std::pair<std::string, std::string>> k;
        for (const auto& s : step_specs()) k.emplace_back(s.name, step_signature(s) + ": " + s.doc);
        return k;
    }();
    return kinds;
}

}  // namespace atmbench::harness
