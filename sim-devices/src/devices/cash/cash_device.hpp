// The simulated cash module as the bench composes it (simulated_device.hpp): the XFS4IoT service "CashModule1"
// (cash_service.hpp), the customer's and operator's hands, and the model's faults and physical truth.
//
// Customer actions (act):
//   insertNotes {notes: [{value, currency?, class?, serial?}…]} or {count, value, currency?, class?}
//       the customer puts notes at the input while a CashIn waits; value in major units (100 = 100.00 CNY),
//       class fit | unfit | suspect | counterfeit | unrecognised (default fit), currency default the module's,
//       serial optional (a note taken before may come back by its serial).
//   takeCash {count?}    takes presented notes from the output (all by default): ItemsTakenEvent.
//   takeRefused {}       takes refused or returned notes back from the output.
// Operator actions, during an exchange: replenish {unit, count} (new notes into a unit), emptyUnit {unit}.
// Faults: the model's (cash_module.hpp): jam, cassetteEmpty, shutterOpenFail, shutterCloseFail, presentFail,
//   escrowJam, cashInFail, storageFull, countMismatch, hardwareError, cassetteMissing, cassetteRemoved, cassetteInserted,
//   cassetteMismatch, notesInTransport, offline; with a CCNET validator as the acceptor (config validator:), its own
//   (ccnet_acceptor.hpp): validatorJam, stackerJam, validatorCheated, dropCassetteRemoved, dropCassetteFull,
//   validatorFailure, validatorReports, lineFault.
#pragma once

#include "atmbench/devices/cash_module_config.hpp"
#include "atmbench/devices/simulated_device.hpp"

#include <memory>
#include <string>

namespace atmbench::devices {

class CashModule;
class CashService;
class CcnetAcceptor;
struct DeviceContext;

struct CashDeviceOptions {
    // End-to-end security (docs/references.md [XFS4IoT] §4): the HMAC-SHA256 key as hex (a config value). Empty = E2E is
    // not configured and Dispense needs no token.
    std::string e2e_key_hex;
    // Where a validator's line (config.validator) records its exchanges, and whether lines open at all (a set built
    // only to be checked opens none). Null: lines open and nothing records.
    const DeviceContext* context = nullptr;
};

class CashDevice : public SimulatedDevice {
public:
    // Throws std::invalid_argument for a key that is not hex.
    explicit CashDevice(const CashModuleConfig& config, CashDeviceOptions options = {});
    ~CashDevice() override;

    std::string id() const override { return "cash"; }
    std::vector<std::shared_ptr<WireFace>> wire_faces() override;
    void inject_fault(const FaultSpec& spec) override;
    void clear_faults() override;
    std::vector<std::string> fault_names() const override;
    boost::json::object physical_truth() const override;

    CashModule& model();

private:
    boost::json::value insert_notes(const boost::json::object& args);
    boost::json::value take(const std::string& action, const boost::json::object& args);
    boost::json::value exchange(const std::string& action, const boost::json::object& args);
    // Hands moved notes: the service tells the application (Common.StatusChangedEvent, storage counts).
    boost::json::value published(boost::json::value result);

    std::unique_ptr<CcnetAcceptor> validator_;  // before the service, whose model points at it
    std::shared_ptr<CashService> service_;
    std::string currency_;  // the module's currency, for notes given without one
};

std::unique_ptr<SimulatedDevice> make_cash_device(const CashModuleConfig& config, CashDeviceOptions options = {});

}  // namespace atmbench::devices
