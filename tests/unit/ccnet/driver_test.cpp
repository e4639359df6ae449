// The bench's CCNET driver against the simulated validator: in-process (LoopLink), through injected line faults
// (InjectingLink) and over a real pseudo-terminal (PtyDevice + SerialLink); and against scripted devices for the
// answers the model never gives (NAK, garbage, a malformed state).
#include "atmbench/ccnet/driver.hpp"
#include "atmbench/ccnet/validator.hpp"
#include "atmbench/common/bytes.hpp"
#include "atmbench/device_link/link_tap.hpp"
#include "atmbench/device_link/loop_link.hpp"
#include "atmbench/device_link/pty_device.hpp"
#include "atmbench/device_link/serial_link.hpp"

#include <gtest/gtest.h>

#include <deque>

using namespace atmbench::ccnet;
using namespace atmbench::device_link;
using namespace std::chrono_literals;
using atmbench::from_hex;

namespace {

const DriverSettings kQuick{50ms, 3};

DriverError::Kind error_of(const std::function<void()>& call, std::string* what = nullptr) {
    try {
        call();
    } catch (const DriverError& e) {
        if (what) *what = e.what();
        return e.kind();
    }
    ADD_FAILURE() << "no DriverError";
    return DriverError::Kind::Unexpected;
}

// Polls until an event of `kind` (at most `limit` POLLs); fails the test otherwise.
PollEvent poll_until(Driver& d, PollEvent::Kind kind, PollState state, int limit = 10) {
    for (int i = 0; i < limit; ++i) {
        PollEvent e = d.poll();
        if (e.kind == kind && e.state == state) return e;
    }
    ADD_FAILURE() << "no " << state_name(static_cast<std::uint8_t>(state)) << " within " << limit << " POLLs";
    return {};
}

// The start every session makes: RESET, to rest, the bill table, every type enabled with escrow.
void start(Driver& d) {
    d.reset();
    poll_until(d, PollEvent::Kind::State, PollState::UnitDisabled);
    d.load_bill_table();
    d.enable_bill_types(0xFFFFFF, 0xFFFFFF);
    poll_until(d, PollEvent::Kind::State, PollState::Idling);
}

// One deposit of a 100: insert → escrow → STACK → stacked, checking each event.
void deposit_100(Driver& d, Validator& v) {
    v.insert_note("100");
    PollEvent accepting = d.poll();
    EXPECT_EQ(accepting.state, PollState::Accepting);
    EXPECT_TRUE(accepting.changed);
    PollEvent escrow = d.poll();
    ASSERT_EQ(escrow.kind, PollEvent::Kind::Escrow) << escrow.describe();
    EXPECT_EQ(escrow.detail, 5);
    EXPECT_EQ(d.denomination_of(escrow.detail), (Bill{"CNY", 100}));
    d.stack();
    EXPECT_EQ(d.poll().state, PollState::Stacking);
    PollEvent stacked = d.poll();
    EXPECT_EQ(stacked.kind, PollEvent::Kind::Stacked);
    EXPECT_EQ(stacked.describe(), "BILL STACKED bill type 5");
    EXPECT_EQ(d.poll().state, PollState::Idling);
}

// Answers each whole frame but ACK with the next of its answers (raw bytes), for what the model never says.
class ScriptedDevice : public WireDevice {
public:
    explicit ScriptedDevice(std::deque<Bytes> answers) : answers_(std::move(answers)) {}
    Bytes receive(std::span<const std::uint8_t> bytes) override {
        reader_.feed(bytes);
        Bytes out;
        while (auto f = reader_.next()) {
            ++frames;
            if (f->payload == Bytes{0x00} || answers_.empty()) continue;
            out.insert(out.end(), answers_.front().begin(), answers_.front().end());
            if (answers_.size() > 1) answers_.pop_front();
        }
        return out;
    }
    int frames = 0;

private:
    std::deque<Bytes> answers_;
    FrameReader reader_;
};

}  // namespace

TEST(Driver, MakesAFullDepositAgainstTheModel) {
    Validator v;
    LoopLink link(v, "ccnet");
    Driver d(link, kQuick);
    EXPECT_EQ(d.poll().state, PollState::PowerUp);
    start(d);
    EXPECT_EQ(d.identify(), Identification{});
    EXPECT_EQ(d.status().enabled, 0xFFFFFFu);
    deposit_100(d, v);
    deposit_100(d, v);
    ValidatorTruth t = v.truth();
    EXPECT_EQ(t.inserted, 2);
    EXPECT_EQ(t.stacked.at(100), 2);
    EXPECT_EQ(t.cassette_notes, 2u);
    EXPECT_EQ(d.retransmissions(), 0);
}

TEST(Driver, ReportsReturnedRejectedAndStateChanges) {
    Validator v;
    LoopLink link(v);
    Driver d(link, kQuick);
    start(d);
    PollEvent same = d.poll();
    EXPECT_EQ(same.state, PollState::Idling);
    EXPECT_FALSE(same.changed);
    v.insert_note("50");
    poll_until(d, PollEvent::Kind::Escrow, PollState::EscrowPosition);
    d.hold();
    EXPECT_EQ(d.poll().state, PollState::Holding);
    d.return_bill();
    PollEvent returned = poll_until(d, PollEvent::Kind::Returned, PollState::BillReturned);
    EXPECT_EQ(returned.detail, 4);
    d.enable_bill_types(0x00000F, 0);  // 1 … 20 CNY only
    v.insert_note("50");
    PollEvent rejected = poll_until(d, PollEvent::Kind::Rejected, PollState::Rejecting);
    EXPECT_EQ(rejected.detail, static_cast<std::uint8_t>(RejectReason::Inhibit));
    EXPECT_EQ(rejected.describe(), "REJECTING: INHIBIT");
    EXPECT_EQ(v.truth().returned, 1);
    EXPECT_EQ(v.truth().rejected, 1);
}

TEST(Driver, ReportsFaultsByKind) {
    Validator v;
    LoopLink link(v);
    Driver d(link, kQuick);
    start(d);
    v.arm(parse_fault("failure:0x50"));
    PollEvent failure = d.poll();
    EXPECT_EQ(failure.kind, PollEvent::Kind::Fault);
    EXPECT_EQ(failure.describe(), "FAILURE: STACK MOTOR");
    v.clear_fault();
    poll_until(d, PollEvent::Kind::State, PollState::Idling);
    v.arm({Fault::ValidatorJam});
    v.insert_note("10");
    PollEvent jam = poll_until(d, PollEvent::Kind::Fault, PollState::ValidatorJammed);
    EXPECT_EQ(jam.describe(), "VALIDATOR JAMMED");
}

TEST(Driver, AsksAgainWithNakWhenAnAnswerArrivesCorrupted) {
    Validator v;
    LoopLink loop(v);
    std::vector<std::string> injected;
    InjectingLink link(loop, [&](const LinkExchange& e) { injected.push_back(e.injected); });
    Driver d(link, kQuick);
    start(d);
    v.insert_note("100");
    EXPECT_EQ(d.poll().state, PollState::Accepting);
    link.arm(parse_line_fault("corrupt:4"));  // the bill type byte of ESCROW POSITION: a bad CRC
    PollEvent escrow = d.poll();
    EXPECT_EQ(escrow.kind, PollEvent::Kind::Escrow);
    EXPECT_EQ(escrow.detail, 5);
    EXPECT_EQ(d.retransmissions(), 1);
    d.stack();
    EXPECT_EQ(d.poll().state, PollState::Stacking);
    link.arm(parse_line_fault("corrupt:2"));  // LNG: the frame never completes
    EXPECT_EQ(d.poll().kind, PollEvent::Kind::Stacked) << "the event is not lost";
    EXPECT_EQ(d.poll().state, PollState::Idling) << "nor reported twice";
    EXPECT_EQ(d.retransmissions(), 2);
    EXPECT_EQ(injected, (std::vector<std::string>{"corrupted byte 4", "corrupted byte 2"}));
    EXPECT_EQ(v.truth().stacked.at(100), 1);
}

TEST(Driver, SendsTheCommandAgainWhenAnAnswerIsLost) {
    Validator v;
    LoopLink link(v);
    Driver d(link, kQuick);
    start(d);
    v.insert_note("100");
    d.poll();
    link.lose_answers(1);
    EXPECT_EQ(d.poll().kind, PollEvent::Kind::Escrow);
    link.lose_answers(1);
    d.stack();  // the validator took it; its ACK was lost; the repeat is ACKed again
    EXPECT_EQ(d.poll().state, PollState::Stacking);
    EXPECT_EQ(d.retransmissions(), 2);
}

TEST(Driver, GivesUpOnGarbledAnswersAfterItsAttempts) {
    Validator v;
    LoopLink loop(v);
    InjectingLink link(loop);
    Driver d(link, kQuick);
    start(d);
    link.arm(parse_line_fault("corrupt:3,count=3"));
    std::string what;
    EXPECT_EQ(error_of([&] { d.poll(); }, &what), DriverError::Kind::Garbled);
    EXPECT_NE(what.find("POLL: no good answer from loop loop after 3 attempts"), std::string::npos) << what;
    EXPECT_NE(what.find("CRC"), std::string::npos) << what;
    EXPECT_EQ(d.poll().state, PollState::Idling) << "the next POLL works";
}

TEST(Driver, TimesOutWithinItsBoundWhenTheValidatorIsSilent) {
    Validator v;
    LoopLink link(v);
    Driver d(link, kQuick);
    link.lose_answers(3);
    const auto begin = std::chrono::steady_clock::now();
    std::string what;
    EXPECT_EQ(error_of([&] { d.reset(); }, &what), DriverError::Kind::Timeout);
    EXPECT_LT(std::chrono::steady_clock::now() - begin, 1s) << "3 × 50 ms";
    EXPECT_NE(what.find("RESET: no good answer"), std::string::npos) << what;
    EXPECT_NE(what.find("no answer within 50 ms"), std::string::npos) << what;
}

TEST(Driver, CallsAFailedLinkDeviceGone) {
    Validator v;
    LoopLink link(v, "ccnet");
    Driver d(link, kQuick);
    start(d);
    link.unplug();
    std::string what;
    EXPECT_EQ(error_of([&] { d.poll(); }, &what), DriverError::Kind::DeviceGone);
    EXPECT_NE(what.find("POLL: device gone: loop ccnet: device unplugged"), std::string::npos) << what;
}

TEST(Driver, ReportsIllegalCommandAsRefused) {
    Validator v;
    LoopLink link(v);
    Driver d(link, kQuick);
    start(d);
    std::string what;
    EXPECT_EQ(error_of([&] { d.stack(); }, &what), DriverError::Kind::Refused);
    EXPECT_NE(what.find("STACK: the validator answered ILLEGAL COMMAND (last POLL: IDLING)"), std::string::npos) << what;
}

TEST(Driver, SendsAgainWhenTheValidatorAnswersNakAndGivesUpIfItKeepsOn) {
    ScriptedDevice nak({encode(Address::BillValidator, 0xFF)});
    LoopLink link(nak);
    Driver d(link, kQuick);
    std::string what;
    EXPECT_EQ(error_of([&] { d.poll(); }, &what), DriverError::Kind::Garbled);
    EXPECT_NE(what.find("answered NAK"), std::string::npos) << what;
    EXPECT_EQ(nak.frames, 3);

    ScriptedDevice once({encode(Address::BillValidator, 0xFF), encode(Address::BillValidator, 0x14)});
    LoopLink link2(once);
    Driver d2(link2, kQuick);
    EXPECT_EQ(d2.poll().state, PollState::Idling);
    EXPECT_EQ(d2.retransmissions(), 1);
}

TEST(Driver, ReadsPastGarbageAndOtherPeripheralsFrames) {
    Bytes answer = from_hex("FF 13 00");
    Bytes other = encode(Address::BillToBill, 0x19);
    Bytes ours = encode(Address::BillValidator, 0x14);
    answer.insert(answer.end(), other.begin(), other.end());
    answer.insert(answer.end(), ours.begin(), ours.end());
    ScriptedDevice noisy({answer});
    LoopLink link(noisy);
    Driver d(link, kQuick);
    EXPECT_EQ(d.poll().state, PollState::Idling);
    EXPECT_EQ(d.retransmissions(), 0);
}

TEST(Driver, RefusesAMalformedAnswerAsUnexpected) {
    ScriptedDevice odd({encode(Address::BillValidator, 0x80), encode(Frame{3, Bytes(33)})});
    LoopLink link(odd);
    Driver d(link, kQuick);
    std::string what;
    EXPECT_EQ(error_of([&] { d.poll(); }, &what), DriverError::Kind::Unexpected);
    EXPECT_NE(what.find("ESCROW POSITION carries 1"), std::string::npos) << what;
    EXPECT_EQ(error_of([&] { d.identify(); }, &what), DriverError::Kind::Unexpected);
    EXPECT_NE(what.find("33 bytes, expected 34"), std::string::npos) << what;
    EXPECT_EQ(error_of([&] { d.reset(); }), DriverError::Kind::Unexpected) << "RESET answered with data, not ACK";
}

TEST(Driver, MakesADepositOverAPseudoTerminal) {
    Validator v;
    PtyDevice pty(v);
    SerialLink line(pty.path(), {9600});
    Driver d(line, DriverSettings{500ms, 3});
    start(d);
    EXPECT_EQ(d.identify().part_number, "ATMBENCH-CCNET");
    deposit_100(d, v);
    EXPECT_EQ(v.truth().stacked.at(100), 1);
}

TEST(Driver, RefusesZeroAttempts) {
    Validator v;
    LoopLink link(v);
    EXPECT_THROW(Driver(link, DriverSettings{50ms, 0}), std::invalid_argument);
}
