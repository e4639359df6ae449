// What draws notes in under the XFS4IoT CashAcceptor when the device set puts a bill validator with its own wire
// protocol there (issue 14, hardware in the loop): a kiosk's CashCode validator on CCNET, simulated in-process, on a
// serial line or over USB. The cash module still keeps the ledger and answers the XFS4IoT commands; the validator is
// the mechanism that identifies each note, holds it in its one-note escrow, stacks it into the drop cassette or
// gives it back. Without one, the cash module simulates the acceptor itself.
#pragma once

#include "devices/cash/note.hpp"
#include "devices/outcome.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>

namespace atmbench::devices {

// What became of one note the validator was asked to draw in.
struct DrawnNote {
    enum class Kind {
        Escrowed,  // identified and held in the escrow position
        Refused,   // handed back at the slot (not identified, counterfeit, inhibited, pulled back)
        Failed,    // the validator failed: the note is inside it (jammed) and was not counted
    };
    Kind kind = Kind::Failed;
    std::string reason;        // Refused: as the validator said it ("REJECTING: VERIFICATION")
    Outcome failure;           // Failed: how the XFS4IoT command ends
};

class NoteValidator {
public:
    virtual ~NoteValidator() = default;
    // CashInStart: the validator at rest with its cassette in place, accepting the bill types of its table.
    // A cassette out of position or full is a cashUnitError naming it (storage_problem() then says which).
    virtual Outcome start_accepting() = 0;
    // CashIn: one note from the input position through the validator to its escrow (the simulated validator gets
    // the note from the bench's hand; a real one from the operator's).
    virtual DrawnNote draw_in(const Note& note) = 0;
    // CashInEnd: the escrowed note into the drop cassette. Failure leaves it jammed inside the device.
    virtual Outcome stack() = 0;
    // CashInRollback: the escrowed note back to the slot. Failure leaves it jammed inside the device.
    virtual Outcome give_back() = 0;
    // Outside a cash-in, one look at the validator (POLL; RESET first after power-up or a fault) so that a status
    // query reports what it says now: a drop cassette taken out, full, a failure. A real service provider polls all
    // the time (§3.2); this one polls when the application asks.
    virtual void check() = 0;
    // After CashInEnd / CashInRollback: no note is taken until the next cash-in starts.
    virtual void stop_accepting() = 0;
    // "missing" or "full" while the validator last reported its drop cassette so, else "".
    virtual std::string storage_problem() const = 0;
    // What the validator reports of itself, for the physical truth ({protocol, line, state, cassette …}).
    virtual boost::json::object truth() const = 0;
};

}  // namespace atmbench::devices
