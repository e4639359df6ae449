// `atmbench run [PATH…] --terminal PROFILE [--junit FILE] [--html DIR] [--json FILE] [--trace DIR] [-j N]
// [--seed N] [--filter EXPR] [--defect NAME…]`: runs scenarios against a terminal and writes the reports.
// Exit 0: every scenario passed; 1: a rule failed; 2: the bench could not run something (ERROR); 130: cancelled
// (SIGINT or SIGTERM: every terminal stopped, work folders removed unless --keep, the reports written with the
// scenarios that did not finish as NOT RUN; a second signal stops at once — harness/cancel.hpp).
#include "cli_common.hpp"

#include "atmbench/common/pan_scan.hpp"
#include "atmbench/devices/card_catalogue.hpp"
#include "atmbench/harness/cancel.hpp"
#include "atmbench/harness/runner.hpp"
#include "atmbench/harness/saved_output_scan.hpp"
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

// Issue 13 "no secret out" (docs/security.md): the files this run wrote — its reports and its scenarios' trace
// files — searched for a full PAN, track 2 data, the PIN blocks and keys the devices handled and the fixtures'
// master keys. Each find is printed as FILE:LINE and what it was (never the value); any find makes the run an ERROR.
int secrets_in_saved_outputs(const std::vector<std::filesystem::path>& reports, const std::vector<harness::ScenarioResult>& results) {
    std::vector<std::filesystem::path> saved = reports;
    std::vector<devices::RedactedSecret> handled;
    for (const auto& r : results) {
        if (!r.trace_file.empty()) saved.emplace_back(r.trace_file);
        for (const auto& [value, carrier] : r.secrets_handled) handled.push_back({value, carrier});
    }
    std::vector<std::string> catalogue;
    // Named, not iterated as a temporary: a range-for over `load(…).cards()` reads a destroyed catalogue (the
    // temporary ends before the loop; found by AddressSanitizer, stack-use-after-scope).
    const auto cards = devices::CardCatalogue::load(share_folder::fixtures() / "cards" / "test-cards.yaml");
    for (const auto& c : cards.cards())
        if (!c.pan.empty()) catalogue.push_back(c.pan);
    auto found = harness::scan_saved_outputs(saved, catalogue, harness::known_secrets(handled, share_folder::fixtures() / "keys" / "terminals.yaml"));
    for (const auto& f : found) std::cout << "secret found in " << f.file.string() << ":" << f.line << ": " << f.what << "\n";
    return static_cast<int>(found.size());
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
            for (const auto* v : r.failures()) std::cout << "        " << v->rule << " [" << v->clause << "]: " << mask_pans(v->message) << "\n";
            if (r.status == harness::Status::Error || r.status == harness::Status::NotRun) std::cout << "        " << mask_pans(r.error) << "\n";
            std::cout.flush();
        });
        info.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (vm.count("junit")) reports::write_junit(vm["junit"].as<std::string>(), results, info);
        if (vm.count("json")) reports::write_json(vm["json"].as<std::string>(), results, info);
        if (vm.count("html")) reports::write_html(vm["html"].as<std::string>(), results, info);
        std::vector<std::filesystem::path> reports_written;
        if (vm.count("junit")) reports_written.emplace_back(vm["junit"].as<std::string>());
        if (vm.count("json")) reports_written.emplace_back(vm["json"].as<std::string>());
        if (vm.count("html")) reports_written.push_back(std::filesystem::path(vm["html"].as<std::string>()) / "index.html");
        int secrets = secrets_in_saved_outputs(reports_written, results);
        reports::Totals tot = reports::totals(results);
        std::cout << reports::summary_line(tot) << (secrets ? ", " + std::to_string(secrets) + " secret(s) in saved outputs" : "") << "\n";
        if (harness::cancel_requested()) {
            std::cout << "atmbench run: cancelled (" << harness::cancel_reason() << "): " << tot.not_run
                      << " scenario(s) not run; every terminal stopped" << (options.keep_work ? "" : ", work folders removed") << "\n";
            return harness::kExitCancelled;
        }
        return tot.errors || secrets ? kExitError : tot.failed ? kExitFail : kExitOk;
    });
}

}  // namespace atmbench::cli
