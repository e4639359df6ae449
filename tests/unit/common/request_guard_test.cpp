// The request guard of the control endpoints (common/request_guard.hpp): every hostile request of issue 13 is
// refused with its own status, and the bench's own clients pass.
#include "atmbench/common/listen_address.hpp"
#include "atmbench/common/request_guard.hpp"

#include <gtest/gtest.h>

#include <set>

namespace {

using atmbench::http::RequestGuard;
using atmbench::http::RequestHeaders;

const std::string kToken = "0123456789abcdef0123456789abcdef";

// What the harness's own client sends: loopback Host with the port, the token, JSON on a POST.
RequestHeaders bench_client(const std::string& method = "POST") {
    RequestHeaders r;
    r.method = method;
    r.host = "127.0.0.1:8080";
    r.authorization = "Bearer " + kToken;
    if (method != "GET") r.content_type = "application/json";
    return r;
}

int refused(const RequestHeaders& r) {
    auto refusal = RequestGuard(8080, kToken).check(r);
    return refusal ? refusal->status : 0;
}

TEST(RequestGuard, TheBenchsOwnClientsPass) {
    EXPECT_EQ(refused(bench_client("POST")), 0);
    EXPECT_EQ(refused(bench_client("GET")), 0);
    RequestHeaders r = bench_client("DELETE");
    r.authorization.reset();
    r.token = kToken;  // X-Atmbench-Token instead of Authorization
    r.content_type = "application/json; charset=utf-8";
    EXPECT_EQ(refused(r), 0);
    for (const char* host : {"localhost:8080", "LOCALHOST:8080", "127.1.2.3:8080", "[::1]:8080"}) {
        r = bench_client();
        r.host = host;
        EXPECT_EQ(refused(r), 0) << host;
    }
    r = bench_client();
    r.content_type = "application/yaml";  // POST /rules takes YAML
    EXPECT_EQ(refused(r), 0);
}

TEST(RequestGuard, AForeignOrMissingHostIsRefused) {
    // DNS rebinding: a page on evil.example (resolving to 127.0.0.1) sends its own name.
    for (const char* host : {"evil.example:8080", "evil.example", "127.0.0.1:8081", "127.0.0.1", "localhost",
                             "10.0.0.1:8080", "0.0.0.0:8080", "127.0.0.1.evil.example:8080", "[::2]:8080",
                             "[::1]x:8080", "127.0.0.256:8080", "localhost:080800"}) {
        RequestHeaders r = bench_client("GET");
        r.host = host;
        EXPECT_EQ(refused(r), 403) << host;
    }
    RequestHeaders r = bench_client("GET");
    r.host.reset();
    EXPECT_EQ(refused(r), 403);
}

TEST(RequestGuard, AForeignOriginIsRefusedALoopbackPageOnAnyPortPasses) {
    for (const char* origin : {"http://evil.example", "https://evil.example:8080", "null", "", "file://",
                               "http://127.0.0.1.evil.example", "http://localhost.evil.example:8080",
                               "http://localhost/path", "ws://127.0.0.1:8080", "http://localhost:"}) {
        RequestHeaders r = bench_client();
        r.origin = origin;
        EXPECT_EQ(refused(r), 403) << origin;
    }
    for (const char* origin : {"http://127.0.0.1:5173", "http://localhost", "https://localhost:8443", "http://[::1]:3000"}) {
        RequestHeaders r = bench_client();
        r.origin = origin;
        EXPECT_EQ(refused(r), 0) << origin;
    }
}

TEST(RequestGuard, AMissingOrWrongTokenIsRefused) {
    RequestHeaders r = bench_client();
    r.authorization.reset();
    EXPECT_EQ(refused(r), 401);
    r.authorization = "Bearer " + kToken.substr(1) + "0";
    EXPECT_EQ(refused(r), 401);
    r.authorization = "Basic " + kToken;
    EXPECT_EQ(refused(r), 401);
    r.authorization = "Bearer " + kToken + "0";
    EXPECT_EQ(refused(r), 401);
    r.authorization = "bearer  " + kToken;  // the scheme is case-insensitive (RFC 9110 §11.1)
    EXPECT_EQ(refused(r), 0);
}

TEST(RequestGuard, AStateChangingRequestNeedsJson) {
    // text/plain, form and multipart are what a page may send cross-site without a preflight.
    for (const char* type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                             "text/plain; a=application/json", ""}) {
        RequestHeaders r = bench_client();
        r.content_type = type;
        EXPECT_EQ(refused(r), 415) << type;
    }
    RequestHeaders r = bench_client();
    r.content_type.reset();
    EXPECT_EQ(refused(r), 415);
    r = bench_client("GET");
    r.content_type = "text/plain";  // a GET changes nothing: its content type does not matter
    EXPECT_EQ(refused(r), 0);
}

TEST(RequestGuard, EveryRunDrawsADifferentToken) {
    std::set<std::string> seen;
    for (int i = 0; i < 20; ++i) {
        std::string t = atmbench::http::new_run_token();
        EXPECT_EQ(t.size(), 32u);
        EXPECT_EQ(t.find_first_not_of("0123456789abcdef"), std::string::npos);
        seen.insert(t);
    }
    EXPECT_EQ(seen.size(), 20u);
}

TEST(ListenAddress, IPv6PrintsInBracketsAndOnlyLoopbackStaysUnexposed) {
    using namespace atmbench::net;
    EXPECT_EQ(host_port("::1", 8583), "[::1]:8583");
    EXPECT_EQ(host_port("[::1]", 8583), "[::1]:8583");
    EXPECT_EQ(host_port("127.0.0.1", 8583), "127.0.0.1:8583");
    EXPECT_EQ(listen_host("[::1]:0"), "::1");
    for (const char* l : {"0.0.0.0:0", "[::]:0", "192.168.1.10:8583"}) EXPECT_TRUE(is_exposed(l)) << l;
    for (const char* l : {"127.0.0.1:0", "[::1]:0", "127.0.0.2:8583", "not-an-ip:0"}) EXPECT_FALSE(is_exposed(l)) << l;
}

}  // namespace
