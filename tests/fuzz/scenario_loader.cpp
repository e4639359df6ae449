// Fuzz target: the scenario loader (load_scenario_text: YAML, parameters, steps, faults, host rules, expectations).
// Input: a scenario file's text. Contract (scenario.hpp): a bad file throws FixtureError "FILE:LINE: KEY:
// expected …" for its first problem; nothing else escapes, nothing crashes. The file is named inside a folder that
// does not exist, so a relative `devices:` path finds nothing of the machine's.
#include "fuzz_target.hpp"

#include "atmbench/harness/scenario.hpp"
#include "atmbench/common/yaml_source.hpp"

#include <cstdlib>
#include <string>

using namespace atmbench;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // Device sets, the card catalogue and the rule catalogue come from the checkout's fixtures.
    setenv("ATMBENCH_FIXTURES", ATMBENCH_FUZZ_SOURCE_DIR "/fixtures", 1);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        (void)harness::load_scenario_text(text, "/nonexistent-fuzz-folder/scenario.yaml");
    } catch (const common::FixtureError&) {
    }
    return 0;
}
