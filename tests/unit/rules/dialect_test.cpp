// A host dialect is data: the same customer stories told in a second ISO 8583 dialect written only in JSON
// (tests/data/iso8583/bank-b-1993.json: 1993-style MTIs 1200/1420/1520/1804, other processing codes, the network management
// code in F24, the original in F56) give the same host facts and the same verdict from every rule of the
// catalogue as in cup-atm — the rules speak of withdrawals and reversals, not of MTIs.
#include "rules_test_support.hpp"

#include <boost/json.hpp>

namespace atmbench::harness::test {
namespace {

const std::string kBankB = std::string(ATMBENCH_FIXTURES_DIR) + "/../tests/data/iso8583/bank-b-1993.json";

// What a cup-atm message is called in bank-b-1993.
std::string mti_in_bank_b(const std::string& mti) {
    static const std::map<std::string, std::string> m{{"0200", "1200"}, {"0210", "1210"}, {"0400", "1420"}, {"0410", "1430"},
                                                      {"0420", "1420"}, {"0421", "1421"}, {"0430", "1430"}, {"0500", "1520"},
                                                      {"0510", "1530"}, {"0800", "1804"}, {"0810", "1814"}};
    return m.at(mti);
}
std::string processing_in_bank_b(const std::string& f3) {
    static const std::map<std::string, std::string> m{{"01", "17"}, {"21", "24"}, {"31", "30"}, {"40", "48"}};
    return m.at(f3.substr(0, 2)) + f3.substr(2);
}
std::string network_code_in_bank_b(const std::string& code) {
    static const std::map<std::string, std::string> m{{"003", "801"}, {"101", "811"}, {"301", "831"}, {"201", "500"}};
    return m.at(code);
}

// The trace as the host's recorder would have written it had the host spoken bank-b-1993.
std::vector<TraceEvent> told_in_bank_b(std::vector<TraceEvent> events) {
    for (TraceEvent& e : events) {
        if (e.source != "host" || e.kind == "event") continue;
        json::object& d = e.data.as_object();
        std::string mti = mti_in_bank_b(std::string(d.at("mti").as_string()));
        json::object& msg = d.at("message").as_object();
        json::object& fields = msg.at("fields").as_object();
        if (auto* f3 = fields.if_contains("3")) *f3 = processing_in_bank_b(std::string(f3->as_string()));
        if (auto* f60 = fields.if_contains("60"); f60 && f60->as_string().size() >= 11) {
            std::string v(f60->as_string());
            fields["24"] = network_code_in_bank_b(v.substr(8, 3));
        }
        if (auto* f90 = fields.if_contains("90")) {
            std::string v(f90->as_string());
            fields["56"] = mti_in_bank_b(v.substr(0, 4)) + v.substr(4, 6) + std::string(23, '0');
            fields.erase("90");
        }
        msg["mti"] = mti;
        d["mti"] = mti;  // last: it may move `msg`
        e.name = mti;
    }
    return events;
}

struct SecondDialect : RulesTest {
    void expect_same_facts_and_verdicts() {
        std::vector<TraceEvent> cup = trace.events();
        std::vector<TraceEvent> bank_b = told_in_bank_b(cup);
        // The dialect's bench event comes last so both traces keep the same event indices (evidence).
        bank_b.push_back(TraceEvent{cup.back().t_ns, "bench", "config", "host", json::object{{"profile", kBankB}}, bank_b.size()});
        cup.push_back(TraceEvent{cup.back().t_ns, "bench", "config", "host", json::object{{"profile", "cup-atm"}}, cup.size()});

        Facts a = build_facts(scenario, reference_profile(), cup);
        Facts b = build_facts(scenario, reference_profile(), bank_b);
        ASSERT_EQ(a.host.size(), b.host.size());
        int known = 0;
        for (std::size_t i = 0; i < a.host.size(); ++i) {
            const HostMessage &x = a.host[i], &y = b.host[i];
            SCOPED_TRACE("host message " + std::to_string(i) + " (" + x.mti + " / " + y.mti + ")");
            if (!x.mti.empty()) EXPECT_NE(x.mti, y.mti);
            EXPECT_EQ(x.kind, y.kind);
            known += x.kind.has_value();
            EXPECT_EQ(x.stan, y.stan);
            EXPECT_EQ(x.original_stan, y.original_stan);
            EXPECT_EQ(x.amount, y.amount);
            EXPECT_EQ(x.approved, y.approved);
            EXPECT_EQ(x.reversal_done, y.reversal_done);
            EXPECT_EQ(x.carries_keys, y.carries_keys);
            EXPECT_EQ(x.batch, y.batch);
            EXPECT_EQ(a.reply_to(x) != nullptr, b.reply_to(y) != nullptr);
        }
        EXPECT_GT(known, 0);
        int judged = 0;
        for (const RuleInfo& rule : rule_catalogue()) {
            Verdict va = rule.evaluate(a), vb = rule.evaluate(b);
            EXPECT_EQ(va.outcome, vb.outcome) << rule.id << ": " << va.message << " / " << vb.message;
            EXPECT_EQ(va.evidence, vb.evidence) << rule.id;
            judged += va.outcome == Outcome::Pass || va.outcome == Outcome::Fail;
        }
        EXPECT_GT(judged, 5);
    }
};

TEST_F(SecondDialect, WithdrawalPaidThenSettled) {
    atm.sign_on();
    atm.withdrawal_paid(300);
    atm.return_card();
    atm.settlement();
    expect_same_facts_and_verdicts();
}

TEST_F(SecondDialect, JamReversedThenRepeatUnanswered) {
    atm.sign_on();
    atm.choose_withdrawal();
    atm.request("01", 30000);
    atm.reply("00");
    atm.dispense(300, "commandErrorCode");
    trace.call("CashModule1", "CashDispenser.Reject");
    atm.reversal_unanswered("0400");
    atm.reversal();
    atm.return_card();
    expect_same_facts_and_verdicts();
}

TEST_F(SecondDialect, DepositDeclined) {
    atm.sign_on();
    XfsCall cash_in = atm.choose_deposit();
    atm.insert_notes(cash_in, 2);
    atm.request("21", 20000);
    atm.reply("51");
    atm.rollback();
    atm.return_card();
    expect_same_facts_and_verdicts();
}

TEST_F(SecondDialect, FactsSpeakOfKinds) {
    atm.sign_on();
    atm.choose_withdrawal();
    atm.request("01", 30000);
    atm.reply("00");
    atm.reversal();
    std::vector<TraceEvent> b = told_in_bank_b(trace.events());
    b.push_back(TraceEvent{0, "bench", "config", "host", json::object{{"profile", kBankB}}, b.size()});
    Facts f = build_facts(scenario, reference_profile(), b);
    ASSERT_EQ(f.requests(HostKind::SignOn).size(), 1u);
    ASSERT_EQ(f.requests(HostKind::Withdrawal).size(), 1u);
    const HostMessage& w = *f.requests(HostKind::Withdrawal).front();
    EXPECT_EQ(f.approved(HostKind::Withdrawal).size(), 1u);
    ASSERT_EQ(f.reversals_of(w).size(), 1u);
    EXPECT_EQ(f.original_of(*f.reversals_of(w).front()), &w);
    EXPECT_TRUE(f.requests(HostKind::Deposit).empty());
}

}  // namespace
}  // namespace atmbench::harness::test
