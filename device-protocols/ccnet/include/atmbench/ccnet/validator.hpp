// A simulated CashCode bill validator on CCNET (harness-usb.md §3.2): a device_link::WireDevice that answers the
// controller's frames, keeps the physical truth (where every note inserted went) and carries a fault plan.
//
// The states follow §3.2. So that a test knows which POLL reports what, each passing state (INITIALIZE,
// ACCEPTING, STACKING, RETURNING, BILL STACKED, BILL RETURNED, REJECTING, CHEATED) is reported on exactly one POLL
// and left once the controller ACKs that answer; a POLL that comes without an ACK of the previous answer (the
// controller missed it) gets the same answer again, as does a NAK, so a lost or garbled answer never loses an
// event. Resting states (POWER UP…, IDLING, UNIT DISABLED, ESCROW POSITION, HOLDING, the faults) hold until a
// command or the bench moves them on.
//
//   POWER UP (or …WITH BILL) --RESET--> INITIALIZE --> UNIT DISABLED <--ENABLE BILL TYPES--> IDLING
//   IDLING --insert_note--> ACCEPTING --> ESCROW POSITION (escrow bit of the type set)
//                                     --> STACKING (escrow bit clear: no stop in escrow)
//                                     --> REJECTING + IDENTIFICATION (not in the bill table) / VERIFICATION
//                                         (counterfeit) / INHIBIT (type not enabled)
//   ESCROW POSITION --STACK--> STACKING --> BILL STACKED --> IDLING (or DROP CASSETTE FULL at capacity)
//                   --RETURN--> RETURNING --> BILL RETURNED --> IDLING
//                   --HOLD--> HOLDING (then STACK or RETURN as from escrow)
// A command that does not fit the state (STACK while idling) is answered ILLEGAL COMMAND (0x30); a frame with a
// bad CRC is answered NAK; a frame for another address is not answered at all.
#pragma once

#include "atmbench/ccnet/bill_table.hpp"
#include "atmbench/ccnet/codes.hpp"
#include "atmbench/ccnet/fault_plan.hpp"
#include "atmbench/ccnet/frame.hpp"
#include "atmbench/ccnet/identification.hpp"
#include "atmbench/device_link/byte_link.hpp"

#include <map>
#include <string>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <vector>

namespace atmbench::ccnet {

struct ValidatorSettings {
    BillTable bill_table = BillTable::parse("CNY:1,5,10,20,50,100");
    std::size_t cassette_capacity = 1000;
    Identification identification;
};

// Where every note went since power on, as the bench checks it against what the driver reported.
struct ValidatorTruth {
    int inserted = 0;             // notes drawn in
    int rejected = 0;             // handed back by the validator (REJECTING)
    int returned = 0;             // handed back on RETURN, or by RESET from the escrow
    int cheated = 0;              // pulled back by the customer
    int removed_by_operator = 0;  // taken out of a jam by the operator (clear_fault)
    std::map<std::uint32_t, int> stacked;   // per denomination, since power on
    std::map<std::uint32_t, int> cassette;  // what the drop cassette holds now, per denomination
    std::size_t cassette_notes = 0;
    std::size_t cassette_capacity = 0;
    std::string note_at;  // "" (no note inside), "validator" (transport or escrow) or "stacker"
};

// insert_note() when the validator does not draw a note in (not idling): the note stays in the customer's hand.
class NoteRefused : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Validator final : public device_link::WireDevice {
public:
    explicit Validator(ValidatorSettings settings = {});

    device_link::Bytes receive(std::span<const std::uint8_t> bytes) override;

    // The bench's hand, thread-safe against receive() (a PtyDevice serves from its own thread).
    // A customer inserts a note: "100" (a value of the bill table, or any other value: a foreign note) or
    // "counterfeit". Throws std::invalid_argument for other text, NoteRefused unless idling.
    void insert_note(std::string_view note);
    void arm(ArmedFault fault);
    // The operator clears what the last fault left: removes a jammed note, puts the cassette back, empties a full
    // cassette, repairs a failure; disarms faults not yet fired. The validator then initialises again.
    void clear_fault();
    // The operator empties the drop cassette (collection); a DROP CASSETTE FULL then clears.
    void empty_cassette();
    // Power off and on: what is inside stays there (POWER UP WITH BILL IN VALIDATOR / STACKER).
    void power_cycle();

    PollState state() const;
    ValidatorTruth truth() const;
    std::uint32_t enabled_bill_types() const;
    const BillTable& bill_table() const { return settings_.bill_table; }

private:
    struct Note {
        std::optional<std::uint32_t> value;  // nullopt: counterfeit or unidentifiable
        bool counterfeit = false;
    };
    enum class NoteAt { Validator, Stacker };

    Bytes answer(const Frame& frame);
    Bytes answer_poll();
    Bytes execute(Command command, std::span<const std::uint8_t> data);
    void after_reported();
    void settle();
    void fire_faults_at_rest();
    void into_cassette();
    void enter(PollState state, std::uint8_t data = 0);
    std::optional<ArmedFault> take_armed(Fault fault);
    std::uint8_t bill_type_of_note() const;
    Bytes reply(Bytes payload);

    mutable std::mutex mutex_;
    ValidatorSettings settings_;
    FrameReader reader_;
    PollState state_ = PollState::PowerUp;
    std::uint8_t state_data_ = 0;
    std::optional<Note> note_;
    NoteAt note_at_ = NoteAt::Validator;
    std::uint32_t enabled_ = 0, escrow_ = 0, security_ = 0;
    std::vector<ArmedFault> armed_;
    std::optional<Fault> active_fault_;  // fired and not cleared: where settle() returns to
    std::uint8_t failure_code_ = 0;
    Bytes last_answer_;
    bool poll_unacked_ = false;
    PollState reported_ = PollState::PowerUp;
    ValidatorTruth truth_;
};

}  // namespace atmbench::ccnet
