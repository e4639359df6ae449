// CashService: what the service offers, command dispatch, and its parts of Common.Status / Common.Capabilities
// (reference/xfs4iot.md §3 CashDispenser, CashManagement, CashAcceptor, Storage, Common).
#include "atmbench/devices/cash_service.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace json = boost::json;
using xfs4iot::Command;
using xfs4iot::CommandInfo;
using xfs4iot::CompletionCode;

CashService::CashService(const CashModuleConfig& config, std::optional<std::string> e2e_key)
    : config_(config), model_(config) {
    if (e2e_key) tokens_.emplace(std::move(*e2e_key));
    model_.set_listener(this);
    publish_status();  // records the initial state
}

std::map<std::string, CommandInfo> CashService::commands() const {
    // Versions per §3 (2024-03): Denominate/Dispense 3.0, GetItemInfo completion 3.0, Storage 2.1. Information
    // commands (§2) run at once: GetStorage, the status queries, and the nonce, which moves nothing.
    std::map<std::string, CommandInfo> c{
        {"CashDispenser.Denominate", {"3.0", false}},      {"CashDispenser.Dispense", {"3.0", false}},
        {"CashDispenser.Present", {"2.0", false}},         {"CashDispenser.Reject", {"2.0", false}},
        {"CashDispenser.GetPresentStatus", {"2.0", true}}, {"CashManagement.Retract", {"2.0", false}},
        {"CashManagement.Reset", {"2.0", false}},          {"CashManagement.OpenShutter", {"2.0", false}},
        {"CashManagement.CloseShutter", {"2.0", false}},   {"CashManagement.GetItemInfo", {"3.0", true}},
        {"Storage.GetStorage", {"2.1", true}},             {"Storage.SetStorage", {"2.1", false}},
        {"Storage.StartExchange", {"2.0", false}},         {"Storage.EndExchange", {"2.0", false}},
        {"CashAcceptor.CashInStart", {"2.0", false}},      {"CashAcceptor.CashIn", {"2.0", false}},
        {"CashAcceptor.CashInEnd", {"2.0", false}},        {"CashAcceptor.CashInRollback", {"2.0", false}},
        {"CashAcceptor.GetCashInStatus", {"2.0", true}}};
    if (tokens_) {  // §4: the nonce commands exist where end-to-end security is configured
        c["Common.GetCommandNonce"] = {"2.0", true};
        c["Common.ClearCommandNonce"] = {"2.0", true};
    }
    return c;
}

std::vector<std::string> CashService::events() const {
    return {"CashDispenser.IncompleteDispenseEvent", "CashManagement.ItemsPresentedEvent",
            "CashManagement.ItemsTakenEvent",        "CashManagement.ItemsInsertedEvent",
            "CashManagement.ShutterStatusChangedEvent", "CashManagement.IncompleteRetractEvent",
            "Storage.StorageErrorEvent",             "Storage.CountsChangedEvent",
            "Storage.StorageChangedEvent",           "CashAcceptor.InputRefuseEvent",
            "CashAcceptor.SubCashInEvent",           "CashAcceptor.InsertItemsEvent",
            "Common.StatusChangedEvent",             "Common.NonceClearedEvent"};
}

void CashService::execute(const std::shared_ptr<Command>& cmd) {
    using Handler = void (CashService::*)(Command&);
    static const std::map<std::string, Handler> queued{
        {"CashDispenser.Denominate", &CashService::denominate},
        {"CashDispenser.Dispense", &CashService::dispense},
        {"CashDispenser.Present", &CashService::present},
        {"CashDispenser.Reject", &CashService::reject},
        {"CashManagement.Retract", &CashService::retract},
        {"CashManagement.Reset", &CashService::reset},
        {"CashManagement.OpenShutter", &CashService::open_shutter},
        {"CashManagement.CloseShutter", &CashService::close_shutter},
        {"Storage.SetStorage", &CashService::set_storage},
        {"Storage.StartExchange", &CashService::start_exchange},
        {"Storage.EndExchange", &CashService::end_exchange},
        {"CashAcceptor.CashInStart", &CashService::cash_in_start},
        {"CashAcceptor.CashInEnd", &CashService::cash_in_end},
        {"CashAcceptor.CashInRollback", &CashService::cash_in_rollback}};
    static const std::map<std::string, Handler> information{
        {"CashDispenser.GetPresentStatus", &CashService::get_present_status},
        {"CashManagement.GetItemInfo", &CashService::get_item_info},
        {"CashAcceptor.GetCashInStatus", &CashService::get_cash_in_status},
        {"Common.GetCommandNonce", &CashService::get_command_nonce},
        {"Common.ClearCommandNonce", &CashService::clear_command_nonce}};
    const std::string& n = cmd->name();
    if (n == "Storage.GetStorage") return get_storage(*cmd);
    if (auto it = information.find(n); it != information.end()) {  // beside the queue: never the active command
        (this->*it->second)(*cmd);
        publish_status();
        return;
    }
    active_ = cmd;
    if (model_.hangs(command_point(n))) return hang(cmd);  // the "hang" fault: no completion until stopped
    if (n == "CashAcceptor.CashIn") cash_in(cmd);
    else if (auto q = queued.find(n); q != queued.end()) (this->*q->second)(*cmd);
    else cmd->complete(CompletionCode::UnsupportedCommand);
    if (cmd->completed()) active_.reset();  // a CashIn waiting for notes stays active
    publish_status();
}

std::string CashService::currency_of(const Mix& mix) const {
    for (const auto& [id, n] : mix)
        if (const CashUnit* u = model_.unit(id); u && !u->reported_currency.empty()) return u->reported_currency;
    return {};
}

std::int64_t CashService::amount_of(const Mix& mix) const {
    std::int64_t sum = 0;
    for (const auto& [id, n] : mix)
        if (const CashUnit* u = model_.unit(id)) sum += n * u->reported_value;
    return sum;
}

json::object CashService::status() const {
    auto empty_or_not = [&](std::string_view where) { return model_.notes_at(where).empty() ? "empty" : "notEmpty"; };
    bool online = model_.device_state() == DeviceState::online;
    bool can_dispense = false, attention = false, can_accept = false;
    for (const CashUnit& u : model_.get_storage()) {
        bool usable = u.status == UnitStatus::ok && !u.reported_empty && u.reported_count > 0;
        if (u.dispenses()) (usable ? can_dispense : attention) = true;
        if (u.dispenses() && usable && replenishment_status(u) == "low") attention = true;
        if (u.accepts_deposits() && u.status == UnitStatus::ok && !u.reported_full) can_accept = true;
    }
    std::string shutter(to_string(model_.shutter()));
    json::object out_position{{"shutter", shutter},
                              {"positionStatus", empty_or_not(where::output)},
                              {"transport", model_.notes_at(where::jammed).empty() ? "ok" : "inoperative"},
                              {"transportStatus", model_.notes_at(where::jammed).empty() &&
                                                          model_.notes_at(where::stacker).empty()
                                                      ? "empty"
                                                      : "notEmpty"}};
    return {{"common", json::object{{"device", to_string(model_.device_state())},
                                    {"exchange", model_.exchange_active() ? "active" : "inactive"},
                                    {"endToEndSecurity", tokens_ ? "enforced" : "notConfigured"}}},
            {"cashDispenser", json::object{{"intermediateStacker", empty_or_not(where::stacker)},
                                           {"positions", json::object{{"outDefault", out_position}}}}},
            {"cashManagement", json::object{{"safeDoor", "closed"},
                                            {"dispenser", !online || !can_dispense ? "stop"
                                                          : attention              ? "attention"
                                                                                   : "ok"},
                                            {"acceptor", online && can_accept ? "ok" : "stop"}}},
            {"cashAcceptor", json::object{{"intermediateStacker", empty_or_not(where::escrow)},
                                          {"stackerItems", model_.notes_at(where::escrow).empty() ? "noItems"
                                                                                                    : "accessUnknown"},
                                          {"banknoteReader", online ? "ok" : "inoperable"}}}};
}

json::object CashService::capabilities() const {
    json::object caps{
        {"cashDispenser", json::object{{"type", "selfServiceBill"},
                                       {"maxDispenseItems", config_.max_dispense_items},
                                       {"shutterControl", false},
                                       {"retractAreas", json::object{{"retract", true}, {"reject", true}}},
                                       {"positions", json::object{{"outDefault", true}}}}},
        {"cashAcceptor", json::object{{"type", "selfServiceBill"},
                                      {"maxCashInItems", config_.max_cash_in_items},
                                      {"shutterControl", false},
                                      {"positions", json::object{{"inDefault", true}, {"outDefault", true}}}}}};
    if (tokens_)  // §4 capabilities: common.endToEndSecurity
        caps["common"] = json::object{
            {"endToEndSecurity", json::object{{"required", "ifConfigured"},
                                              {"hardwareSecurityElement", false},
                                              {"responseSecurityEnabled", "notSupported"},
                                              {"commands", json::array{"CashDispenser.Dispense"}},
                                              {"commandNonceTimeout", 0}}}};
    return caps;
}

}  // namespace atmbench::devices
