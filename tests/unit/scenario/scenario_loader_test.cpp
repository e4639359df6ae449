// The scenario loader refuses, before anything runs, a file that would run other than it says (issue 11, false
// verdicts): every error names FILE:LINE, the field and what was expected.
#include "atmbench/harness/scenario.hpp"
#include "atmbench/harness/steps.hpp"
#include "atmbench/harness/terminal_profile.hpp"
#include "atmbench/host/yaml_source.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

namespace {

using atmbench::harness::check_against_profile;
using atmbench::harness::load_scenario_text;
using atmbench::harness::load_scenarios;
using atmbench::harness::TerminalProfile;

const std::string kFile = "/tmp/atmbench-loader-test/bad.yaml";

// The loader's error for `text`, or "" when it loads.
std::string error_of(const std::string& text) {
    try {
        load_scenario_text(text, kFile);
    } catch (const atmbench::host::FixtureError& e) {
        return e.what();
    }
    return "";
}

// `extra` starts on line 2; the steps start on line 3 after it.
std::string scenario(const std::string& steps, const std::string& extra = "") {
    return "title: t\n" + extra + "steps:\n" + steps;
}

#define EXPECT_ERROR(text, where, field, what)                                                 \
    do {                                                                                       \
        std::string e = error_of(text);                                                        \
        EXPECT_NE(e.find(kFile + ":" + std::to_string(where) + ": " + (field)), std::string::npos) << e; \
        EXPECT_NE(e.find(what), std::string::npos) << e;                                       \
    } while (0)

TEST(ScenarioLoader, AcceptsAWellFormedScenario) {
    EXPECT_EQ(error_of(scenario("  - withdraw: {amount: 300, card: zhang-mag, pin: \"123456\"}\n"
                                "  - take_cash: {count: 2, optional: true, timeout_ms: 2000}\n"
                                "  - wait: {idle: true}\n",
                                "faults:\n  - {device: cash, name: jam, at: dispense, count: 1}\n")),
              "");
}

// Bullet 1: unknown keys anywhere are errors, with the nearest known key.
TEST(ScenarioLoader, UnknownKeysAnywhereAreErrorsWithTheNearestKnownKey) {
    EXPECT_ERROR(scenario("  - take_receipt: {optional: true, timeout: 2000}\n"), 3, "timeout", "did you mean 'timeout_ms'?");
    EXPECT_ERROR(scenario("  - take_card\n", "titel: x\n"), 2, "titel", "unknown key in a scenario");
    EXPECT_ERROR(scenario("  - take_card\n", "faults:\n  - {device: cash, name: jam, att: dispense}\n"), 3, "att",
                 "did you mean 'at'?");
    EXPECT_ERROR(scenario("  - take_card\n", "host:\n  rules:\n    - {when: {mit: \"0200\"}, action: no_reply}\n"), 4, "mit",
                 "unknown key");
    EXPECT_ERROR(scenario("  - take_card\nexpect:\n  - host: {mti: \"0400\", cuont: 1}\n"), 5, "cuont",
                 "did you mean 'count'?");
    EXPECT_ERROR(scenario("  - take_card\n", "terminal:\n  expect_in_servce: false\n"), 3, "expect_in_servce",
                 "did you mean 'expect_in_service'?");
    EXPECT_ERROR(scenario("  - withdraw: {amount: 300}\n  - tkae_card\n"), 4, "tkae_card", "did you mean 'take_card'?");
    // A misspelt placeholder would stay in the text as it is.
    EXPECT_ERROR("title: t\nparameters:\n  field: [stan, pan]\nhost:\n  rules:\n    - {mutate: \"{feild}\"}\nsteps:\n  - take_card\n",
                 6, "{feild}", "did you mean 'field'?");
    // A note in a list is one note: a count there would be ignored.
    EXPECT_ERROR(scenario("  - deposit: {notes: [{value: 100, count: 5}]}\n"), 3, "count", "unknown key in a note");
}

// Found reading the loader for its fuzz target (regression input: tests/fuzz/corpus/scenario_loader/
// regress-parameter-explosion): instances multiply, so a few
// parameters made millions of scenarios and the loader ran out of memory and time before any error.
TEST(ScenarioLoader, ParametersMakeAtMostAThousandInstances) {
    std::string params = "parameters:\n";
    for (int i = 0; i < 11; ++i) params += "  p" + std::to_string(i) + ": [a, b]\n";  // 2^11 = 2048 instances
    EXPECT_ERROR(scenario("  - take_card\n", params), 12, "p9", "at most 1000 instances");  // 512 x 2
    params = "parameters:\n";
    for (int i = 0; i < 9; ++i) params += "  p" + std::to_string(i) + ": [a, b]\n";  // 512 load
    EXPECT_EQ(load_scenario_text(scenario("  - take_card\n", params), kFile).size(), 512u);
}

// Bullet 2: wrong types.
TEST(ScenarioLoader, WrongTypesAreErrors) {
    EXPECT_ERROR(scenario("  - take_receipt: {optional: \"maybe\"}\n"), 3, "optional", "expected true or false");
    EXPECT_ERROR(scenario("  - take_receipt: {optional: maybe}\n"), 3, "optional", "expected true or false");
    EXPECT_ERROR(scenario("  - take_cash: {count: \"2\"}\n"), 3, "count", "expected a whole number, found the string");
    EXPECT_ERROR(scenario("  - withdraw: {amount: 3x0}\n"), 3, "amount", "expected a whole amount");
    EXPECT_ERROR(scenario("  - take_cash: 2\n"), 3, "take_cash", "takes no single value");
    EXPECT_ERROR(scenario("  - press: {keys: F1}\n"), 3, "keys", "expected a non-empty list");
    EXPECT_ERROR(scenario("  - wait: {screen: pin, idle: true}\n"), 3, "idle", "a wait waits for one thing");
    EXPECT_ERROR(scenario("  - take_card\n", "terminal:\n  expect_in_service: \"no\"\n"), 3, "expect_in_service",
                 "expected true or false");
}

// Bullet 3: timeout_ms, step and scenario.
TEST(ScenarioLoader, TimeoutsOutOfRangeOrNotWholeNumbersAreErrors) {
    for (const char* bad : {"-5", "0", "1.5", "1e30", "99999999999999999999", "\"5000\"", "600001"}) {
        SCOPED_TRACE(bad);
        EXPECT_ERROR(scenario(std::string("  - take_card: {timeout_ms: ") + bad + "}\n"), 3, "timeout_ms",
                     "expected a whole number");
    }
    EXPECT_ERROR(scenario("  - take_card\n", "timeout_ms: 99999999999999999999\n"), 2, "timeout_ms", "from 1000 to 3600000");
    EXPECT_ERROR(scenario("  - take_card\n", "timeout_ms: 0\n"), 2, "timeout_ms", "from 1000 to 3600000");
    // A step that waits for nothing has no bound to give.
    EXPECT_ERROR(scenario("  - stop_host: {timeout_ms: 1000}\n"), 3, "timeout_ms", "unknown key in stop_host");
}

// Bullet 4: cards, devices, fault names and fault points against the scenario's device set.
TEST(ScenarioLoader, UnknownCardsDevicesFaultsAndUnreachableFaultPointsAreErrors) {
    EXPECT_ERROR(scenario("  - insert_card: {card: zhang-mgn}\n"), 3, "card", "did you mean 'zhang-mag'?");
    EXPECT_ERROR(scenario("  - insert_card: nobody\n"), 3, "card", "no card \"nobody\"");
    EXPECT_ERROR(scenario("  - take_card\n", "faults:\n  - {device: dispenser, name: jam}\n"), 3, "device",
                 "no device \"dispenser\"");
    EXPECT_ERROR(scenario("  - act: {device: cash, action: takeCsh}\n"), 3, "action", "did you mean 'takeCash'?");
    EXPECT_ERROR(scenario("  - take_card\n", "faults:\n  - {device: cash, name: jamm}\n"), 3, "name", "unknown fault \"jamm\"");
    // The jam fires when notes are picked (dispense): armed at cashIn it would never fire and nothing would say so.
    EXPECT_ERROR(scenario("  - take_card\n", "faults:\n  - {device: cash, name: jam, at: cashIn}\n"), 3, "at",
                 "never reaches \"cashIn\"");
    EXPECT_ERROR(scenario("  - fault: {device: cardReader, name: readFailure, at: eject}\n"), 3, "at", "expected one of: read");
    EXPECT_ERROR(scenario("  - fault: {device: printer, name: offline, at: print}\n"), 3, "at", "takes effect when armed");
    EXPECT_ERROR(scenario("  - take_card\n", "faults:\n  - {device: cash, name: cassetteEmpty, target: unit9}\n"), 3,
                 "target", "no unit \"unit9\"");
    // A device the fixture does not have: recycler.yaml has a cash module, a fixture without one would not.
    EXPECT_EQ(error_of(scenario("  - take_card\n", "devices: recycler\nfaults:\n  - {device: cash, name: escrowJam, at: cashIn}\n")), "");
}

// Bullet 5: host rules through the host's own parser, with this file's lines — in host: and in a host_rule step.
TEST(ScenarioLoader, BadHostRulesAreErrorsWithTheScenariosLines) {
    std::string host = "host:\n  rules:\n";
    EXPECT_ERROR(scenario("  - take_card\n", host + "    - {action: no_answer}\n"), 4, "action", "expected one of reply");
    EXPECT_ERROR(scenario("  - take_card\n", host + "    - {code: \"E\"}\n"), 4, "code", "2-character response code");
    EXPECT_ERROR(scenario("  - take_card\n", host + "    - {code: \"E!\"}\n"), 4, "code", "letters and digits");
    EXPECT_ERROR(scenario("  - take_card\n", host + "    - {when: {pna: \"6222020000000000018\"}, code: \"05\"}\n"), 4, "pna",
                 "unknown key");
    EXPECT_ERROR(scenario("  - take_card\n", host + "    - {mutate: stna}\n"), 4, "mutate", "expected one of");
    EXPECT_ERROR(scenario("  - take_card\n", host + "    - {malform: bent}\n"), 4, "malform", "expected one of");
    EXPECT_ERROR(scenario("  - withdraw: {amount: 300}\n  - host_rule: {code: \"05\", optional: true, tims: 1}\n"), 4, "tims",
                 "unknown key");
    EXPECT_EQ(error_of(scenario("  - host_rule: {code: \"05\", optional: true, times: 1}\n")), "");
}

// Bullet 6: what the terminal profile decides.
TEST(ScenarioLoader, ScreensFunctionsAndAdminCommandsTheProfileDoesNotListAreErrors) {
    TerminalProfile p = TerminalProfile::load(std::filesystem::path(ATMBENCH_FIXTURES_DIR) / "terminals" / "reference.yaml");
    auto profile_error = [&](const std::string& text) -> std::string {
        try {
            for (const auto& s : load_scenario_text(text, kFile)) check_against_profile(s, p);
        } catch (const atmbench::host::FixtureError& e) {
            return e.what();
        }
        return "";
    };
    auto expect = [&](const std::string& text, int line, const std::string& field, const std::string& what) {
        std::string e = profile_error(text);
        EXPECT_NE(e.find(kFile + ":" + std::to_string(line) + ": " + field), std::string::npos) << e;
        EXPECT_NE(e.find(what), std::string::npos) << e;
    };
    expect(scenario("  - take_card\n  - wait: {screen: pinn}\n"), 4, "screen", "did you mean 'pin'?");
    expect(scenario("  - admin: {command: reboot}\n"), 3, "command", "no admin command 'reboot'");
    expect(scenario("  - take_card\nexpect:\n  - screen: declind\n"), 5, "screen", "did you mean 'declined'?");
    EXPECT_EQ(profile_error(scenario("  - wait: {screen: DECLINED}\n  - admin: settle\n  - choose: transfer\n")), "");
    // A function the loader knows but this profile's menu lacks.
    p.menu.erase("transfer");
    expect(scenario("  - choose: {function: transfer}\n"), 3, "function", "customer.menu has no 'transfer'");
}

// The step table (steps.hpp) is what the loader checks: names, required and extra arguments, types, allowed values,
// one-of groups — and a numeric string is an amount as a number is (bench.amount(value="300") from Python).
TEST(ScenarioLoader, StepsAreCheckedFromTheStepTable) {
    for (const char* ok : {"  - amount: \"300\"\n", "  - amount: 300\n", "  - amount: {value: \"300\"}\n", "  - withdraw: \"300\"\n",
                           "  - wait: {journal: dispense, match: {result: ok}}\n", "  - sleep_ms: 0\n"}) {
        SCOPED_TRACE(ok);
        EXPECT_EQ(error_of(scenario(ok)), "");
    }
    EXPECT_ERROR(scenario("  - withdrw: {amount: 300}\n"), 3, "withdrw", "unknown step (did you mean 'withdraw'?)");
    EXPECT_ERROR(scenario("  - choose: {timeout_ms: 100}\n"), 3, "choose", "missing its 'function' (required)");
    EXPECT_ERROR(scenario("  - take_card: {card: zhang-mag}\n"), 3, "card", "unknown key in take_card");
    EXPECT_ERROR(scenario("  - choose: withdrawl\n"), 3, "function", "expected one of inquiry, withdrawal, deposit, transfer");
    EXPECT_ERROR(scenario("  - amount: \"3x0\"\n"), 3, "value", "expected a whole amount in major units");
    EXPECT_ERROR(scenario("  - amount: 0\n"), 3, "value", "expected a whole amount in major units");
    EXPECT_ERROR(scenario("  - wait: {timeout_ms: 100}\n"), 3, "wait", "needs one of screen, idle, journal, host, event, xfs, mode");
    EXPECT_ERROR(scenario("  - wait: {idle: false}\n"), 3, "idle", "only idle: true means something");
    EXPECT_ERROR(scenario("  - wait: {screen: idle, match: {a: 1}}\n"), 3, "match", "only a wait with journal takes match");
    EXPECT_ERROR(scenario("  - wait: {host: 400}\n"), 3, "host", "expected a 4-digit MTI");
    EXPECT_ERROR(scenario("  - sleep_ms: 600001\n"), 3, "sleep_ms", "from 0 to 600000");
}

TEST(StepTable, EveryStepHasAHandlerDocumentationAndDocumentedArguments) {
    std::set<std::string> names;
    for (const auto& s : atmbench::harness::step_specs()) {
        SCOPED_TRACE(s.name);
        EXPECT_TRUE(names.insert(s.name).second) << "listed twice";
        EXPECT_NE(s.handler, nullptr);
        EXPECT_FALSE(s.doc.empty());
        for (const auto& a : s.args) EXPECT_FALSE(a.doc.empty()) << a.name;
        if (!s.value_as.empty())
            EXPECT_TRUE(std::any_of(s.args.begin(), s.args.end(), [&](const auto& a) { return a.name == s.value_as; }));
    }
    // The schema has one branch per step after the list of steps that may stand alone.
    auto schema = atmbench::harness::scenario_schema();
    EXPECT_EQ(schema["properties"].as_object()["steps"].as_object()["items"].as_object()["oneOf"].as_array().size(),
              atmbench::harness::step_specs().size() + 1);
}

// Every shipped scenario loads and fits the reference profile.
TEST(ScenarioLoader, EveryShippedScenarioValidates) {
    TerminalProfile p = TerminalProfile::load(std::filesystem::path(ATMBENCH_FIXTURES_DIR) / "terminals" / "reference.yaml");
    std::filesystem::path root = std::filesystem::path(ATMBENCH_FIXTURES_DIR).parent_path() / "scenarios";
    for (const char* dir : {"conformance", "python"}) {
        std::vector<atmbench::harness::Scenario> all;
        ASSERT_NO_THROW(all = load_scenarios(root / dir)) << dir;
        EXPECT_FALSE(all.empty()) << dir;
        for (const auto& s : all) EXPECT_NO_THROW(check_against_profile(s, p)) << s.id;
    }
}

}  // namespace
