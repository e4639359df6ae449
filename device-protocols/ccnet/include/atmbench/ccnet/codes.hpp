// CCNET's numbers with their names (harness-usb.md §3.2): the commands a controller sends, the states a bill
// validator answers to POLL, the reasons it gives for rejecting a bill and the codes of a failure. The names are
// what traces and error messages print ("POLL", "ESCROW POSITION", "INHIBIT"); an unknown number prints as
// "unknown 0xNN", never as an error, since a real device may answer codes this table does not know.
#pragma once

#include <cstdint>
#include <string>

namespace atmbench::ccnet {

constexpr std::uint8_t kSync = 0x02;

// ADR, the second byte of every frame: the kind of peripheral on the bus.
enum class Address : std::uint8_t { BillToBill = 0x01, CoinChanger = 0x02, BillValidator = 0x03, CardReader = 0x04 };

// The first byte after LNG in a controller's frame. ACK and NAK go both ways.
enum class Command : std::uint8_t {
    Ack = 0x00,
    Reset = 0x30,
    GetStatus = 0x31,
    SetSecurity = 0x32,
    Poll = 0x33,
    EnableBillTypes = 0x34,
    Stack = 0x35,
    Return = 0x36,
    Identification = 0x37,
    Hold = 0x38,
    GetBillTable = 0x41,
    Nak = 0xFF,
};

// A peripheral's answer to a command it does not know or cannot carry out now (§3.2, "ILLEGAL COMMAND reply").
constexpr std::uint8_t kIllegalCommand = 0x30;

// The first byte of a POLL answer. Rejecting, Failure and the three bill events carry one more byte.
enum class PollState : std::uint8_t {
    PowerUp = 0x10,
    PowerUpWithBillInValidator = 0x11,
    PowerUpWithBillInStacker = 0x12,
    Initialize = 0x13,
    Idling = 0x14,
    Accepting = 0x15,
    Stacking = 0x17,
    Returning = 0x18,
    UnitDisabled = 0x19,
    Holding = 0x1A,
    Busy = 0x1B,
    Rejecting = 0x1C,  // + reason
    DropCassetteFull = 0x41,
    DropCassetteOutOfPosition = 0x42,
    ValidatorJammed = 0x43,
    DropCassetteJammed = 0x44,
    Cheated = 0x45,
    Pause = 0x46,
    Failure = 0x47,         // + failure code
    EscrowPosition = 0x80,  // + bill type
    BillStacked = 0x81,     // + bill type
    BillReturned = 0x82,    // + bill type
};

// The byte after Rejecting (0x1C).
enum class RejectReason : std::uint8_t {
    Insertion = 0x60,
    Magnetic = 0x61,
    BillRemainingInHead = 0x62,
    Multiplying = 0x63,
    Conveying = 0x64,
    Identification = 0x65,
    Verification = 0x66,
    Optic = 0x67,
    Inhibit = 0x68,
    Capacitance = 0x69,
    Operation = 0x6A,
    Length = 0x6C,
    Uv = 0x6D,
};

// The byte after Failure (0x47).
enum class FailureCode : std::uint8_t {
    StackMotor = 0x50,
    TransportMotorSpeed = 0x51,
    TransportMotor = 0x52,
    AligningMotor = 0x53,
    InitialCassetteStatus = 0x54,
    OpticCanal = 0x55,
    MagneticCanal = 0x56,
    CapacitanceCanal = 0x5F,
};

std::string command_name(std::uint8_t code);
std::string state_name(std::uint8_t code);
std::string reject_reason_name(std::uint8_t code);
std::string failure_name(std::uint8_t code);

// How many bytes follow this state in a POLL answer (1 for Rejecting, Failure and the bill events, else 0).
std::size_t state_data_length(std::uint8_t state);
// The states that need the operator (0x41–0x45, 0x47): what the driver reports as a fault.
bool is_fault_state(std::uint8_t state);

}  // namespace atmbench::ccnet
