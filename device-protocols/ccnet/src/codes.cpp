#include "atmbench/ccnet/codes.hpp"

#include <cstdio>
#include <span>
#include <string_view>

namespace atmbench::ccnet {

namespace {

struct CodeName {
    std::uint8_t code;
    std::string_view name;
};

// Names as the CCNET manual prints them (§3.2), so a trace reads like the vendor's documentation.
constexpr CodeName kCommands[] = {
    {0x00, "ACK"},         {0x30, "RESET"},          {0x31, "GET STATUS"},     {0x32, "SET SECURITY"},
    {0x33, "POLL"},        {0x34, "ENABLE BILL TYPES"}, {0x35, "STACK"},       {0x36, "RETURN"},
    {0x37, "IDENTIFICATION"}, {0x38, "HOLD"},        {0x41, "GET BILL TABLE"}, {0xFF, "NAK"},
};

constexpr CodeName kStates[] = {
    {0x10, "POWER UP"},
    {0x11, "POWER UP WITH BILL IN VALIDATOR"},
    {0x12, "POWER UP WITH BILL IN STACKER"},
    {0x13, "INITIALIZE"},
    {0x14, "IDLING"},
    {0x15, "ACCEPTING"},
    {0x17, "STACKING"},
    {0x18, "RETURNING"},
    {0x19, "UNIT DISABLED"},
    {0x1A, "HOLDING"},
    {0x1B, "DEVICE BUSY"},
    {0x1C, "REJECTING"},
    {0x41, "DROP CASSETTE FULL"},
    {0x42, "DROP CASSETTE OUT OF POSITION"},
    {0x43, "VALIDATOR JAMMED"},
    {0x44, "DROP CASSETTE JAMMED"},
    {0x45, "CHEATED"},
    {0x46, "PAUSE"},
    {0x47, "FAILURE"},
    {0x80, "ESCROW POSITION"},
    {0x81, "BILL STACKED"},
    {0x82, "BILL RETURNED"},
};

constexpr CodeName kRejectReasons[] = {
    {0x60, "INSERTION"},      {0x61, "MAGNETIC"},     {0x62, "BILL REMAINING IN HEAD"}, {0x63, "MULTIPLYING"},
    {0x64, "CONVEYING"},      {0x65, "IDENTIFICATION"}, {0x66, "VERIFICATION"},       {0x67, "OPTIC"},
    {0x68, "INHIBIT"},        {0x69, "CAPACITANCE"},  {0x6A, "OPERATION"},              {0x6C, "LENGTH"},
    {0x6D, "UV"},             {0x92, "BARCODE 0x92"}, {0x93, "BARCODE 0x93"},           {0x94, "BARCODE 0x94"},
    {0x95, "BARCODE 0x95"},
};

constexpr CodeName kFailures[] = {
    {0x50, "STACK MOTOR"},       {0x51, "TRANSPORT MOTOR SPEED"},   {0x52, "TRANSPORT MOTOR"},
    {0x53, "ALIGNING MOTOR"},    {0x54, "INITIAL CASSETTE STATUS"}, {0x55, "OPTIC CANAL"},
    {0x56, "MAGNETIC CANAL"},    {0x5F, "CAPACITANCE CANAL"},
};

std::string name_in(std::span<const CodeName> table, std::uint8_t code) {
    for (const auto& c : table)
        if (c.code == code) return std::string(c.name);
    char text[16];
    std::snprintf(text, sizeof text, "unknown 0x%02X", code);
    return text;
}

}  // namespace

std::string command_name(std::uint8_t code) { return name_in(kCommands, code); }
std::string state_name(std::uint8_t code) { return name_in(kStates, code); }
std::string reject_reason_name(std::uint8_t code) { return name_in(kRejectReasons, code); }
std::string failure_name(std::uint8_t code) { return name_in(kFailures, code); }

std::size_t state_data_length(std::uint8_t state) {
    switch (static_cast<PollState>(state)) {
        case PollState::Rejecting:
        case PollState::Failure:
        case PollState::EscrowPosition:
        case PollState::BillStacked:
        case PollState::BillReturned: return 1;
        default: return 0;
    }
}

bool is_fault_state(std::uint8_t state) { return (state >= 0x41 && state <= 0x45) || state == 0x47; }

}  // namespace atmbench::ccnet
