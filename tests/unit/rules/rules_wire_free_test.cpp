// The rules speak the bank's words (facts.hpp: withdrawal, reversal, approved, STAN), never the wire's: no MTI,
// processing code, field number or response code in a rule's source, so a new ISO 8583 dialect is JSON only and
// another host protocol only a new adapter (harness/lib/src/host_facts.hpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace {

TEST(RulesWireFree, NoMtiProcessingCodeOrFieldNumberInRuleSources) {
    const std::filesystem::path src = std::filesystem::path(ATMBENCH_FIXTURES_DIR) / ".." / "harness" / "lib" / "src";
    // What a rule would write if it read the wire: "0200", "04" as an MTI prefix, .mti, field(39), fields.count(62),
    // a processing-code "01", the CUP response-code table.
    const std::vector<std::pair<std::regex, std::string>> wire{
        {std::regex(R"("0[0-9]{3}")"), "an MTI literal"},
        {std::regex(R"(\.mti\b|->mti\b)"), "an MTI"},
        {std::regex(R"(\bfield\s*\(|\bfields\b)"), "a field number"},
        {std::regex(R"(requests\s*\(\s*")"), "a request selected by MTI"},
        {std::regex(R"(\brc::|find_response_code)"), "a response code of the CUP table"},
        {std::regex(R"(kind\(\)\s*==)"), "a processing code"},
    };
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(src)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("rules_", 0) != 0 || entry.path().extension() != ".cpp") continue;
        ++files;
        std::ifstream in(entry.path());
        std::string line;
        for (int n = 1; std::getline(in, line); ++n) {
            const std::string code = line.substr(0, line.find("//"));  // comments may cite the spec's MTIs
            for (const auto& [re, what] : wire)
                EXPECT_FALSE(std::regex_search(code, re)) << name << ":" << n << ": " << what << ": " << line;
        }
    }
    EXPECT_GE(files, 5) << "no rules_*.cpp under " << src;
}

}  // namespace
