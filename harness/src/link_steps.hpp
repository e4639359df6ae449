// The vocabulary of `atmbench link` scripts as one table: each action with its documentation and the function that
// sends its request (fixtures/link-scripts/README.md). cmd_link.cpp reads the script and dispatches through it.
#pragma once

#include "atmbench/host/terminal_link.hpp"
#include "atmbench/host/yaml_source.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::cli {

// What one action of a script works with: the link, what the earlier steps sent, this step's arguments.
struct LinkStepContext {
    host::TerminalLink& link;
    const std::string& address;                  // for reconnect
    std::map<int, iso8583::Message>& sent;       // step number → financial request, for reversals
    int number;                                  // this step's number, 1-based
    std::chrono::milliseconds timeout;           // this step's reply wait
    const host::YamlReader& step;                // the whole step (wait_ms reads its value here)
    const host::YamlReader& args;                // the action's value
    iso8583::Message request = {};               // what the action sent, if anything
};

struct LinkAction {
    std::string name;
    std::string doc;
    // Sends the request (into ctx.request) and returns the exchange, or nullopt for an action without one.
    std::optional<host::LinkResult> (*run)(LinkStepContext& ctx);
};

const std::vector<LinkAction>& link_actions();
const LinkAction* find_link_action(const std::string& name);

}  // namespace atmbench::cli
