// The bench's own CCNET controller (the host side, harness-usb.md §3.2) over any device_link::ByteLink: a serial
// line to a real validator, a pty to the simulated one, or in-process. One command, one bounded exchange:
//   - every answer that carries data (a POLL state, an identification) is ACKed, as §3.2 requires;
//   - an answer with a bad CRC or length is asked for again with NAK; a missing one by sending the command again;
//     a NAK from the validator (it read our frame garbled) by sending it again — at most `attempts` frames in all;
//   - no good answer after that is a DriverError (Timeout or Garbled); ILLEGAL COMMAND is Refused; the link's own
//     failure (unplugged, line closed) is DeviceGone. Nothing waits longer than attempts × answer_timeout.
#pragma once

#include "atmbench/ccnet/bill_table.hpp"
#include "atmbench/ccnet/codes.hpp"
#include "atmbench/ccnet/frame.hpp"
#include "atmbench/ccnet/identification.hpp"
#include "atmbench/device_link/byte_link.hpp"

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>

namespace atmbench::ccnet {

struct DriverSettings {
    // §3.2 timing: a validator answers within 10 ms; the rest is slack for a loaded bench and a USB-serial adapter.
    std::chrono::milliseconds answer_timeout{200};
    int attempts = 3;
    Address address = Address::BillValidator;
};

class DriverError : public std::runtime_error {
public:
    enum class Kind {
        Timeout,     // no answer at all
        Garbled,     // answers came, none with a good CRC and length (or the validator kept answering NAK)
        Refused,     // ILLEGAL COMMAND: the validator cannot do that now
        Unexpected,  // a well-formed answer that does not fit the command
        DeviceGone,  // the link failed (LinkError)
    };
    DriverError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

// What one POLL found.
struct PollEvent {
    enum class Kind { State, Escrow, Stacked, Returned, Rejected, Fault };
    Kind kind = Kind::State;
    PollState state = PollState::PowerUp;
    std::uint8_t detail = 0;  // the bill type (Escrow, Stacked, Returned), the reason (Rejected), the failure code
    bool changed = false;     // the state differs from the previous POLL's (always true for the first)

    // "ESCROW POSITION bill type 5", "REJECTING: INHIBIT", "FAILURE: STACK MOTOR", "IDLING".
    std::string describe() const;
};

struct ValidatorStatus {
    std::uint32_t enabled = 0;   // bill types enabled
    std::uint32_t security = 0;  // bill types at high security
};

class Driver {
public:
    explicit Driver(device_link::ByteLink& link, DriverSettings settings = {});

    void reset();
    Identification identify();
    // Asks the validator for its bill table and keeps it (denomination_of).
    const BillTable& load_bill_table();
    void enable_bill_types(std::uint32_t enabled, std::uint32_t escrow);
    void set_security(std::uint32_t high_security);
    ValidatorStatus status();
    void stack();
    void return_bill();
    void hold();
    PollEvent poll();

    // The bill of a bill type as the loaded table says; nullopt before load_bill_table or for an unused type.
    std::optional<Bill> denomination_of(std::uint8_t type) const;
    // Frames sent again (after a timeout, a garbled answer, a NAK) since construction.
    int retransmissions() const { return retransmissions_; }

private:
    Bytes transact(Command command, const Bytes& data = {});
    void expect_ack(Command command, const Bytes& data = {});
    std::optional<Frame> read_answer(std::string& problem, DriverError::Kind& kind);

    device_link::ByteLink& link_;
    DriverSettings settings_;
    std::optional<BillTable> table_;
    std::optional<PollState> last_state_;
    int retransmissions_ = 0;
};

}  // namespace atmbench::ccnet
