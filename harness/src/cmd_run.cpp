// `atmbench run [PATH…] --terminal PROFILE [--junit FILE] [--html DIR] [--json FILE] [--trace DIR] [-j N]
// [--seed N] [--filter EXPR] [--defect NAME…]`: runs scenarios against a terminal and writes the reports.
// Exit 0: every scenario passed; 1: a rule failed; 2: the bench could not run something (ERROR); 130: cancelled
// (SIGINT or SIGTERM: every terminal stopped, work folders removed unless --keep, the reports written with the
// scenarios that did not finish as NOT RUN; a second signal stops at once — harness/cancel.hpp).
#include "cli_common.hpp"

#include "atmbench/harness/cancel.hpp"
#include "atmbench/harness/runner.hpp"
#include "atmbench/reports/html.hpp"
#include "atmbench/reports/junit.hpp"
#include "atmbench/reports/results_json.hpp"
#include "atmbench/host/yaml_source.hpp"
#include "atmbench/share_folder.hpp"

#include <chrono>
#include <ctime>
#include <iomanip>

namespace atmbench::cli {

namespace {

// How long a cancel may take before the watcher makes it a hard stop: each scenario under way stops its terminal
// (the profile's stop grace, 3 s for the reference terminal, then SIGKILL) and host and devices, then the reports
// are written. Well above that, so only a stuck cancel meets it.
constexpr int kCancelBoundMs = 20000;

std::string utc_now() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char b[32];
    std::strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return b;
}

}  // namespace

int run_run(int argc, char** argv) {
    po::options_description opts("options");
    opts.add_options()
        ("paths", po::value<std::vector<std::string>>()->multitoken(), "scenario files or folders (default: the shipped scenarios/conformance)")
        ("terminal", po::value<std::string>()->default_value("reference"), "terminal profile: a file, or a name in fixtures/terminals")
        ("junit", po::value<std::string>(), "write JUnit XML here")
        ("html", po::value<std::string>(), "write the HTML report into this folder")
        ("json", po::value<std::string>(), "write the JSON results here")
        ("trace", po::value<std::string>(), "write each scenario's trace (JSON lines) into this folder")
        ("jobs,j", po::value<int>()->default_value(1), "scenarios run at once (each fully isolated)")
        ("seed", po::value<std::uint64_t>()->default_value(1), "seed of the simulated host (keys, RRNs, garbage)")
        ("filter", po::value<std::string>()->default_value(""), "comma-separated id/rule/tag terms; !term excludes")
        ("defect", po::value<std::vector<std::string>>()->multitoken(), "defect switches to pass to the terminal")
        ("keep", "keep each scenario's work folder");
    po::positional_options_description pos;
    pos.add("paths", -1);
    po::variables_map vm;
    int code = 0;
    try {
        po::store(po::command_line_parser(argc, argv).options(opts).positional(pos).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "atmbench run: " << e.what() << "\nusage: atmbench run [PATH…] --terminal PROFILE [options]\n" << opts;
        return kExitError;
    }
    (void)code;
    return guarded("run", [&]() -> int {
        std::vector<std::string> paths = vm.count("paths") ? vm["paths"].as<std::vector<std::string>>()
                                                          : std::vector<std::string>{(share_folder::scenarios() / "conformance").string()};
        harness::RunOptions options;
        options.profile = harness::TerminalProfile::load(harness::TerminalProfile::find(vm["terminal"].as<std::string>()));
        options.seed = vm["seed"].as<std::uint64_t>();
        options.bin_dir = share_folder::bin_dir();
        options.keep_work = vm.count("keep") > 0;
        if (vm.count("defect")) options.defects = vm["defect"].as<std::vector<std::string>>();
        if (vm.count("trace")) {
            options.trace_dir = std::filesystem::absolute(vm["trace"].as<std::string>());
            std::filesystem::create_directories(*options.trace_dir);
        }
        std::vector<harness::Scenario> all, chosen;
        for (const auto& p : paths) {
            auto some = harness::load_scenarios(p);
            all.insert(all.end(), some.begin(), some.end());
        }
        // What the profile decides (menu functions, screens, admin commands) is checked before anything runs: a bad
        // file is a bench ERROR (exit 2), never a run that PASSes without doing what it says.
        for (const auto& s : all) harness::check_against_profile(s, options.profile);
        for (auto& s : all)
            if (harness::filter_matches(s, vm["filter"].as<std::string>())) chosen.push_back(std::move(s));
        if (chosen.empty()) {
            std::cerr << "atmbench run: no scenario matches\n";
            return kExitError;
        }
        int jobs = std::max(1, vm["jobs"].as<int>());
        harness::cancel_on_signals(kCancelBoundMs);  // before the runner's threads
        std::cout << "atmbench run: " << chosen.size() << " scenario(s) against " << options.profile.name
                  << (options.defects.empty() ? "" : " with defects") << ", " << jobs << " at a time\n";
        for (const auto& d : options.defects) std::cout << "  defect: " << d << "\n";
        reports::SuiteInfo info;
        info.terminal = options.profile.name;
        info.defects = options.defects;
        info.seed = options.seed;
        info.jobs = jobs;
        info.started = utc_now();
        auto t0 = std::chrono::steady_clock::now();
        auto results = harness::run_suite(chosen, options, jobs, [](const harness::ScenarioResult& r, std::size_t done, std::size_t total) {
            std::string status = r.status == harness::Status::Passed   ? "PASS "
                                 : r.status == harness::Status::Failed ? "FAIL "
                                 : r.status == harness::Status::NotRun ? "NOT RUN"
                                                                       : "ERROR";
            std::cout << "[" << std::setw(3) << done << "/" << total << "] " << status << " " << r.scenario.id << " ("
                      << std::fixed << std::setprecision(1) << r.seconds << " s)\n";
            for (const auto* v : r.failures()) std::cout << "        " << v->rule << " [" << v->clause << "]: " << v->message << "\n";
            if (r.status == harness::Status::Error || r.status == harness::Status::NotRun) std::cout << "        " << r.error << "\n";
            std::cout.flush();
        });
        info.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (vm.count("junit")) reports::write_junit(vm["junit"].as<std::string>(), results, info);
        if (vm.count("json")) reports::write_json(vm["json"].as<std::string>(), results, info);
        if (vm.count("html")) reports::write_html(vm["html"].as<std::string>(), results, info);
        reports::Totals tot = reports::totals(results);
        std::cout << reports::summary_line(tot) << "\n";
        if (harness::cancel_requested()) {
            std::cout << "atmbench run: cancelled (" << harness::cancel_reason() << "): " << tot.not_run
                      << " scenario(s) not run; every terminal stopped" << (options.keep_work ? "" : ", work folders removed") << "\n";
            return harness::kExitCancelled;
        }
        return tot.errors ? kExitError : tot.failed ? kExitFail : kExitOk;
    });
}

}  // namespace atmbench::cli
