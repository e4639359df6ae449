// `atmbench validate PATH…`: loads scenario files (and terminal profiles) without running anything; every problem
// is reported with its file, line and what was expected. Exit 0 all valid, 2 otherwise.
#include "cli_common.hpp"

#include "atmbench/harness/rules.hpp"
#include "atmbench/harness/scenario.hpp"
#include "atmbench/harness/terminal_profile.hpp"
#include "atmbench/host/yaml_source.hpp"

#include <boost/json.hpp>

namespace atmbench::cli {

int run_validate(int argc, char** argv) {
    if (argc < 2 || std::string(argv[1]) == "--help") {
        std::cerr << "usage: atmbench validate PATH…   (scenario files or folders; --profile FILE for a terminal profile)\n";
        return argc < 2 ? kExitError : kExitOk;
    }
    int bad = 0, good = 0;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        try {
            if (a == "--profile" && i + 1 < argc) {
                harness::TerminalProfile::load(argv[++i]);
                ++good;
                continue;
            }
            auto scenarios = harness::load_scenarios(a);
            for (const auto& s : scenarios)
                for (const auto& r : s.rules)
                    if (!harness::find_rule(r))
                        throw host::FixtureError(s.file.string() + ": rules: no rule " + r + " in the catalogue (atmbench rules)");
            good += static_cast<int>(scenarios.size());
        } catch (const std::exception& e) {
            std::cerr << e.what() << "\n";
            ++bad;
        }
    }
    std::cout << good << " valid, " << bad << " invalid\n";
    return bad ? kExitError : kExitOk;
}

int run_rules(int argc, char** argv) {
    bool json_out = argc > 1 && std::string(argv[1]) == "--json";
    boost::json::array all;
    for (const auto& r : harness::rule_catalogue()) {
        if (json_out)
            all.push_back(boost::json::object{{"id", r.id}, {"section", r.section}, {"clause", r.clause}, {"title", r.title}, {"always_on", r.always_on}});
        else
            std::cout << r.section << "  " << r.id << std::string(26 - std::min<std::size_t>(25, r.id.size()), ' ') << r.clause
                      << std::string(20 - std::min<std::size_t>(19, r.clause.size()), ' ') << r.title << (r.always_on ? " [always]" : "") << "\n";
    }
    if (json_out) std::cout << boost::json::serialize(all) << "\n";
    return kExitOk;
}

}  // namespace atmbench::cli
