// The simulated validator spoken to frame by frame, as a controller would: every state of harness-usb.md §3.2 the
// model reaches, each fault of its plan, and where the notes end up (its physical truth).
#include "atmbench/ccnet/validator.hpp"
#include "atmbench/common/bytes.hpp"

#include <gtest/gtest.h>

using namespace atmbench::ccnet;
using atmbench::from_hex;

namespace {

constexpr std::uint8_t kAck = 0x00, kNak = 0xFF, kIllegal = 0x30;

// A controller by hand: one frame out, the answer's payload back (empty when the validator stays silent).
class Controller {
public:
    explicit Controller(ValidatorSettings settings = {}) : validator(std::move(settings)) {}

    Bytes raw(const Bytes& wire) {
        FrameReader reader;
        reader.feed(validator.receive(wire));
        auto frame = reader.next();
        EXPECT_FALSE(reader.next()) << "one answer per frame";
        return frame ? frame->payload : Bytes{};
    }
    Bytes send(Command command, const Bytes& data = {}) {
        Bytes payload{static_cast<std::uint8_t>(command)};
        payload.insert(payload.end(), data.begin(), data.end());
        return raw(encode(Frame{3, payload}));
    }
    // POLL and ACK its answer, as the bench's driver does.
    Bytes poll() {
        Bytes answer = send(Command::Poll);
        EXPECT_TRUE(send(Command::Ack).empty()) << "an ACK is not answered";
        return answer;
    }
    // RESET, the passing INITIALIZE, then ENABLE BILL TYPES: idling with these masks.
    void start(std::uint32_t enabled = 0xFFFFFF, std::uint32_t escrow = 0xFFFFFF) {
        EXPECT_EQ(send(Command::Reset), Bytes{kAck});
        EXPECT_EQ(poll(), Bytes{0x13});
        EXPECT_EQ(poll(), Bytes{0x19});
        enable(enabled, escrow);
        EXPECT_EQ(poll(), Bytes{enabled ? std::uint8_t{0x14} : std::uint8_t{0x19}});
    }
    void enable(std::uint32_t enabled, std::uint32_t escrow) {
        Bytes data;
        put_mask(data, enabled);
        put_mask(data, escrow);
        EXPECT_EQ(send(Command::EnableBillTypes, data), Bytes{kAck});
    }
    // Inserts a 100 and polls it to the escrow position (bill type 5 of the CNY table).
    void to_escrow(std::string_view note = "100", std::uint8_t type = 5) {
        validator.insert_note(note);
        EXPECT_EQ(poll(), Bytes{0x15});
        EXPECT_EQ(poll(), (Bytes{0x80, type}));
    }

    Validator validator;
};

}  // namespace

TEST(Validator, ReportsPowerUpUntilResetThenInitializesToDisabled) {
    Controller c;
    EXPECT_EQ(c.poll(), Bytes{0x10});
    EXPECT_EQ(c.poll(), Bytes{0x10}) << "POWER UP holds until RESET";
    EXPECT_EQ(c.send(Command::Reset), Bytes{kAck});
    EXPECT_EQ(c.poll(), Bytes{0x13});
    EXPECT_EQ(c.poll(), Bytes{0x19}) << "after RESET every bill type is disabled";
    EXPECT_EQ(c.validator.state(), PollState::UnitDisabled);
}

TEST(Validator, EnableBillTypesMovesBetweenDisabledAndIdling) {
    Controller c;
    c.start(0x00003F);
    EXPECT_EQ(c.validator.enabled_bill_types(), 0x3Fu);
    c.enable(0, 0);
    EXPECT_EQ(c.poll(), Bytes{0x19});
    c.enable(0x1, 0);
    EXPECT_EQ(c.poll(), Bytes{0x14});
}

TEST(Validator, DepositsANoteThroughEscrowIntoTheCassette) {
    Controller c;
    c.start();
    c.to_escrow();
    EXPECT_EQ(c.poll(), (Bytes{0x80, 5})) << "the escrow holds until STACK or RETURN";
    EXPECT_EQ(c.validator.truth().note_at, "validator");
    EXPECT_EQ(c.send(Command::Stack), Bytes{kAck});
    EXPECT_EQ(c.poll(), Bytes{0x17});
    EXPECT_EQ(c.poll(), (Bytes{0x81, 5}));
    EXPECT_EQ(c.poll(), Bytes{0x14});
    ValidatorTruth t = c.validator.truth();
    EXPECT_EQ(t.inserted, 1);
    EXPECT_EQ(t.stacked.at(100), 1);
    EXPECT_EQ(t.cassette.at(100), 1);
    EXPECT_EQ(t.cassette_notes, 1u);
    EXPECT_EQ(t.note_at, "");
}

TEST(Validator, ReturnsANoteFromEscrow) {
    Controller c;
    c.start();
    c.to_escrow("20", 3);
    EXPECT_EQ(c.send(Command::Return), Bytes{kAck});
    EXPECT_EQ(c.poll(), Bytes{0x18});
    EXPECT_EQ(c.poll(), (Bytes{0x82, 3}));
    EXPECT_EQ(c.poll(), Bytes{0x14});
    EXPECT_EQ(c.validator.truth().returned, 1);
    EXPECT_TRUE(c.validator.truth().stacked.empty());
}

TEST(Validator, HoldsANoteInEscrowUntilStack) {
    Controller c;
    c.start();
    c.to_escrow();
    EXPECT_EQ(c.send(Command::Hold), Bytes{kAck});
    EXPECT_EQ(c.poll(), Bytes{0x1A});
    EXPECT_EQ(c.poll(), Bytes{0x1A});
    EXPECT_EQ(c.send(Command::Stack), Bytes{kAck});
    EXPECT_EQ(c.send(Command::Stack), Bytes{kAck}) << "a repeated STACK (its ACK lost) is ACKed again";
    EXPECT_EQ(c.poll(), Bytes{0x17});
    EXPECT_EQ(c.poll(), (Bytes{0x81, 5}));
    EXPECT_EQ(c.validator.truth().stacked.at(100), 1);
}

TEST(Validator, StacksStraightAwayWhenTheTypesEscrowBitIsClear) {
    Controller c;
    c.start(0xFFFFFF, 0);
    c.validator.insert_note("50");
    EXPECT_EQ(c.poll(), Bytes{0x15});
    EXPECT_EQ(c.poll(), Bytes{0x17});
    EXPECT_EQ(c.poll(), (Bytes{0x81, 4}));
    EXPECT_EQ(c.poll(), Bytes{0x14});
    EXPECT_EQ(c.validator.truth().cassette.at(50), 1);
}

TEST(Validator, RejectsADisabledTypeACounterfeitAndAForeignNoteWithTheirReasons) {
    Controller c;
    c.start(0x00001F);  // 1 … 50 CNY; 100 CNY (type 5) disabled
    struct Case {
        const char* note;
        std::uint8_t reason;
    } cases[] = {{"100", 0x68}, {"counterfeit", 0x66}, {"200", 0x65}};
    for (const auto& k : cases) {
        c.validator.insert_note(k.note);
        EXPECT_EQ(c.poll(), Bytes{0x15}) << k.note;
        EXPECT_EQ(c.poll(), (Bytes{0x1C, k.reason})) << k.note;
        EXPECT_EQ(c.poll(), Bytes{0x14}) << k.note;
    }
    ValidatorTruth t = c.validator.truth();
    EXPECT_EQ(t.inserted, 3);
    EXPECT_EQ(t.rejected, 3);
    EXPECT_EQ(t.cassette_notes, 0u);
}

TEST(Validator, DrawsNoNoteInUnlessIdlingAndRefusesNonsense) {
    Controller c;
    EXPECT_THROW(c.validator.insert_note("100"), NoteRefused);  // power up
    c.start(0);
    try {
        c.validator.insert_note("100");
        FAIL() << "a disabled validator drew a note in";
    } catch (const NoteRefused& e) {
        EXPECT_NE(std::string(e.what()).find("UNIT DISABLED"), std::string::npos) << e.what();
    }
    for (const char* bad : {"", "0", "ten", "100 CNY", "-5"}) EXPECT_THROW(c.validator.insert_note(bad), std::invalid_argument) << bad;
    EXPECT_EQ(c.validator.truth().inserted, 0);
}

TEST(Validator, AnswersIllegalCommandToWhatDoesNotFitTheState) {
    Controller c;
    c.start();
    EXPECT_EQ(c.send(Command::Stack), Bytes{kIllegal}) << "no note in escrow";
    EXPECT_EQ(c.send(Command::Return), Bytes{kIllegal});
    EXPECT_EQ(c.send(Command::Hold), Bytes{kIllegal});
    EXPECT_EQ(c.raw(encode(Frame{3, {0x99}})), Bytes{kIllegal}) << "unknown command";
    EXPECT_EQ(c.send(Command::EnableBillTypes, Bytes(5)), Bytes{kIllegal}) << "5 data bytes, not 6";
    EXPECT_EQ(c.send(Command::SetSecurity, Bytes(2)), Bytes{kIllegal});
    EXPECT_EQ(c.send(Command::Poll, Bytes{1}), Bytes{kIllegal});
    EXPECT_EQ(c.send(Command::Reset, Bytes{1}), Bytes{kIllegal});
    EXPECT_EQ(c.poll(), Bytes{0x14}) << "nothing changed";
}

TEST(Validator, AnswersNakToABadCrcAndNothingToAnotherAddress) {
    Controller c;
    Bytes garbled = encode(Address::BillValidator, 0x33);
    garbled[4] ^= 0x40;
    EXPECT_EQ(c.raw(garbled), Bytes{kNak});
    EXPECT_EQ(c.raw(from_hex("02 03 03 33")), Bytes{kNak}) << "LNG 3 cannot be a frame";
    EXPECT_TRUE(c.raw(encode(Address::BillToBill, 0x33)).empty());
}

TEST(Validator, RepeatsAnUnacknowledgedPollAnswerAndResendsOnNak) {
    Controller c;
    c.start();
    c.validator.insert_note("10");
    EXPECT_EQ(c.send(Command::Poll), Bytes{0x15});
    EXPECT_EQ(c.send(Command::Poll), Bytes{0x15}) << "no ACK: the controller missed it";
    EXPECT_EQ(c.send(Command::Ack), Bytes{});
    EXPECT_EQ(c.send(Command::Poll), (Bytes{0x80, 2}));
    EXPECT_EQ(c.send(Command::Nak), (Bytes{0x80, 2})) << "NAK: the same answer again";
    EXPECT_EQ(c.send(Command::Stack), Bytes{kAck}) << "a new command stands for the ACK";
    EXPECT_EQ(c.poll(), Bytes{0x17});
}

TEST(Validator, TakesAFrameThatArrivesInPieces) {
    Controller c;
    Bytes poll = encode(Address::BillValidator, 0x33);
    EXPECT_TRUE(c.validator.receive(std::span(poll).first(2)).empty());
    EXPECT_TRUE(c.validator.receive(std::span(poll).subspan(2, 3)).empty());
    EXPECT_EQ(c.validator.receive(std::span(poll).last(1)), from_hex("02 03 06 10 43 92"));
}

TEST(Validator, AnswersStatusIdentificationAndBillTable) {
    ValidatorSettings s;
    s.identification = Identification{"SM-CN1", "42", {0, 0, 0, 0, 0, 0, 9}};
    Controller c(s);
    c.start(0x00003F, 0x000020);
    EXPECT_EQ(c.send(Command::SetSecurity, {0x00, 0x00, 0x30}), Bytes{kAck});
    EXPECT_EQ(c.send(Command::GetStatus), from_hex("00003F 000030"));
    EXPECT_EQ(Identification::decode(c.send(Command::Identification)), s.identification);
    EXPECT_EQ(BillTable::decode(c.send(Command::GetBillTable)), s.bill_table);
}

// ---- faults ----

TEST(Validator, JamsInTheValidatorUntilTheOperatorRemovesTheNote) {
    Controller c;
    c.start();
    c.validator.arm({Fault::ValidatorJam});
    c.validator.insert_note("100");
    EXPECT_EQ(c.poll(), Bytes{0x15});
    EXPECT_EQ(c.poll(), Bytes{0x43});
    EXPECT_EQ(c.poll(), Bytes{0x43});
    EXPECT_EQ(c.send(Command::Reset), Bytes{kAck});
    EXPECT_EQ(c.poll(), Bytes{0x13});
    EXPECT_EQ(c.poll(), Bytes{0x43}) << "RESET does not free a stuck note";
    EXPECT_EQ(c.validator.truth().note_at, "validator");
    c.validator.clear_fault();
    EXPECT_EQ(c.poll(), Bytes{0x13});
    EXPECT_EQ(c.poll(), Bytes{0x19}) << "RESET disabled the bill types";
    EXPECT_EQ(c.validator.truth().removed_by_operator, 1);
    EXPECT_EQ(c.validator.truth().note_at, "");
}

TEST(Validator, JamsOnTheWayIntoTheCassette) {
    Controller c;
    c.start();
    c.validator.arm(parse_fault("stacker-jam"));
    c.to_escrow();
    c.send(Command::Stack);
    EXPECT_EQ(c.poll(), Bytes{0x17});
    EXPECT_EQ(c.poll(), Bytes{0x44});
    EXPECT_EQ(c.poll(), Bytes{0x44});
    EXPECT_EQ(c.validator.truth().note_at, "stacker");
    c.validator.clear_fault();
    EXPECT_EQ(c.poll(), Bytes{0x13});
    EXPECT_EQ(c.poll(), Bytes{0x14});
    EXPECT_EQ(c.validator.truth().removed_by_operator, 1);
    EXPECT_TRUE(c.validator.truth().stacked.empty());
}

TEST(Validator, ReportsCheatedOnceAndCountsTheNoteAsTakenBack) {
    Controller c;
    c.start();
    c.validator.arm({Fault::Cheated});
    c.validator.insert_note("100");
    EXPECT_EQ(c.poll(), Bytes{0x15});
    EXPECT_EQ(c.poll(), Bytes{0x45});
    EXPECT_EQ(c.poll(), Bytes{0x14});
    EXPECT_EQ(c.validator.truth().cheated, 1);
}

TEST(Validator, ReportsARemovedCassetteAtRestUntilItIsBack) {
    Controller c;
    c.start();
    c.validator.arm({Fault::CassetteRemoved});
    EXPECT_EQ(c.poll(), Bytes{0x42});
    EXPECT_THROW(c.validator.insert_note("100"), NoteRefused);
    EXPECT_EQ(c.poll(), Bytes{0x42});
    c.validator.clear_fault();
    EXPECT_EQ(c.poll(), Bytes{0x13});
    EXPECT_EQ(c.poll(), Bytes{0x14});
}

TEST(Validator, WaitsForRestBeforeAFaultOfTheCassetteFires) {
    Controller c;
    c.start();
    c.validator.insert_note("100");
    c.validator.arm({Fault::CassetteFull});
    EXPECT_EQ(c.poll(), Bytes{0x15}) << "a note is on its way: not at rest";
    EXPECT_EQ(c.poll(), (Bytes{0x80, 5}));
    c.send(Command::Return);
    EXPECT_EQ(c.poll(), Bytes{0x18});
    EXPECT_EQ(c.poll(), (Bytes{0x82, 5}));
    EXPECT_EQ(c.poll(), Bytes{0x41});
    c.validator.clear_fault();
    EXPECT_EQ(c.poll(), Bytes{0x13});
    EXPECT_EQ(c.poll(), Bytes{0x14});
}

TEST(Validator, FillsTheCassetteToCapacityAndResumesWhenEmptied) {
    ValidatorSettings s;
    s.cassette_capacity = 2;
    Controller c(s);
    c.start(0xFFFFFF, 0);
    for (int i = 0; i < 2; ++i) {
        c.validator.insert_note("5");
        EXPECT_EQ(c.poll(), Bytes{0x15});
        EXPECT_EQ(c.poll(), Bytes{0x17});
        EXPECT_EQ(c.poll(), (Bytes{0x81, 1}));
    }
    EXPECT_EQ(c.poll(), Bytes{0x41});
    EXPECT_EQ(c.validator.truth().cassette_notes, 2u);
    EXPECT_THROW(c.validator.insert_note("5"), NoteRefused);
    c.validator.empty_cassette();
    EXPECT_EQ(c.poll(), Bytes{0x13});
    EXPECT_EQ(c.poll(), Bytes{0x14});
    ValidatorTruth t = c.validator.truth();
    EXPECT_EQ(t.cassette_notes, 0u);
    EXPECT_EQ(t.stacked.at(5), 2) << "what was stacked stays counted after the collection";
}

TEST(Validator, ReportsAFailureWithItsCode) {
    Controller c;
    c.start();
    c.validator.arm(parse_fault("failure:0x55"));
    EXPECT_EQ(c.poll(), (Bytes{0x47, 0x55}));
    EXPECT_EQ(c.poll(), (Bytes{0x47, 0x55}));
    c.validator.clear_fault();
    EXPECT_EQ(c.poll(), Bytes{0x13});
    EXPECT_EQ(c.poll(), Bytes{0x14});
}

TEST(Validator, PowersUpWithABillLeftInTheValidatorAndReturnsItOnReset) {
    Controller c;
    c.validator.arm({Fault::PowerUpWithBill});
    c.validator.power_cycle();
    EXPECT_EQ(c.poll(), Bytes{0x11});
    EXPECT_EQ(c.send(Command::Reset), Bytes{kAck});
    EXPECT_EQ(c.poll(), Bytes{0x13});
    EXPECT_EQ(c.poll(), Bytes{0x19});
    EXPECT_EQ(c.validator.truth().returned, 1);
}

TEST(Validator, PowersUpWithTheNoteWhereThePowerLeftIt) {
    Controller c;
    c.start();
    c.to_escrow();
    c.validator.power_cycle();
    EXPECT_EQ(c.poll(), Bytes{0x11}) << "the note was in escrow";
    c.start();
    EXPECT_EQ(c.validator.truth().returned, 1);

    c.validator.arm({Fault::StackerJam});
    c.to_escrow();
    c.send(Command::Stack);
    EXPECT_EQ(c.poll(), Bytes{0x17});
    EXPECT_EQ(c.poll(), Bytes{0x44});
    c.validator.power_cycle();
    EXPECT_EQ(c.poll(), Bytes{0x12}) << "the note was stuck at the stacker";
    c.start();
    EXPECT_EQ(c.validator.truth().cassette.at(100), 1) << "RESET finished stacking it";
    EXPECT_EQ(c.poll(), Bytes{0x14});
}

TEST(Validator, RefusesACassetteOfNoCapacityAndAnIdentityThatCannotBeSent) {
    ValidatorSettings s;
    s.cassette_capacity = 0;
    EXPECT_THROW(Validator{s}, std::invalid_argument);
    ValidatorSettings t;
    t.identification.serial_number = "a-serial-number-much-too-long";
    EXPECT_THROW(Validator{t}, std::invalid_argument);
}
