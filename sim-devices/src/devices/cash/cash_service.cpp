// CashService: what the service offers, command dispatch, and its parts of Common.Status / Common.Capabilities
// (docs/references.md [XFS4IoT] §3 CashDispenser, CashManagement, CashAcceptor, Storage, Common).
#include "devices/cash/cash_service.hpp"

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
    // Versions per §3 (2024-03): Denominate/Dispense 3.0, GetItemInfo 2.0 with completion 3.0, GetStorage 2.0 with completion 2.1, SetStorage 2.1. Information
    // commands (§2) run at once: GetStorage, the status queries, and the nonce, which moves nothing.
    const auto row = [this](std::string name, CommandInfo info, std::string doc, void (CashService::*handler)(Command&)) {
        return ServiceCommand{std::move(name), std::move(info), std::move(doc),
                              [this, handler](const CommandPtr& cmd) { (this->*handler)(*cmd); }};
    };
    std::vector<ServiceCommand> table{
        row("CashDispenser.Denominate", {"3.0", false}, "checks a mix or amount against the units", &CashService::denominate),
        row("CashDispenser.Dispense", {"3.0", false}, "picks notes into the stacker (with an E2E token where configured)",
            &CashService::dispense),
        row("CashDispenser.Present", {"2.0", false}, "opens the shutter to the customer", &CashService::present),
        row("CashDispenser.Reject", {"2.0", false}, "moves stacked notes to the reject unit", &CashService::reject),
        row("CashDispenser.GetPresentStatus", {"2.0", true}, "what the last present did", &CashService::get_present_status),
        row("CashManagement.Retract", {"2.0", false}, "takes presented notes back in", &CashService::retract),
        row("CashManagement.Reset", {"2.0", false}, "resets, clearing the transport", &CashService::reset),
        row("CashManagement.OpenShutter", {"2.0", false}, "opens the shutter", &CashService::open_shutter),
        row("CashManagement.CloseShutter", {"2.0", false}, "closes the shutter", &CashService::close_shutter),
        row("CashManagement.GetItemInfo", {"2.0", true, {}, "3.0"}, "serial numbers of the notes handled", &CashService::get_item_info),
        {"Storage.GetStorage", {"2.0", true, {}, "2.1"}, "the units with their counts",
         [this](const CommandPtr& cmd) { get_storage(*cmd); }},
        row("Storage.SetStorage", {"2.1", false}, "sets reported counts and limits", &CashService::set_storage),
        row("Storage.StartExchange", {"2.0", false}, "starts a replenishment", &CashService::start_exchange),
        row("Storage.EndExchange", {"2.0", false}, "ends a replenishment", &CashService::end_exchange),
        row("CashAcceptor.CashInStart", {"2.0", false}, "starts a cash-in transaction", &CashService::cash_in_start),
        {"CashAcceptor.CashIn", {"2.0", false}, "waits for the customer's notes and counts them",
         [this](const CommandPtr& cmd) { cash_in(cmd); }},
        row("CashAcceptor.CashInEnd", {"2.0", false}, "stores the escrowed notes", &CashService::cash_in_end),
        row("CashAcceptor.CashInRollback", {"2.0", false}, "returns the escrowed notes", &CashService::cash_in_rollback),
        row("CashAcceptor.GetCashInStatus", {"2.0", true}, "the cash-in transaction so far", &CashService::get_cash_in_status),
    };
    if (tokens_) {  // §4: the nonce commands exist where end-to-end security is configured
        table.push_back(row("Common.GetCommandNonce", {"2.0", true}, "a nonce for the next token", &CashService::get_command_nonce));
        table.push_back(row("Common.ClearCommandNonce", {"2.0", true}, "invalidates the nonce", &CashService::clear_command_nonce));
    }
    define_commands(std::move(table));
    publish_status();  // records the initial state
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

void CashService::run(const CommandPtr& cmd, const ServiceCommand& row) {
    if (cmd->name() == "Storage.GetStorage") refresh();
    if (cmd->name() == "Storage.GetStorage") return row.handler(cmd);  // reads only: nothing to publish
    if (row.info.information) {  // beside the queue: never the active command
        row.handler(cmd);
        publish_status();
        return;
    }
    active_ = cmd;
    if (model_.hangs(command_point(cmd->name()))) return hang(cmd);  // the "hang" fault: no completion until stopped
    row.handler(cmd);
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
