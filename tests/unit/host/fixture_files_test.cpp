// Bad fixture and rule files must fail with the file, the line and what was expected — never a crash or a
// silent default.
#include "atmbench/host/account_book.hpp"
#include "atmbench/host/response_rule.hpp"
#include "atmbench/host/terminal_keys.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace atmbench::host {
namespace {

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
    auto dir = std::filesystem::temp_directory_path() / ("atmbench-host-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto p = dir / name;
    std::ofstream(p) << text;
    return p;
}

std::string load_error(const std::string& yaml) {
    auto p = write_temp("accounts.yaml", yaml);
    try {
        AccountBook::load({p});
    } catch (const FixtureError& e) {
        return e.what();
    }
    return "<no error>";
}

std::string rule_error(const std::string& yaml) {
    try {
        parse_rules(load_yaml_text(yaml, "rules.yaml"), "rules.yaml");
    } catch (const FixtureError& e) {
        return e.what();
    }
    return "<no error>";
}

}  // namespace

TEST(AccountBook, LoadsTheShippedAccounts) {
    AccountBook book = AccountBook::load({std::filesystem::path(ATMBENCH_FIXTURES_DIR) / "accounts"});
    Account* a = book.find("6222020000000000018");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->balance, 5000000);
    EXPECT_EQ(a->currency, "156");
    EXPECT_EQ(book.find("6222020000000000034")->status, AccountStatus::Lost);
    EXPECT_EQ(book.find("6222020000000000026")->daily_withdrawal_count_limit, 10);
}

TEST(AccountBook, ErrorsNameFileLineAndKey) {
    std::string e = load_error("accounts:\n  - pan: \"6222020000000000019\"\n    pin: \"1234\"\n    balance: 1\n");
    EXPECT_NE(e.find("accounts.yaml:2: pan: check digit does not verify"), std::string::npos) << e;
    e = load_error("accounts:\n  - pan: \"6222020000000000018\"\n    pin: \"1234\"\n    balance: 1\n    colour: red\n");
    EXPECT_NE(e.find(":5: colour: unknown key"), std::string::npos) << e;
    e = load_error("accounts:\n  - pan: \"6222020000000000018\"\n    pin: \"12\"\n    balance: 1\n");
    EXPECT_NE(e.find("pin: expected 4 to 12 digits"), std::string::npos) << e;
    e = load_error("accounts:\n  - pan: \"6222020000000000018\"\n    pin: \"1234\"\n    balance: -5\n");
    EXPECT_NE(e.find("balance: expected an amount"), std::string::npos) << e;
    e = load_error("accounts:\n  - pan: \"6222020000000000018\"\n    pin: \"1234\"\n    balance: 1\n    status: frozen\n");
    EXPECT_NE(e.find("status: expected one of active, lost, stolen, expired, restricted"), std::string::npos) << e;
    e = load_error("accounts:\n  - {pan: \"6222020000000000018\", pin: \"1234\", balance: 1}\n"
                   "  - {pan: \"6222020000000000018\", pin: \"1234\", balance: 2}\n");
    EXPECT_NE(e.find("is already defined at"), std::string::npos) << e;
    e = load_error("accounts: [\n");
    EXPECT_NE(e.find("YAML syntax error"), std::string::npos) << e;
    e = load_error("accounts:\n  - pan: \"6222020000000000018\"\n    balance: 1\n");
    EXPECT_NE(e.find("pin: missing (required)"), std::string::npos) << e;
}

TEST(TerminalDirectory, RejectsShortMasterKeysAndUnknownMacs) {
    auto p = write_temp("t1.yaml", "terminals:\n  - id: ATM00001\n    master_key: \"0011\"\n");
    try {
        TerminalDirectory::load({p});
        FAIL() << "short key accepted";
    } catch (const FixtureError& e) {
        EXPECT_NE(std::string(e.what()).find("master_key: expected 16 bytes of hex"), std::string::npos) << e.what();
    }
    p = write_temp("t2.yaml", "terminals:\n  - id: ATM00001\n    master_key: \"0123456789ABCDEFFEDCBA9876543210\"\n    mac: md5\n");
    EXPECT_THROW(TerminalDirectory::load({p}), FixtureError);
    p = write_temp("t3.yaml", "terminals:\n  - id: ATM1\n    master_key: \"0123456789ABCDEFFEDCBA9876543210\"\n");
    EXPECT_THROW(TerminalDirectory::load({p}), FixtureError);
}

TEST(ResponseRules, ParsesEveryFormOfRuleFile) {
    RuleFile f = parse_rules(load_yaml_text("retain_cash_codes: [E1, E2]\nrules:\n"
                                            "  - name: slow\n    when: {mti: \"0200\", processing_code: \"01\", nth: 2}\n"
                                            "    delay_ms: 500\n"
                                            "  - action: refuse_connections\n",
                                            "r.yaml"),
                             "r.yaml");
    ASSERT_EQ(f.rules.size(), 2u);
    EXPECT_EQ(f.retain_cash_codes, (std::vector<std::string>{"E1", "E2"}));
    EXPECT_EQ(f.rules[0].when.nth, 2);
    EXPECT_EQ(f.rules[0].delay.count(), 500);
    EXPECT_EQ(f.rules[0].source, "r.yaml:3");
    EXPECT_TRUE(f.rules[1].is_link_rule());
    EXPECT_EQ(parse_rules(load_yaml_text("{code: \"51\"}", "x"), "x").rules.size(), 1u);  // JSON is YAML
    EXPECT_EQ(parse_rules(load_yaml_text("[{code: \"51\"}, {action: no_reply}]", "x"), "x").rules.size(), 2u);
}

TEST(ResponseRules, RejectsRulesThatCannotMeanAnything) {
    EXPECT_NE(rule_error("{when: {mti: \"0200\"}}").find("rule changes nothing"), std::string::npos);
    EXPECT_NE(rule_error("{action: no_reply, code: \"51\"}").find("sends no reply"), std::string::npos);
    EXPECT_NE(rule_error("{action: stop_reading, when: {mti: \"0200\"}}").find("take no 'when'"), std::string::npos);
    EXPECT_NE(rule_error("{malform: squashed}").find("malform: expected one of none, truncated"), std::string::npos);
    EXPECT_NE(rule_error("{code: \"123\"}").find("code: expected a 2-character response code"), std::string::npos);
    EXPECT_NE(rule_error("{code: \"51\", when: {mti: 200}}").find("mti: expected 4 digits"), std::string::npos);
    EXPECT_NE(rule_error("{code: \"51\", times: 0}").find("times: expected a number from 1"), std::string::npos);
    EXPECT_NE(rule_error("{code: \"51\", whenn: {}}").find("whenn: unknown key"), std::string::npos);
}

namespace {
iso8583::Message request(const std::string& mti, const std::string& pc, const std::string& amount) {
    iso8583::Message m;
    m.mti = mti;
    m.set(2, "6222020000000000018");
    m.set(3, pc);
    if (!amount.empty()) m.set(4, amount);
    m.set(41, "ATM00001");
    return m;
}
ResponseRule rule_from(const std::string& yaml) { return parse_rules(load_yaml_text(yaml, "t"), "t").rules.at(0); }
}  // namespace

TEST(RuleBook, MatchesOnFieldsPrefixesAmountsAndTheNthRequest) {
    RuleBook book;
    book.add(rule_from("{when: {processing_code: \"01\", amount: \"30000\", nth: 2}, code: \"51\"}"));
    EXPECT_FALSE(book.fire(request("0200", "310000", "")));
    EXPECT_FALSE(book.fire(request("0200", "010000", "000000030000")));  // 1st match
    auto second = book.fire(request("0200", "010000", "000000030000"));
    ASSERT_TRUE(second);
    EXPECT_EQ(second->code, std::optional<std::string>("51"));
    EXPECT_FALSE(book.fire(request("0200", "010000", "000000030000")));  // 3rd match
    EXPECT_FALSE(book.fire(request("0200", "010000", "000000030001")));
}

TEST(RuleBook, TimesLimitsFiringAndFirstRuleWins) {
    RuleBook book;
    std::string a = book.add(rule_from("{when: {mti: \"0200\"}, code: \"96\", times: 1}"));
    book.add(rule_from("{code: \"05\"}"));
    EXPECT_EQ(book.fire(request("0200", "010000", "1"))->code, std::optional<std::string>("96"));
    EXPECT_EQ(book.fire(request("0200", "010000", "1"))->code, std::optional<std::string>("05"));
    EXPECT_TRUE(book.remove(a));
    EXPECT_FALSE(book.remove(a));
    book.clear();
    EXPECT_FALSE(book.fire(request("0200", "010000", "1")));
}

TEST(RuleBook, LinkRulesAreSeparateFromRequestRules) {
    RuleBook book;
    book.add(rule_from("{action: close_on_accept, times: 1}"));
    EXPECT_FALSE(book.fire(request("0200", "010000", "1")));
    EXPECT_FALSE(book.refusing());
    ASSERT_TRUE(book.fire_link());
    EXPECT_FALSE(book.fire_link()) << "times: 1";
    book.add(rule_from("{action: refuse_connections}"));
    EXPECT_TRUE(book.refusing());
}

}  // namespace atmbench::host
