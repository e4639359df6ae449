// `atmbench steps` and `atmbench schema`: the step table (harness/lib/include/atmbench/harness/steps.hpp) as the
// Markdown step reference (docs/steps.md) and as the scenario JSON Schema (scenarios/scenario.schema.json). Both
// committed files are this output; tests/integration/test_scenario_validation.py keeps them equal.
#include "cli_common.hpp"

#include "atmbench/harness/steps.hpp"

#include <boost/json.hpp>

namespace atmbench::cli {

int run_steps(int argc, char** argv) {
    po::options_description opts("options");
    opts.add_options()("json", "the step table as JSON (what the Python module reads) instead of Markdown");
    po::variables_map vm;
    int code = 0;
    if (!parse_options("steps", "atmbench steps [--json] > docs/steps.md", opts, argc, argv, vm, code)) return code;
    if (vm.count("json")) std::cout << boost::json::serialize(harness::step_table_json()) << "\n";
    else std::cout << harness::step_reference_markdown();
    return kExitOk;
}

int run_schema(int argc, char** argv) {
    po::options_description opts("options");
    po::variables_map vm;
    int code = 0;
    if (!parse_options("schema", "atmbench schema > scenarios/scenario.schema.json", opts, argc, argv, vm, code)) return code;
    std::cout << harness::scenario_schema_text();
    return kExitOk;
}

}  // namespace atmbench::cli
