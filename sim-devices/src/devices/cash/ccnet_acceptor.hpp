// A CashCode bill validator on CCNET as the cash module's acceptor (note_validator.hpp): the bench's CCNET driver
// (device-protocols/ccnet) over a device line (devices/device_line.hpp) to the simulated validator, or to a real one
// on a serial line or USB. The XFS4IoT commands map onto the validator's cycle (docs/references.md [CCNET] §3.2):
//   CashInStart    RESET and GET BILL TABLE the first time, ENABLE BILL TYPES (every type of the table, escrow on),
//                  POLL until IDLING — a drop cassette out of position or full, a jam or a failure ends it here;
//   CashIn         the note into the slot (the bench's hand on a simulated validator, the operator's on a real one),
//                  POLL until ESCROW POSITION, REJECTING or a fault;
//   CashInEnd      STACK, POLL until BILL STACKED (a DROP CASSETTE JAMMED leaves the note in the stacker);
//   CashInRollback RETURN, POLL until BILL RETURNED;
//   then ENABLE BILL TYPES with nothing enabled: a note offered outside a cash-in is not drawn in.
// The validator's escrow holds one note, so a cash module with this acceptor takes one note per cash-in.
//
// Faults (cash fault table): on a simulated validator its physical state — validatorJam (the next note sticks in
// the transport), stackerJam (the next note sticks on its way into the cassette), validatorCheated (the next note
// is pulled back), dropCassetteRemoved / dropCassetteFull / validatorFailure {target: CODE} (at the next POLL at
// rest); on any line, lineFault {target: lose | delay:MS | corrupt:OFFSET, count: answers} and validatorReports
// {target: a state such as stacker-jam, count: POLLs} — the next POLL answers replaced by that state, a jam the
// validator never had — all marked as injected in the record.
#pragma once

#include "atmbench/ccnet/driver.hpp"
#include "atmbench/ccnet/validator.hpp"
#include "atmbench/devices/fault_plan.hpp"
#include "devices/cash/note_validator.hpp"
#include "devices/device_line.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::devices {

struct CcnetAcceptorConfig {
    DeviceLineConfig line;
    std::string bill_table = "CNY:1,5,10,20,50,100";  // the simulated validator's bill types, in order
    std::size_t cassette_capacity = 1000;             // the simulated drop cassette (the cash-in unit's capacity)
    // §3.2: a validator answers within 10 ms; the rest is slack for a loaded bench and a USB-serial adapter.
    std::chrono::milliseconds answer_timeout{200};
    // How long a note may take from the slot to the escrow, or from the escrow to the cassette or back.
    std::chrono::milliseconds note_timeout{5000};
    // Between POLLs on a real line (§3.2 polls every 100–200 ms); a simulated validator moves on each POLL.
    std::chrono::milliseconds poll_interval{100};
};

class CcnetAcceptor final : public NoteValidator {
public:
    // Opens the line (throws device_link::LinkError when a serial line or USB device cannot be opened) and
    // std::invalid_argument for a bill table that does not read.
    CcnetAcceptor(const CcnetAcceptorConfig& config, DeviceLineListener listener);

    Outcome start_accepting() override;
    DrawnNote draw_in(const Note& note) override;
    Outcome stack() override;
    Outcome give_back() override;
    void check() override;
    void stop_accepting() override;
    std::string storage_problem() const override { return storage_problem_; }
    boost::json::object truth() const override;

    static const std::vector<std::string>& fault_names();
    static bool handles(const std::string& fault);  // a fault name of this acceptor
    // Throws std::invalid_argument for what cannot be done (a physical fault on a real validator, a bad target).
    void inject_fault(const FaultSpec& spec);
    void clear_faults();  // the operator's hand: the jam removed, the cassette back, the failure repaired

private:
    // One POLL; keeps what it says of the drop cassette.
    ccnet::PollEvent poll();
    // POLLs until `done` says the event ends the wait, a fault state comes, or the note timeout runs out.
    std::optional<ccnet::PollEvent> await(const std::function<bool(const ccnet::PollEvent&)>& done);
    // STACK or RETURN, then POLLs until the note has gone where the command sends it.
    Outcome move_escrow(void (ccnet::Driver::*command)(), ccnet::PollEvent::Kind until, const char* expected,
                        const std::string& where);
    Outcome fault_outcome(const ccnet::PollEvent& fault, const std::string& where);
    Outcome driver_failure(const ccnet::DriverError& e, const std::string& where);
    void initialise();

    CcnetAcceptorConfig config_;
    std::unique_ptr<ccnet::Validator> simulated_;  // only with line.transport == simulated
    DeviceLine line_;
    ccnet::Driver driver_;
    bool initialised_ = false;
    std::uint32_t table_mask_ = 0;  // every bill type the loaded table has
    std::optional<ccnet::PollEvent> last_;
    std::string last_error_;
    std::string storage_problem_;
};

}  // namespace atmbench::devices
