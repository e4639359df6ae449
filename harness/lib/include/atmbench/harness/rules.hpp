// The rules engine: the catalogue of docs/conformance.md sections A–H, each rule with its id, clause, one-line
// description and an evaluation over the recorded facts of a scenario. Section A runs on every scenario; the
// others run where a scenario lists them or where their situation arises. A rule that needs what the profile
// does not declare (a journal, screen ids) is "not observable", never PASS.
#pragma once

#include "atmbench/harness/facts.hpp"
#include "atmbench/harness/verdict.hpp"

#include <functional>
#include <string>
#include <vector>

namespace atmbench::harness {

struct RuleInfo {
    std::string id;
    std::string section;  // A … H
    std::string clause;
    std::string title;
    bool always_on = false;
    std::function<Verdict(const Facts&)> evaluate;
};

const std::vector<RuleInfo>& rule_catalogue();
const RuleInfo* find_rule(const std::string& id);

// Evaluates the always-on rules, every rule the scenario lists, and every other rule whose situation arose (its
// verdict is not NotApplicable); plus the scenario's own expectations.
std::vector<Verdict> evaluate(const Scenario& scenario, const Facts& facts);

}  // namespace atmbench::harness
