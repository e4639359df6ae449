// What the cash module tells the world while it works: one method per XFS4IoT event an adapter forwards
// (CashManagement, CashDispenser, CashAcceptor, Storage, Common). Every method has an empty default.
#pragma once

#include "devices/cash/cash_types.hpp"
#include "devices/device_state.hpp"

#include <string>
#include <vector>

namespace atmbench::devices {

class CashListener {
public:
    virtual ~CashListener() = default;
    virtual void items_presented(int /*count*/) {}                       // CashManagement.ItemsPresentedEvent
    virtual void items_taken(std::string_view /*position*/, int /*count*/) {}  // CashManagement.ItemsTakenEvent
    virtual void items_inserted(int /*count*/) {}                        // CashManagement.ItemsInsertedEvent
    virtual void insert_items() {}                                       // CashAcceptor.InsertItemsEvent
    virtual void shutter_changed(ShutterState /*state*/) {}              // CashManagement.ShutterStatusChangedEvent
    virtual void incomplete_dispense(const Mix& /*dispensed*/) {}        // CashDispenser.IncompleteDispenseEvent
    virtual void incomplete_retract(const std::string& /*unit*/, int /*retracted*/) {}  // IncompleteRetractEvent
    // Storage.StorageErrorEvent; failure = empty | error | full | config | …
    virtual void storage_error(const std::string& /*unit*/, std::string_view /*failure*/) {}
    virtual void counts_changed(const std::vector<std::string>& /*units*/) {}  // Storage.CountsChangedEvent
    virtual void storage_changed(const std::string& /*unit*/) {}         // Storage.StorageChangedEvent
    // CashAcceptor.InputRefuseEvent; reason = invalidBill | invalidBunch | …
    virtual void input_refused(std::string_view /*reason*/, int /*count*/) {}
    virtual void status_changed(DeviceState /*state*/) {}                // Common.StatusChangedEvent
};

}  // namespace atmbench::devices
