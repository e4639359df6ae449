// Judges a told story with the real rules engine: the shipped reference terminal profile (screen ids, timeouts,
// journal) + build_facts + the catalogue's rule, exactly as the runner does after a scenario.
#pragma once

#include "atm_story.hpp"

#include "atmbench/harness/facts.hpp"
#include "atmbench/harness/rules.hpp"
#include "atmbench/harness/terminal_profile.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <ostream>

namespace atmbench::harness {
// Readable outcomes in assertion messages.
inline void PrintTo(Outcome o, std::ostream* os) { *os << to_string(o); }
}  // namespace atmbench::harness

namespace atmbench::harness::test {

inline const TerminalProfile& reference_profile() {
    static const TerminalProfile p = TerminalProfile::load(std::filesystem::path(ATMBENCH_FIXTURES_DIR) / "terminals" / "reference.yaml");
    return p;
}

// The waits the run gave the terminal (what the runner records from the rendered configuration): the reference
// configuration with the overrides the shipped TMO scenarios use (key, deposit_insert, screen at 1000 ms).
inline json::object configured_waits() {
    return {{"card_read", 5000}, {"key", 1000},   {"pin", 4000},       {"host", 1500},      {"deposit_insert", 1000},
            {"refused_take", 1500}, {"cash_take", 1000}, {"card_take", 2000}, {"heartbeat", 1000}, {"screen", 1000}};
}

struct RulesTest : ::testing::Test {
    Scenario scenario;
    Atm atm;
    TraceBuilder& trace = atm.trace;

    RulesTest() { configure(configured_waits()); }
    // Records the run's configured waits, as the runner does before the terminal starts (a later call replaces them).
    void configure(json::object waits) {
        trace.add("bench", "config", "timeouts", json::object{{"timeouts_ms", std::move(waits)}, {"from", "timeouts_ms"}});
    }

    // The rule's own verdict on the story so far.
    Verdict judge(const std::string& id) {
        const RuleInfo* rule = find_rule(id);
        if (!rule) {
            ADD_FAILURE() << "no rule " << id << " in the catalogue";
            return {};
        }
        Facts facts = build_facts(scenario, reference_profile(), trace.events());
        return rule->evaluate(facts);
    }
    // The verdict as a scenario listing the rule reports it: through evaluate(), with the catalogue's clause.
    Verdict judge_listed(const std::string& id) {
        scenario.rules = {id};
        Facts facts = build_facts(scenario, reference_profile(), trace.events());
        auto all = evaluate(scenario, facts);
        auto it = std::find_if(all.begin(), all.end(), [&](const Verdict& v) { return v.rule == id; });
        if (it == all.end()) {
            ADD_FAILURE() << id << " is missing from evaluate()";
            return {};
        }
        return *it;
    }

    // A wait's bound as the timeout rules compute it: the configured wait + 10 % + 300 ms.
    static std::int64_t configured_ms(const std::string& name) { return configured_waits().at(name).as_int64(); }
    static std::int64_t bound_ms(const std::string& name) { return configured_ms(name) + configured_ms(name) / 10 + 300; }
};

using Evidence = std::vector<std::size_t>;

// Fail with exactly this evidence, the message naming what the verdict rests on.
#define EXPECT_FAILS_WITH(VERDICT, EVIDENCE, WORDS)                                     \
    do {                                                                                \
        const ::atmbench::harness::Verdict& v_ = (VERDICT);                            \
        EXPECT_EQ(v_.outcome, ::atmbench::harness::Outcome::Fail) << v_.message;        \
        EXPECT_EQ(v_.evidence, (EVIDENCE)) << v_.message;                               \
        EXPECT_NE(v_.message.find(WORDS), std::string::npos) << v_.message;             \
    } while (0)

#define EXPECT_PASSES(VERDICT)                                                          \
    do {                                                                                \
        const ::atmbench::harness::Verdict& v_ = (VERDICT);                            \
        EXPECT_EQ(v_.outcome, ::atmbench::harness::Outcome::Pass) << v_.message;        \
    } while (0)

// Pass, resting on exactly this evidence.
#define EXPECT_PASSES_AT(VERDICT, EVIDENCE)                                             \
    do {                                                                                \
        const ::atmbench::harness::Verdict& v_ = (VERDICT);                            \
        EXPECT_EQ(v_.outcome, ::atmbench::harness::Outcome::Pass) << v_.message;        \
        EXPECT_EQ(v_.evidence, (EVIDENCE)) << v_.message;                               \
    } while (0)

}  // namespace atmbench::harness::test
