// The actions of a link script (link_steps.hpp): sign-on, echo, time sync, the four financial requests, reversal
// (0400/0420/0421), batch settlement, reconnect, a pause. Format: fixtures/link-scripts/README.md.
#include "link_steps.hpp"

#include <thread>

namespace atmbench::cli {

namespace {

using host::LinkResult;
using Result = std::optional<LinkResult>;

Result sign_on(LinkStepContext& c) {
    c.request = c.link.network(c.args.node().IsScalar() ? c.args.node().Scalar() : "003");
    return c.link.sign_on(c.request, c.timeout);
}

Result network(LinkStepContext& c, const char* code) {
    c.request = c.link.network(code);
    return c.link.exchange(c.request, c.timeout);
}

// inquiry 31, withdrawal 01, deposit 21, transfer 40 (processing code, F3 positions 1–2).
Result financial(LinkStepContext& c, const char* action, const char* kind) {
    c.args.require_map(action);
    c.args.allow_only({"pan", "pin", "amount", "to"});
    std::optional<std::string> pin;
    if (c.args.has("pin")) pin = c.args.string("pin");
    std::int64_t amount = std::string(kind) == "31" ? 0 : c.args.money("amount");
    c.request = c.link.financial(kind, c.args.string("pan"), pin, amount, c.args.string_or("to", ""));
    return c.link.exchange(c.request, c.timeout);
}

Result reversal(LinkStepContext& c) {
    c.args.require_map("reversal");
    c.args.allow_only({"of", "mti"});
    int of = static_cast<int>(c.args.integer("of", 1, c.number - 1));
    if (!c.sent.count(of)) c.args.fail(c.args["of"], "of", "step " + std::to_string(of) + " sent no financial request");
    std::string mti = c.args.string_or("mti", "0400");
    if (mti != "0400" && mti != "0420" && mti != "0421") c.args.fail(c.args["mti"], "mti", "expected 0400, 0420 or 0421 (found " + mti + ")");
    c.request = c.link.reversal(c.sent.at(of), mti);
    return c.link.exchange(c.request, c.timeout);
}

Result settle(LinkStepContext& c) {
    // 0500 batch settlement with the totals the script claims (F48, host/settlement.hpp).
    c.args.require_map("settle");
    c.args.allow_only({"batch", "debits", "debit_count", "credits", "credit_count"});
    host::BatchTotals t;
    t.debit_amount = c.args.money_or("debits", 0);
    t.debit_count = static_cast<int>(c.args.integer_or("debit_count", 0, 0, 999));
    t.credit_amount = c.args.money_or("credits", 0);
    t.credit_count = static_cast<int>(c.args.integer_or("credit_count", 0, 0, 999));
    c.request = c.link.settlement(c.args.string_or("batch", "000001"), t);
    return c.link.exchange(c.request, c.timeout);
}

}  // namespace

const std::vector<LinkAction>& link_actions() {
    static const std::vector<LinkAction> actions{
        {"sign_on", "\"001\" | \"003\" | \"004\": network sign-on; loads the working keys from F62", sign_on},
        {"echo", "{}: network echo (301)", [](LinkStepContext& c) { return network(c, "301"); }},
        {"time_sync", "{}: network time synchronisation (360)", [](LinkStepContext& c) { return network(c, "360"); }},
        {"inquiry", "{pan, pin?}: balance inquiry (0200, 31)", [](LinkStepContext& c) { return financial(c, "inquiry", "31"); }},
        {"withdrawal", "{pan, pin?, amount}", [](LinkStepContext& c) { return financial(c, "withdrawal", "01"); }},
        {"deposit", "{pan, pin?, amount}", [](LinkStepContext& c) { return financial(c, "deposit", "21"); }},
        {"transfer", "{pan, pin?, amount, to}", [](LinkStepContext& c) { return financial(c, "transfer", "40"); }},
        {"reversal", "{of: STEP, mti?: 0400|0420|0421}: reverses the request of an earlier step", reversal},
        {"settle", "{batch?, debits?, debit_count?, credits?, credit_count?}: 0500 batch settlement, totals in F48", settle},
        {"reconnect", "{}: a new connection to the same address",
         [](LinkStepContext& c) -> Result {
             c.link.connect(c.address, std::chrono::milliseconds(3000));
             return std::nullopt;
         }},
        {"wait_ms", "N: pause N ms (0 … 600000)",
         [](LinkStepContext& c) -> Result {
             std::this_thread::sleep_for(std::chrono::milliseconds(c.step.integer("wait_ms", 0, 600000)));
             return std::nullopt;
         }},
    };
    return actions;
}

const LinkAction* find_link_action(const std::string& name) {
    for (const auto& a : link_actions())
        if (a.name == name) return &a;
    return nullptr;
}

}  // namespace atmbench::cli
