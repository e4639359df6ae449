// The cash module: dispenser + acceptor + storage, recycler-capable (issue 3; 7.3.6.3 cash business). A pure
// state machine with physical truth: a NoteLedger says where every note is; the cash units say what the device
// reports. Methods mirror the XFS4IoT commands (CashDispenser, CashManagement, CashAcceptor, Storage) and the
// customer's and operator's hands; results carry the XFS4IoT completion and errorCode; events go to a listener.
//
// Faults (inject_fault / FaultSpec.name), each one-shot or persistent, at the n-th occurrence of its point:
//   at a point (armed):  jam (count = notes picked before the jam; point "dispense"), cassetteEmpty (target unit;
//     the picker finds the unit empty), shutterOpenFail, shutterCloseFail, presentFail (count = notes that reach
//     the output), escrowJam (points "cashIn", "cashInEnd", "cashInRollback"), storageFull (target unit; points
//     "cashInEnd", "retract"), cashInFail (points "cashIn": the bunch is counted into the escrow, then the command
//     fails with hardwareError and no count, "cashInEnd": fails before storing; either way the notes stay in the
//     escrow, the cash-in stays open and the device usable, so CashInRollback returns them), countMismatch (target unit, count = notes the device claims beyond those that
//     moved; points "dispense", "retract", "cashInEnd"), hardwareError (at = a command name or any command),
//     hang (at = a command: it does nothing and never completes until Common.Cancel, its header timeout or a
//     disconnect ends it, docs/references.md [XFS4IoT] §2; the service asks hangs() before it runs a queued command).
//   at once (state):     cassetteMissing / cassetteRemoved (target; removed also raises StorageChanged),
//     cassetteInserted, cassetteMismatch (target, currency, value), notesInTransport (count, target = "stacker" or
//     "output"; picked from the first dispensing unit as a previous session left them), offline.
//   A state fault given an `at` (a command: "dispense", "present", "retract", "cashIn", …) waits instead and takes
//   effect just before the n-th occurrence of that command (e.g. cassetteRemoved at the 2nd dispense).
#pragma once

#include "atmbench/devices/cash_module_config.hpp"
#include "atmbench/devices/cash_unit.hpp"
#include "atmbench/devices/fault_plan.hpp"
#include "devices/cash/cash_listener.hpp"
#include "devices/cash/cash_types.hpp"
#include "devices/cash/note_ledger.hpp"
#include "devices/cash/note_validator.hpp"
#include "devices/cash/serial_numbers.hpp"
#include "devices/device_model.hpp"
#include "devices/device_state.hpp"
#include "devices/outcome.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::devices {

struct DenominateResult {
    Outcome outcome;
    Mix mix;                 // unit id → notes
    std::int64_t amount = 0; // minor units, by the reported denominations
};

struct DispenseResult {
    Outcome outcome;
    Mix mix;                  // what the device says it moved to the stacker (the truth is in the ledger)
    std::int64_t amount = 0;  // reported amount of that mix
    std::vector<std::string> serials;  // serial numbers of the notes physically moved
};

struct PresentResult {
    Outcome outcome;
    int presented = 0;        // notes that reached the output position
};

struct RetractResult {
    Outcome outcome;
    std::string unit;         // where they went
    int retracted = 0;
};

struct CashInResult {
    Outcome outcome;
    std::vector<NoteCount> accepted;  // to escrow by this CashIn
    std::vector<NoteCount> refused;   // back at the output position
};

struct CashInEndResult {
    Outcome outcome;
    Mix stored;               // unit id → notes stored (CashInEnd) or retained (CashInRollback)
    int returned = 0;         // notes put back at the output position (CashInRollback)
};

struct PresentStatus {
    PresentState state = PresentState::unknown;
    Mix mix;                  // the last dispensed bunch
    std::int64_t amount = 0;
};

struct CashInState {
    CashInStatus status = CashInStatus::unknown;
    int refused = 0;
    std::vector<NoteCount> notes;  // accepted in this transaction
};

class CashModule : public DeviceModel {
public:
    // Throws std::invalid_argument for a unit that cannot exist (duplicate id, notes without a denomination).
    explicit CashModule(const CashModuleConfig& config);
    CashModule(const CashModule&) = delete;
    CashModule& operator=(const CashModule&) = delete;

    void set_listener(CashListener* l) { listener_ = l; }
    // A bill validator with its own protocol as the acceptor (note_validator.hpp; not owned, outlives the module):
    // CashInStart, CashIn, CashInEnd and CashInRollback then move each note only as far as the validator did.
    void set_validator(NoteValidator* v) { validator_ = v; }
    // Outside a cash-in, asks the validator how it is (NoteValidator::check) and updates the drop cassette's unit.
    void check_validator();

    // ---- CashDispenser
    DenominateResult denominate(std::int64_t amount, const std::string& currency, const Mix& counts = {});
    DispenseResult dispense(const Mix& mix);
    PresentResult present();
    Outcome reject();
    PresentStatus get_present_status() const;

    // ---- CashManagement
    // area: "retract" (retract unit) or "reject" (reject unit); index is 1-based among units of that type.
    RetractResult retract(const std::string& area = "retract", int index = 1);
    Outcome open_shutter();
    Outcome close_shutter();
    // Moves leftovers (stacker, output, escrow, jammed) to the retract unit (reject unit if none), closes the
    // shutter, ends cash-in and clears a hardware error.
    RetractResult reset();
    ShutterState shutter() const { return shutter_; }
    // Notes at a location with their serials (GetItemInfo), and those moved by the last dispense / cash-in.
    const std::vector<Note>& notes_at(std::string_view location) const { return ledger_.at(location); }
    const std::vector<Note>& last_notes() const { return last_notes_; }

    // ---- CashAcceptor
    Outcome cash_in_start();
    // Opens the input for the customer (InsertItemsEvent); the adapter then waits for items_inserted.
    Outcome ready_for_insert();
    CashInResult cash_in();
    CashInEndResult cash_in_end();
    CashInEndResult cash_in_rollback();
    CashInState get_cash_in_status() const;
    bool cash_in_active() const { return cash_in_active_; }

    // ---- Storage
    std::vector<CashUnit> get_storage() const;   // the reported view
    const CashUnit* unit(std::string_view id) const;
    // SetStorage: the reported count (and initial) of a unit; the notes inside do not change.
    Outcome set_storage(const std::string& unit, int count);
    Outcome start_exchange();
    Outcome end_exchange();
    bool exchange_active() const { return exchange_active_; }
    // Operator's hands during an exchange: load n new notes / take every note out.
    Outcome replenish(const std::string& unit, int notes);
    Outcome empty_unit(const std::string& unit);

    // ---- The customer's hands
    // Puts notes at the input position (cash-in must be active); a note the customer took before may come back.
    // Returns false when the input is closed. Throws std::invalid_argument for a serial already inside.
    bool customer_insert(std::vector<Note> notes);
    // Takes up to n notes from the output position (n < 0 = all); returns how many. ItemsTaken, then the shutter
    // closes once the output is empty.
    int customer_take(int n = -1);
    int customer_take_refused() { return customer_take(); }
    // n new notes for a customer to insert, with serial numbers from the module's sequence.
    std::vector<Note> make_notes(const std::string& currency, std::int64_t value, NoteClass c, int n);

    // ---- Faults and health
    // Applies a state fault at once or arms a point fault (see the list above). Throws std::invalid_argument for
    // an unknown name or a missing target.
    void inject_fault(const FaultSpec& f) override;
    int clear_fault(std::string_view name);
    static const std::vector<std::string>& fault_names();
    const FaultPlan& faults() const { return faults_; }
    // True when the "hang" fault armed at this command point ("dispense", "cashInEnd", …) fires now: the service
    // then leaves the command without a completion, and nothing moves.
    bool hangs(std::string_view command) { return faults_.fire("hang", command).has_value(); }
    void set_online();   // ends "offline"

    // ---- Physical truth
    const NoteLedger& ledger() const { return ledger_; }
    int physical_count(std::string_view unit) const { return ledger_.count(unit); }
    // Notes that came into the world after construction (customer inserts, replenishment).
    int notes_introduced() const { return introduced_; }
    // {"notes": ledger, "shutter": …, "device": online|offline|hardwareError, "units": {id: {"count": truth,
    //  "reportedCount", "currency"/"value" (the notes loaded), "reportedCurrency"/"reportedValue"}}, "total": n}
    boost::json::object physical_truth() const override;

private:
    CashUnit* find(std::string_view id);
    CashUnit* unit_of_type(UnitType t, int index);
    std::optional<Outcome> admit(std::string_view command, bool in_transaction = true);
    void apply_state_fault(const FaultSpec& f);
    void set_shutter(ShutterState s);
    bool shutter_opens(std::string_view point);   // false when shutterOpenFail fires (shutter then jammed)
    bool shutter_closes(std::string_view point);  // false when shutterCloseFail fires (shutter then jammed)
    void counts_changed(std::vector<std::string> units);
    int claimed(std::string_view point, const std::string& unit, int moved);  // countMismatch
    // Moves the notes of `from` (in order) into u, as far as it has room; counts them as retracted or rejected.
    RetractResult store_leftovers(CashUnit& u, std::initializer_list<std::string_view> from, std::string_view point,
                                  bool rejected);
    CashUnit* deposit_target(const Note& n, const std::map<std::string, int>& planned);
    std::optional<Outcome> escrow_jam(std::string_view point);
    // The validator's path of CashIn / CashInEnd / CashInRollback (cash_acceptor_validator.cpp).
    CashInResult cash_in_through_validator();
    // CashInEnd (&NoteValidator::stack) or CashInRollback (&NoteValidator::give_back): nullopt when the validator
    // moved the escrowed note (or there is no validator), else how the command ends.
    std::optional<Outcome> validator_moves_escrow(Outcome (NoteValidator::*move)());
    Outcome validator_failed(Outcome failure, std::string_view from);
    void validator_storage_status();

    CashListener* listener_ = nullptr;
    NoteValidator* validator_ = nullptr;
    std::string drop_problem_;  // what the validator last said of its drop cassette ("", "missing", "full")
    CashListener silent_;
    CashListener& events() { return listener_ ? *listener_ : silent_; }

    CashModuleConfig config_;
    std::vector<CashUnit> units_;
    NoteLedger ledger_;
    SerialNumbers serials_;
    ShutterState shutter_ = ShutterState::closed;
    PresentState present_state_ = PresentState::notPresented;
    Mix last_bunch_;
    bool taken_since_present_ = false;
    std::vector<Note> last_notes_;
    bool exchange_active_ = false;
    bool cash_in_active_ = false;
    bool input_open_ = false;
    CashInStatus cash_in_status_ = CashInStatus::unknown;
    int refused_ = 0;
    std::vector<Note> cash_in_notes_;
    int introduced_ = 0;
};

}  // namespace atmbench::devices
