// CashService as the model's listener: each model event becomes its XFS4IoT event (docs/references.md [XFS4IoT] §3).
// Solicited events (E) go to the executing command; unsolicited ones (U) to every connection of the service.
#include "devices/cash/cash_payloads.hpp"
#include "devices/cash/cash_service.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace json = boost::json;

namespace {
// The model has one output position and one input position: XFS4IoT's outDefault and inDefault.
constexpr const char* kOut = "outDefault";
constexpr const char* kIn = "inDefault";
}  // namespace

void CashService::items_presented(int) {
    broadcast("CashManagement.ItemsPresentedEvent", json::object{{"position", kOut}, {"additionalBunches", "none"}});
}

void CashService::items_taken(std::string_view, int) {
    broadcast("CashManagement.ItemsTakenEvent", json::object{{"position", kOut}, {"additionalBunches", "none"}});
    publish_status();
}

void CashService::items_inserted(int) {
    broadcast("CashManagement.ItemsInsertedEvent", json::object{{"position", kIn}});
    if (waiting_cash_in_) finish_cash_in();
}

void CashService::insert_items() { solicited("CashAcceptor.InsertItemsEvent", nullptr); }

void CashService::shutter_changed(ShutterState s) {
    broadcast("CashManagement.ShutterStatusChangedEvent", json::object{{"position", kOut}, {"shutter", to_string(s)}});
}

void CashService::incomplete_dispense(const Mix& dispensed) {
    // What did leave the units before the failure, as a denomination.
    solicited("CashDispenser.IncompleteDispenseEvent",
              denomination_json(dispensed, amount_of(dispensed), currency_of(dispensed)));
}

void CashService::incomplete_retract(const std::string& unit, int retracted) {
    solicited("CashManagement.IncompleteRetractEvent",
              json::object{{"storage", moved_json({{unit, retracted}})}, {"reason", "retractUnitFull"}});
}

void CashService::storage_error(const std::string& unit, std::string_view failure) {
    // 2024-03 made StorageErrorEvent solicited; a failure outside a command still reaches the clients.
    solicited("Storage.StorageErrorEvent", json::object{{"failure", failure}, {"unit", unit}}, true);
}

void CashService::counts_changed(const std::vector<std::string>& units) {
    broadcast("Storage.CountsChangedEvent", storage_json(units));
}

void CashService::storage_changed(const std::string& unit) {
    broadcast("Storage.StorageChangedEvent", storage_json({unit}));
}

void CashService::input_refused(std::string_view reason, int) {
    solicited("CashAcceptor.InputRefuseEvent", json::object{{"reason", reason}});
}

void CashService::status_changed(DeviceState) { publish_status(); }

}  // namespace atmbench::devices
