// The XFS4IoT service "CashModule1" over the cash module model: CashDispenser, CashManagement, Storage and
// CashAcceptor in one service, as a recycler publishes them (docs/references.md [XFS4IoT] §1 discovery, §3, §3.1). Thin:
// the model decides; this class reads payloads, forwards the model's events and writes completions. Dispense
// needs an end-to-end token when a key is configured (§4, cash_e2e_token.hpp). All on the server's I/O thread.
#pragma once

#include "devices/cash/cash_e2e_token.hpp"
#include "devices/cash/cash_listener.hpp"
#include "devices/cash/cash_module.hpp"
#include "devices/cash_card_adapter.hpp"

#include <optional>

namespace atmbench::devices {

class CashService : public AdapterService, private CashListener {
public:
    // e2e_key: the raw HMAC-SHA256 key bytes; nullopt = end-to-end security not configured.
    CashService(const CashModuleConfig& config, std::optional<std::string> e2e_key);

    CashModule& model() { return model_; }
    const CashModule& model() const { return model_; }
    bool e2e_enforced() const { return tokens_.has_value(); }

    std::string name() const override { return "CashModule1"; }
    std::vector<std::string> interfaces() const override {
        return {"CashDispenser", "CashManagement", "Storage", "CashAcceptor"};
    }
    std::vector<std::string> events() const override;
    boost::json::object status() const override;
    // A bill validator with its own protocol is asked how it is whenever the application asks (ccnet_acceptor.hpp).
    void refresh() override { model_.check_validator(); }
    boost::json::object capabilities() const override;

private:
    using CommandPtr = std::shared_ptr<xfs4iot::Command>;

    // Every command: information ones beside the queue (never the active command); a queued one becomes
    // active_, may hang, and the status is published after it.
    void run(const CommandPtr& cmd, const ServiceCommand& row) override;

    // CashDispenser and E2E (cash_dispenser_commands.cpp).
    void denominate(xfs4iot::Command& cmd);
    void dispense(xfs4iot::Command& cmd);
    void present(xfs4iot::Command& cmd);
    void reject(xfs4iot::Command& cmd);
    void get_present_status(xfs4iot::Command& cmd);
    void get_command_nonce(xfs4iot::Command& cmd);
    void clear_command_nonce(xfs4iot::Command& cmd);
    // CashManagement (cash_management_commands.cpp).
    void retract(xfs4iot::Command& cmd);
    void reset(xfs4iot::Command& cmd);
    void open_shutter(xfs4iot::Command& cmd);
    void close_shutter(xfs4iot::Command& cmd);
    void get_item_info(xfs4iot::Command& cmd);
    // Storage (cash_storage_commands.cpp).
    void get_storage(xfs4iot::Command& cmd) const;
    void set_storage(xfs4iot::Command& cmd);
    void start_exchange(xfs4iot::Command& cmd);
    void end_exchange(xfs4iot::Command& cmd);
    boost::json::object storage_json(const std::vector<std::string>& only = {}) const;
    // CashAcceptor (cash_acceptor_commands.cpp).
    void cash_in_start(xfs4iot::Command& cmd);
    void cash_in(const CommandPtr& cmd);
    void finish_cash_in();  // the customer's notes are at the input: count them and complete the waiting CashIn
    void cash_in_end(xfs4iot::Command& cmd);
    void cash_in_rollback(xfs4iot::Command& cmd);
    void get_cash_in_status(xfs4iot::Command& cmd);

    // The currency a mix is in (its first unit's reported currency), and its amount by reported denominations.
    std::string currency_of(const Mix& mix) const;
    std::int64_t amount_of(const Mix& mix) const;

    // CashListener (cash_service_events.cpp).
    void items_presented(int count) override;
    void items_taken(std::string_view position, int count) override;
    void items_inserted(int count) override;
    void insert_items() override;
    void shutter_changed(ShutterState state) override;
    void incomplete_dispense(const Mix& dispensed) override;
    void incomplete_retract(const std::string& unit, int retracted) override;
    void storage_error(const std::string& unit, std::string_view failure) override;
    void counts_changed(const std::vector<std::string>& units) override;
    void storage_changed(const std::string& unit) override;
    void input_refused(std::string_view reason, int count) override;
    void status_changed(DeviceState state) override;

    CashModuleConfig config_;
    CashModule model_;
    std::optional<DispenseTokens> tokens_;
    CommandPtr waiting_cash_in_;  // a CashIn waiting for the customer's notes
};

}  // namespace atmbench::devices
