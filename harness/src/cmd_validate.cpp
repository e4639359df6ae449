// `atmbench validate PATH… [--profile FILE]`: loads scenario files without running anything and checks them against
// the terminal profile (default the reference terminal's); every problem is reported with its file, line, field and
// what was expected — the same checks `atmbench run` and the Python module make before running. Exit 0 all valid,
// 2 otherwise.
#include "cli_common.hpp"

#include "atmbench/harness/rules.hpp"
#include "atmbench/harness/scenario.hpp"
#include "atmbench/harness/terminal_profile.hpp"
#include "atmbench/host/yaml_source.hpp"
#include "atmbench/share_folder.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <optional>

namespace atmbench::cli {

int run_validate(int argc, char** argv) {
    if (argc < 2 || std::string(argv[1]) == "--help") {
        std::cerr << "usage: atmbench validate PATH… [--profile FILE]   (scenario files or folders; the terminal profile "
                     "they are checked against, default fixtures/terminals/reference.yaml, is validated too)\n";
        return argc < 2 ? kExitError : kExitOk;
    }
    int bad = 0, good = 0;
    std::vector<std::string> paths;
    std::filesystem::path profile_path;  // default: the shipped reference terminal's, found when needed
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--profile") {
            if (i + 1 >= argc) {
                std::cerr << "atmbench validate: --profile needs a file\n";
                return kExitError;
            }
            profile_path = argv[++i];
        } else {
            paths.push_back(a);
        }
    }
    std::optional<harness::TerminalProfile> profile;
    try {
        profile = harness::TerminalProfile::load(profile_path.empty() ? harness::TerminalProfile::find("reference") : profile_path);
        ++good;
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        ++bad;
    }
    // Every file on its own, so one bad file does not hide the next one's problems.
    std::vector<std::filesystem::path> files;
    for (const auto& p : paths) {
        if (!std::filesystem::is_directory(p)) {
            files.push_back(p);
            continue;
        }
        std::vector<std::filesystem::path> in;
        for (const auto& e : std::filesystem::recursive_directory_iterator(p))
            if (e.is_regular_file() && e.path().extension() == ".yaml") in.push_back(e.path());
        std::sort(in.begin(), in.end());
        files.insert(files.end(), in.begin(), in.end());
    }
    for (const auto& f : files) {
        try {
            auto scenarios = harness::load_scenarios(f);
            if (profile)
                for (const auto& s : scenarios) harness::check_against_profile(s, *profile);
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
