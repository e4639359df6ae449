// CashService: CashDispenser commands (Denominate, Dispense with the E2E token, Present, Reject,
// GetPresentStatus) and the Common nonce commands of end-to-end security (docs/references.md [XFS4IoT] §3.1, §4).
#include "devices/cash/cash_payloads.hpp"
#include "devices/cash/cash_service.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace json = boost::json;
using xfs4iot::Command;
using xfs4iot::CompletionCode;

namespace {
// The model has one output position; §3.1 Present/Dispense errorCode unsupportedPosition for any other.
bool default_position(const Command& cmd) {
    std::string p = string_field(cmd.payload(), "position", "outDefault");
    return p == "outDefault";
}
}  // namespace

void CashService::denominate(Command& cmd) {
    std::string error;
    auto req = parse_denomination(cmd.payload(), error);
    if (!req) return cmd.complete(CompletionCode::InvalidData, nullptr, "", error);
    DenominateResult d = model_.denominate(req->amount, req->currency, req->counts);
    std::string currency = req->currency.empty() ? currency_of(d.mix) : req->currency;
    finish(cmd, d.outcome, d.outcome.ok() ? json::value(denomination_json(d.mix, d.amount, currency)) : nullptr);
}

void CashService::dispense(Command& cmd) {
    std::string error;
    auto req = parse_denomination(cmd.payload(), error);
    if (!req) return cmd.complete(CompletionCode::InvalidData, nullptr, "", error);
    if (!default_position(cmd)) return finish(cmd, Outcome::error("unsupportedPosition"));
    // The model denominates first (it checks counts against the amount and finds a mix for a bare amount).
    DenominateResult d = model_.denominate(req->amount, req->currency, req->counts);
    if (!d.outcome.ok()) return finish(cmd, d.outcome);
    std::string currency = req->currency.empty() ? currency_of(d.mix) : req->currency;
    std::string token = string_field(cmd.payload(), "token");
    if (tokens_) {
        // §4: with end-to-end security configured no dispense happens without a valid token.
        if (token.empty())
            return cmd.complete(CompletionCode::AuthorisationRequired, nullptr, "", "Dispense needs an E2E token");
        auto verdict = tokens_->authorise(token, currency, d.amount);
        if (!verdict.ok()) return cmd.complete(verdict.code, nullptr, "", verdict.why);
    }
    DispenseResult r = model_.dispense(d.mix);
    if (tokens_ && r.amount > 0) tokens_->spent(token, currency, r.amount);  // partial dispenses count too
    json::value payload = nullptr;
    if (!r.mix.empty() || r.outcome.ok()) {
        std::vector<std::string> units;
        for (const auto& [id, n] : r.mix) units.push_back(id);
        payload = json::object{{"denomination", denomination_json(r.mix, r.amount, currency)},
                               {"bunches", "1"},
                               {"storage", storage_json(units)}};
    }
    finish(cmd, r.outcome, std::move(payload));
}

void CashService::present(Command& cmd) {
    if (!default_position(cmd)) return finish(cmd, Outcome::error("unsupportedPosition"));
    PresentResult r = model_.present();
    finish(cmd, r.outcome, json::object{{"position", "outDefault"}, {"additionalBunches", "none"}});
}

void CashService::reject(Command& cmd) { finish(cmd, model_.reject()); }

void CashService::get_present_status(Command& cmd) {
    PresentStatus s = model_.get_present_status();
    cmd.complete(CompletionCode::Success,
                 json::object{{"position", "outDefault"},
                              {"presentState", to_string(s.state)},
                              {"denomination", denomination_json(s.mix, s.amount, currency_of(s.mix))},
                              {"additionalBunches", "none"},
                              {"bunchesRemaining", 0}});
}

void CashService::get_command_nonce(Command& cmd) {
    cmd.complete(CompletionCode::Success, json::object{{"commandNonce", tokens_->new_nonce()}});
}

void CashService::clear_command_nonce(Command& cmd) {
    if (tokens_->clear_nonce()) broadcast("Common.NonceClearedEvent", json::object{{"reasonDescription", "cleared by the application"}});
    cmd.complete(CompletionCode::Success);
}

}  // namespace atmbench::devices
