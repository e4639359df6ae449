// The tables and small encodings: names of codes, the bill table, the identification answer, the fault names.
#include "atmbench/ccnet/bill_table.hpp"
#include "atmbench/ccnet/codes.hpp"
#include "atmbench/ccnet/fault_plan.hpp"
#include "atmbench/ccnet/identification.hpp"
#include "atmbench/common/bytes.hpp"

#include <gtest/gtest.h>

using namespace atmbench::ccnet;
using atmbench::Bytes;

TEST(Codes, NameCommandsStatesReasonsAndFailuresAndPrintUnknownOnes) {
    EXPECT_EQ(command_name(0x33), "POLL");
    EXPECT_EQ(command_name(0x34), "ENABLE BILL TYPES");
    EXPECT_EQ(command_name(0x99), "unknown 0x99");
    EXPECT_EQ(state_name(0x80), "ESCROW POSITION");
    EXPECT_EQ(state_name(0x42), "DROP CASSETTE OUT OF POSITION");
    EXPECT_EQ(reject_reason_name(0x68), "INHIBIT");
    EXPECT_EQ(failure_name(0x5F), "CAPACITANCE CANAL");
    EXPECT_EQ(failure_name(0x00), "unknown 0x00");
    EXPECT_EQ(state_data_length(0x1C), 1u);
    EXPECT_EQ(state_data_length(0x81), 1u);
    EXPECT_EQ(state_data_length(0x14), 0u);
    EXPECT_TRUE(is_fault_state(0x43));
    EXPECT_TRUE(is_fault_state(0x47));
    EXPECT_FALSE(is_fault_state(0x46));  // PAUSE is the customer's doing, not a fault
}

TEST(BillTable, ParsesEncodesAndDecodesCny) {
    BillTable t = BillTable::parse("CNY:1,5,10,20,50,100");
    EXPECT_EQ(t.at(5), (Bill{"CNY", 100}));
    EXPECT_EQ(t.type_of(50), 4);
    EXPECT_FALSE(t.type_of(200));
    EXPECT_FALSE(t.at(6));
    EXPECT_FALSE(t.at(200));
    Bytes wire = t.encode();
    ASSERT_EQ(wire.size(), 120u);
    EXPECT_EQ(atmbench::to_hex(std::span(wire).first(10)), "01434E590005434E5900");
    EXPECT_EQ(atmbench::to_hex(std::span(wire).subspan(25, 5)), "01434E5902");  // 100 = 1 × 10^2
    EXPECT_EQ(BillTable::decode(wire), t);
}

TEST(BillTable, RefusesBadTextAndBadAnswers) {
    for (const char* bad : {"", "CNY", "CNY:", "CN:1", "cny:1", "CNY:1,,5", "CNY:1,", "CNY:0", "CNY:x", "CNY:1000000000000",
                            "CNY:256"}) {
        EXPECT_THROW(BillTable::parse(bad), std::invalid_argument) << bad;
    }
    EXPECT_THROW(BillTable::decode(Bytes(119)), std::invalid_argument);
    Bytes wire = BillTable::parse("USD:1").encode();
    wire[4] = 12;  // 10^12 does not fit a note
    EXPECT_THROW(BillTable::decode(wire), std::invalid_argument);
}

TEST(Identification, RoundTripsAndPadsWithSpaces) {
    Identification id{"SM-CN1", "12345", {1, 2, 3, 4, 5, 6, 7}};
    Bytes wire = id.encode();
    ASSERT_EQ(wire.size(), 34u);
    EXPECT_EQ(std::string(wire.begin(), wire.begin() + 15), "SM-CN1         ");
    EXPECT_EQ(Identification::decode(wire), id);
    EXPECT_THROW((Identification{"a-part-number-too-long", "1", {}}.encode()), std::invalid_argument);
    EXPECT_THROW(Identification::decode(Bytes(33)), std::invalid_argument);
}

TEST(FaultPlan, ParsesEveryFaultByNameAndRefusesOthers) {
    EXPECT_EQ(parse_fault("jam").fault, Fault::ValidatorJam);
    EXPECT_EQ(parse_fault("stacker-jam").fault, Fault::StackerJam);
    EXPECT_EQ(parse_fault("cassette-removed").fault, Fault::CassetteRemoved);
    EXPECT_EQ(parse_fault("cassette-full").fault, Fault::CassetteFull);
    EXPECT_EQ(parse_fault("cheated").fault, Fault::Cheated);
    EXPECT_EQ(parse_fault("power-up-bill").fault, Fault::PowerUpWithBill);
    EXPECT_EQ(parse_fault("failure"), (ArmedFault{Fault::Failure, 0x50}));
    EXPECT_EQ(parse_fault("failure:0x55"), (ArmedFault{Fault::Failure, 0x55}));
    EXPECT_EQ(parse_fault("failure:95"), (ArmedFault{Fault::Failure, 95}));
    EXPECT_EQ(fault_name(Fault::StackerJam), "stacker-jam");
    for (const char* bad : {"", "jammed", "failure:", "failure:0x100", "failure:zz"})
        EXPECT_THROW(parse_fault(bad), std::invalid_argument) << bad;
}
