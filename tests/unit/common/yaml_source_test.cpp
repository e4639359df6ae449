#include "atmbench/common/yaml_source.hpp"

#include <gtest/gtest.h>

using atmbench::common::FixtureError;
using atmbench::common::load_yaml_text;

namespace {

std::string error_of(const std::string& text) {
    try {
        load_yaml_text(text, "s.yaml");
    } catch (const FixtureError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(YamlSource, AKeyWrittenTwiceIsAnErrorAtTheSecondOne) {
    // Before: both were kept and every lookup found the first, so the second timeout_ms silently did nothing.
    EXPECT_EQ(error_of("steps:\n  - wait_screen: idle\n    timeout_ms: 1000\n    timeout_ms: 9000\n"),
              "s.yaml:4: timeout_ms: appears twice in this mapping (first on line 3); only one can count");
    EXPECT_EQ(error_of("id: a\nid: b\n"), "s.yaml:2: id: appears twice in this mapping (first on line 1); only one can count");
    EXPECT_NE(error_of("x: [{a: 1, a: 2}]\n").find("s.yaml:1: a: appears twice"), std::string::npos);
}

TEST(YamlSource, TheSameKeyInDifferentMappingsIsFine) {
    EXPECT_EQ(error_of("a: {x: 1}\nb: {x: 2}\nc: [{x: 1}, {x: 2}]\n"), "");
    EXPECT_EQ(load_yaml_text("a: 1\nb: 2\n", "s.yaml")["b"].as<int>(), 2);
}

TEST(YamlSource, SyntaxErrorsNameTheLine) {
    EXPECT_NE(error_of("a: 1\nb: [\n").find("s.yaml:"), std::string::npos);
    EXPECT_NE(error_of("a: 1\nb: [\n").find("YAML syntax error"), std::string::npos);
}

TEST(YamlSource, AliasesThatExpandBeyondAnyFixtureAreRefusedNotWalkedForever) {
    std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    char prev = 'a';
    for (char c = 'b'; c <= 'h'; ++c, ++prev) {
        text += std::string(1, c) + ": &" + c + " [";
        for (int i = 0; i < 10; ++i) text += std::string(i ? ", " : "") + "*" + prev;
        text += "]\n";
    }
    EXPECT_NE(error_of(text).find("more than 1000000 YAML nodes"), std::string::npos);
}
