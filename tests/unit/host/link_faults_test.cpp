// Link rules that reset connections (issue 11, 7.3.6.7 c 2): reset_on_accept and reset_before_read on a real
// HostServer over loopback (ephemeral ports), driven by a raw socket and by the terminal side of the link. What
// really makes a terminal's write() fail on loopback: an RST that has arrived before the write (EPIPE/ECONNRESET).
#include "atmbench/host/host_server.hpp"
#include "atmbench/host/terminal_link.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace atmbench::host::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

std::filesystem::path fixtures() { return ATMBENCH_FIXTURES_DIR; }

struct LinkFaults : ::testing::Test {
    iso8583::Profile profile = iso8583::Profile::load(fixtures() / "iso8583/cup-atm.json");
    TerminalDirectory terminals = TerminalDirectory::load({fixtures() / "keys/terminals.yaml"});
    std::unique_ptr<HostServer> host;

    void start(const std::string& rules_yaml = "") {
        HostSetup s;
        s.profile = profile;
        s.accounts = AccountBook::load({fixtures() / "accounts"});
        s.terminals = terminals;
        s.control_listen = "";
        if (!rules_yaml.empty()) s.rules = parse_rules(load_yaml_text(rules_yaml, "test"), "test").rules;
        host = std::make_unique<HostServer>(std::move(s));
        host->start();
    }
    void TearDown() override {
        if (host) host->stop();
    }
    void add_rule(const std::string& yaml) {
        for (auto& r : parse_rules(load_yaml_text(yaml, "test"), "test").rules) host->add_rule(std::move(r));
    }
    // Connection events the host recorded as `reset`.
    std::vector<json::object> resets() {
        std::vector<json::object> out;
        for (const auto& m : host->messages_json())
            if (const json::value* e = m.as_object().if_contains("event"); e && *e == "reset") out.push_back(m.as_object());
        return out;
    }
    bool received(const std::string& mti) {
        for (const auto& m : host->messages_json())
            if (m.as_object().at("direction") == "in" && m.as_object().contains("mti") && m.as_object().at("mti") == json::value(mti)) return true;
        return false;
    }
    // Bounded: until the host has recorded `n` resets.
    void wait_resets(std::size_t n) {
        for (auto deadline = std::chrono::steady_clock::now() + 2s; resets().size() < n && std::chrono::steady_clock::now() < deadline;)
            std::this_thread::sleep_for(2ms);
    }
    int raw_connect() {
        auto colon = host->address().rfind(':');
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(static_cast<std::uint16_t>(std::stoi(host->address().substr(colon + 1))));
        inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
        int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0) << std::strerror(errno);
        return fd;
    }
    // Bounded: until the peer's RST (or FIN) is visible on fd.
    static bool wait_hangup(int fd) {
        pollfd p{fd, POLLRDHUP, 0};
        return ::poll(&p, 1, 2000) > 0 && (p.revents & (POLLHUP | POLLERR | POLLRDHUP));
    }
    std::unique_ptr<TerminalLink> signed_on_link() {
        auto link = std::make_unique<TerminalLink>(profile, *terminals.find("ATM00001"));
        link->connect(host->address(), 1000ms);
        iso8583::Message req = link->network("003");
        LinkResult r = link->sign_on(req, 2000ms);
        EXPECT_EQ(r.kind, LinkResult::Kind::Reply);
        EXPECT_TRUE(link->signed_on());
        return link;
    }
};

TEST_F(LinkFaults, ResetOnAcceptMakesTheNextWriteFail) {
    start("rules: [{action: reset_on_accept, times: 1}]");
    int fd = raw_connect();  // the handshake completes: connect() succeeds
    ASSERT_TRUE(wait_hangup(fd));
    const char request[] = "0000";
    errno = 0;
    ssize_t n = ::send(fd, request, sizeof request - 1, MSG_NOSIGNAL);
    int err = errno;
    ::close(fd);
    EXPECT_EQ(n, -1);
    EXPECT_TRUE(err == ECONNRESET || err == EPIPE) << std::strerror(err);
    wait_resets(1);
    ASSERT_EQ(resets().size(), 1u);
    EXPECT_NE(std::string(resets()[0].at("note").as_string()).find("accepted and reset before reading"), std::string::npos);
    // times: 1 — the next connection is served.
    auto link = signed_on_link();
}

TEST_F(LinkFaults, ResetOnAcceptAddedLaterResetsTheOpenConnection) {
    start();
    auto link = signed_on_link();
    add_rule("{action: reset_on_accept, times: 1}");
    ASSERT_TRUE(wait_hangup(link->native_handle()));
    wait_resets(1);
    ASSERT_EQ(resets().size(), 1u);
    EXPECT_NE(std::string(resets()[0].at("note").as_string()).find("open connection reset"), std::string::npos);
    // The terminal side: a write into the reset connection fails.
    iso8583::Message echo = link->network("301");
    EXPECT_THROW(link->send(echo), LinkError);
}

TEST_F(LinkFaults, ResetBeforeReadDropsTheRequestUnreadAndTheTerminalSeesAReset) {
    start("rules: [{when: {mti: \"0200\"}, action: reset_before_read, times: 1}]");
    auto link = signed_on_link();
    iso8583::Message req = link->financial("01", "6222020000000000018", std::nullopt, 30000);
    LinkResult r = link->exchange(req, 2000ms);
    EXPECT_EQ(r.kind, LinkResult::Kind::Closed);
    EXPECT_TRUE(r.reset) << r.error;
    EXPECT_FALSE(received("0200"));  // neither recorded as received nor processed
    EXPECT_TRUE(host->ledger_json().at("postings").as_array().empty());
    wait_resets(1);
    ASSERT_EQ(resets().size(), 1u);
    EXPECT_EQ(resets()[0].at("rule"), "r1");
    // The rule fired once: the same request on a new connection is answered.
    auto again = signed_on_link();
    iso8583::Message req2 = again->financial("01", "6222020000000000018", std::nullopt, 30000);
    LinkResult r2 = again->exchange(req2, 2000ms);
    EXPECT_EQ(r2.kind, LinkResult::Kind::Reply);
    EXPECT_TRUE(received("0200"));
}

TEST_F(LinkFaults, AClosedConnectionIsNotAReset) {
    // action close (after reading) ends with FIN: the host read the request, the terminal must treat it as sent.
    start("rules: [{when: {mti: \"0200\"}, action: close, times: 1}]");
    auto link = signed_on_link();
    iso8583::Message req = link->financial("01", "6222020000000000018", std::nullopt, 30000);
    LinkResult r = link->exchange(req, 2000ms);
    EXPECT_EQ(r.kind, LinkResult::Kind::Closed);
    EXPECT_FALSE(r.reset) << r.error;
    EXPECT_TRUE(received("0200"));
    EXPECT_TRUE(resets().empty());
}

TEST_F(LinkFaults, RuleFileChecks) {
    EXPECT_THROW(parse_rules(load_yaml_text("{action: reset_on_accept, when: {mti: \"0200\"}}", "t"), "t"), FixtureError);
    EXPECT_THROW(parse_rules(load_yaml_text("{action: reset_before_read, delay_ms: 10}", "t"), "t"), FixtureError);
    auto rf = parse_rules(load_yaml_text("[{action: reset_before_read}, {action: reset_on_accept, times: 2}]", "t"), "t");
    ASSERT_EQ(rf.rules.size(), 2u);
    EXPECT_EQ(to_string(rf.rules[0].action), "reset_before_read");
    EXPECT_TRUE(rf.rules[1].is_link_rule());
    EXPECT_FALSE(rf.rules[0].is_link_rule());
}

}  // namespace
}  // namespace atmbench::host::test
