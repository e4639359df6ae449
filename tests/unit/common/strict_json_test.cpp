// The strict JSON reader: what Boost.JSON alone would accept and the bench must not (strict_json.hpp).
#include "atmbench/common/strict_json.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace atmbench::common {
namespace {

std::string problem_of(const std::string& text) {
    std::string problem;
    return try_parse_json(text, problem) ? "" : problem;
}

TEST(StrictJson, WhatBoostAloneWouldWriteBackAsInfinity) {
    // The defect this guards: Boost.JSON 1.81 parses 1e400 as infinity and serialises it as the bare word Infinity.
    boost::json::error_code ec;
    const std::string loose = boost::json::serialize(boost::json::parse(R"({"a":1e400})", ec));
    ASSERT_FALSE(ec);
    std::string problem;
    EXPECT_FALSE(try_parse_json(loose, problem)) << loose << " is not JSON and must not parse";
}

TEST(StrictJson, NumbersBeyondADoubleAreRefusedWithTheirPath) {
    EXPECT_EQ(problem_of("1e400"),
              "line 1: $: the number 1e400 is beyond the range of a double (at most about 1.8e308); JSON has no infinity");
    EXPECT_EQ(problem_of("{\n \"header\": {},\n \"payload\": {\"amounts\": [1, -1e999]}}"),
              "line 3: $.payload.amounts[1]: the number -1e999 is beyond the range of a double (at most about "
              "1.8e308); JSON has no infinity");
    EXPECT_EQ(problem_of(R"({"a b": 1E+400})"),
              "line 1: $[\"a b\"]: the number 1E+400 is beyond the range of a double (at most about 1.8e308); JSON "
              "has no infinity");
}

TEST(StrictJson, SmallAndLargeFiniteNumbersStay) {
    std::string problem;
    auto v = try_parse_json(R"([1e-400, 1.7e308, 18446744073709551616, -5, 2.5])", problem);
    ASSERT_TRUE(v) << problem;
    EXPECT_EQ(v->as_array().size(), 5u);
    EXPECT_EQ(v->as_array()[3].as_int64(), -5);
}

TEST(StrictJson, ANameTwiceInOneObjectIsRefused) {
    EXPECT_EQ(problem_of(R"({"a":1,"a":2})"), "line 1: $.a: the name \"a\" appears twice in one object (each member name once)");
    EXPECT_EQ(problem_of("{\"fields\": {\n\"2\": {},\n\"2\": {}}}"),
              "line 3: $.fields.2: the name \"2\" appears twice in one object (each member name once)");
    // The same name in two different objects is fine, and so is an object of many names (hashed beyond 16).
    std::string many = "{";
    for (int i = 0; i < 100; ++i) many += (i ? "," : "") + std::string("\"k") + std::to_string(i) + "\":{\"x\":1}";
    std::string problem;
    EXPECT_TRUE(try_parse_json(many + "}", problem)) << problem;
    EXPECT_EQ(problem_of(many + ",\"k57\":0}"),
              "line 1: $.k57: the name \"k57\" appears twice in one object (each member name once)");
}

TEST(StrictJson, SyntaxErrorsAndTheThrowingForm) {
    EXPECT_EQ(problem_of("[1,2"), "line 1: not JSON: incomplete JSON");
    EXPECT_EQ(problem_of("{} x"), "line 1: not JSON: extra data");
    try {
        parse_json("{\"a\":1e400}", "request body");
        FAIL();
    } catch (const JsonInputError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("request body: line 1: $.a: the number 1e400", 0), 0u) << e.what();
    }
    EXPECT_EQ(boost::json::serialize(parse_json(" {\"a\":[true,null,\"x\"]}\n", "x")), R"({"a":[true,null,"x"]})");
}

}  // namespace
}  // namespace atmbench::common
