#include "atmbench/ccnet/validator.hpp"

#include <algorithm>
#include <charconv>

namespace atmbench::ccnet {

namespace {

constexpr auto kOwnAddress = static_cast<std::uint8_t>(Address::BillValidator);

PollState state_of(Fault fault) {
    switch (fault) {
        case Fault::ValidatorJam: return PollState::ValidatorJammed;
        case Fault::StackerJam: return PollState::DropCassetteJammed;
        case Fault::CassetteRemoved: return PollState::DropCassetteOutOfPosition;
        case Fault::CassetteFull: return PollState::DropCassetteFull;
        case Fault::Failure: return PollState::Failure;
        case Fault::Cheated: return PollState::Cheated;
        case Fault::PowerUpWithBill: return PollState::PowerUpWithBillInValidator;
    }
    return PollState::Failure;
}

bool is_jam(std::optional<Fault> fault) { return fault == Fault::ValidatorJam || fault == Fault::StackerJam; }

}  // namespace

Validator::Validator(ValidatorSettings settings) : settings_(std::move(settings)) {
    if (settings_.cassette_capacity == 0) throw std::invalid_argument("validator: the cassette capacity is at least 1");
    settings_.identification.encode();  // a part or serial number that cannot go on the wire fails here, not at run time
    truth_.cassette_capacity = settings_.cassette_capacity;
}

device_link::Bytes Validator::receive(std::span<const std::uint8_t> bytes) {
    std::lock_guard lock(mutex_);
    reader_.feed(bytes);
    Bytes out;
    for (;;) {
        std::optional<Frame> frame;
        try {
            frame = reader_.next();
        } catch (const FrameError&) {
            // A garbled command is answered NAK (§3.2): the controller sends it again.
            Bytes nak = encode(Address::BillValidator, static_cast<std::uint8_t>(Command::Nak));
            out.insert(out.end(), nak.begin(), nak.end());
            continue;
        }
        if (!frame) break;
        if (frame->address != kOwnAddress) continue;  // another peripheral's frame on a shared bus: not ours to answer
        Bytes a = answer(*frame);
        out.insert(out.end(), a.begin(), a.end());
    }
    return out;
}

Bytes Validator::answer(const Frame& frame) {
    const auto command = static_cast<Command>(frame.payload[0]);
    const auto data = std::span(frame.payload).subspan(1);
    switch (command) {
        case Command::Nak: return last_answer_;  // the controller could not read our last answer: the same again
        case Command::Poll: return data.empty() ? answer_poll() : reply({kIllegalCommand});
        default: break;
    }
    // An ACK, or any other command, tells that the controller has the last POLL answer: its passing state is over.
    if (poll_unacked_) {
        poll_unacked_ = false;
        if (state_ == reported_) after_reported();
    }
    return command == Command::Ack ? Bytes{} : execute(command, data);
}

Bytes Validator::answer_poll() {
    if (poll_unacked_) return last_answer_;  // the controller missed it (no ACK): the event is not lost
    fire_faults_at_rest();
    Bytes payload{static_cast<std::uint8_t>(state_)};
    if (state_data_length(payload[0]) > 0) payload.push_back(state_data_);
    reported_ = state_;
    poll_unacked_ = true;
    return reply(std::move(payload));
}

Bytes Validator::execute(Command command, std::span<const std::uint8_t> data) {
    const Bytes ack{static_cast<std::uint8_t>(Command::Ack)};
    switch (command) {
        case Command::Reset:
            if (!data.empty()) break;
            // The note inside leaves the way it was going; a jammed one stays where it is stuck.
            if (note_ && !is_jam(active_fault_)) {
                if (note_at_ == NoteAt::Stacker) {
                    into_cassette();
                } else {
                    ++truth_.returned;
                }
                note_.reset();
            }
            enabled_ = escrow_ = 0;  // after RESET every bill type is disabled until ENABLE BILL TYPES
            enter(PollState::Initialize);
            return reply(ack);
        case Command::GetStatus: {
            if (!data.empty()) break;
            Bytes payload;
            put_mask(payload, enabled_);
            put_mask(payload, security_);
            return reply(std::move(payload));
        }
        case Command::SetSecurity:
            if (data.size() != 3) break;
            security_ = get_mask(data);
            return reply(ack);
        case Command::EnableBillTypes:
            if (data.size() != 6) break;
            enabled_ = get_mask(data.first(3));
            escrow_ = get_mask(data.subspan(3));
            if (state_ == PollState::Idling && enabled_ == 0) enter(PollState::UnitDisabled);
            if (state_ == PollState::UnitDisabled && enabled_ != 0) enter(PollState::Idling);
            return reply(ack);
        case Command::Stack:
        case Command::Return:
        case Command::Hold: {
            if (!data.empty()) break;
            const PollState result = command == Command::Stack    ? PollState::Stacking
                                     : command == Command::Return ? PollState::Returning
                                                                  : PollState::Holding;
            // A controller that missed our ACK sends the command again: already under way, it is ACKed again.
            if (state_ == result) return reply(ack);
            if (state_ != PollState::EscrowPosition && state_ != PollState::Holding) break;  // no note to act on
            if (command == Command::Stack) note_at_ = NoteAt::Stacker;
            enter(result);
            return reply(ack);
        }
        case Command::Identification:
            if (!data.empty()) break;
            return reply(settings_.identification.encode());
        case Command::GetBillTable:
            if (!data.empty()) break;
            return reply(settings_.bill_table.encode());
        default: break;
    }
    return reply({kIllegalCommand});
}

void Validator::after_reported() {
    switch (state_) {
        case PollState::Initialize:
        case PollState::BillReturned:
        case PollState::Rejecting:
        case PollState::Cheated: settle(); break;
        case PollState::Accepting: {
            if (take_armed(Fault::ValidatorJam)) {
                active_fault_ = Fault::ValidatorJam;
                enter(PollState::ValidatorJammed);
                break;
            }
            if (take_armed(Fault::Cheated)) {
                ++truth_.cheated;
                note_.reset();
                enter(PollState::Cheated);
                break;
            }
            auto reject = [this](RejectReason reason) {
                ++truth_.rejected;
                note_.reset();
                enter(PollState::Rejecting, static_cast<std::uint8_t>(reason));
            };
            const auto type = note_->value ? settings_.bill_table.type_of(*note_->value) : std::nullopt;
            if (note_->counterfeit) {
                reject(RejectReason::Verification);
            } else if (!type) {
                reject(RejectReason::Identification);
            } else if (!(enabled_ & bill_type_bit(*type))) {
                reject(RejectReason::Inhibit);
            } else if (escrow_ & bill_type_bit(*type)) {
                enter(PollState::EscrowPosition, *type);
            } else {
                note_at_ = NoteAt::Stacker;  // escrow off for this type: straight on to the cassette
                enter(PollState::Stacking);
            }
            break;
        }
        case PollState::Stacking:
            if (take_armed(Fault::StackerJam)) {
                active_fault_ = Fault::StackerJam;
                enter(PollState::DropCassetteJammed);
                break;
            }
            {
                const std::uint8_t type = bill_type_of_note();
                into_cassette();
                note_.reset();
                enter(PollState::BillStacked, type);
            }
            break;
        case PollState::Returning: {
            const std::uint8_t type = bill_type_of_note();
            ++truth_.returned;
            note_.reset();
            enter(PollState::BillReturned, type);
            break;
        }
        case PollState::BillStacked:
            if (truth_.cassette_notes >= settings_.cassette_capacity) active_fault_ = Fault::CassetteFull;
            settle();
            break;
        default: break;  // resting states wait for a command or the bench
    }
}

void Validator::settle() {
    if (active_fault_) {
        enter(state_of(*active_fault_), failure_code_);
        return;
    }
    enter(enabled_ != 0 ? PollState::Idling : PollState::UnitDisabled);
}

void Validator::fire_faults_at_rest() {
    if (state_ != PollState::Idling && state_ != PollState::UnitDisabled) return;
    for (Fault f : {Fault::CassetteRemoved, Fault::CassetteFull, Fault::Failure}) {
        if (auto armed = take_armed(f)) {
            active_fault_ = f;
            failure_code_ = armed->failure_code;
            settle();
            return;
        }
    }
}

void Validator::into_cassette() {
    const std::uint32_t value = note_ && note_->value ? *note_->value : 0;  // 0: a note nobody identified
    ++truth_.stacked[value];
    ++truth_.cassette[value];
    ++truth_.cassette_notes;
}

void Validator::enter(PollState state, std::uint8_t data) {
    state_ = state;
    state_data_ = data;
}

std::optional<ArmedFault> Validator::take_armed(Fault fault) {
    auto it = std::find_if(armed_.begin(), armed_.end(), [fault](const ArmedFault& a) { return a.fault == fault; });
    if (it == armed_.end()) return std::nullopt;
    ArmedFault taken = *it;
    armed_.erase(it);
    return taken;
}

std::uint8_t Validator::bill_type_of_note() const {
    if (!note_ || !note_->value) return 0xFF;
    return settings_.bill_table.type_of(*note_->value).value_or(0xFF);
}

Bytes Validator::reply(Bytes payload) {
    last_answer_ = encode(Frame{kOwnAddress, std::move(payload)});
    return last_answer_;
}

void Validator::insert_note(std::string_view text) {
    Note note;
    if (text == "counterfeit") {
        note.counterfeit = true;
    } else {
        std::uint32_t value = 0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec != std::errc() || p != text.data() + text.size() || value == 0)
            throw std::invalid_argument("note \"" + std::string(text) +
                                        "\": expected a value such as 100 (any value: one not in the bill table is a "
                                        "foreign note) or counterfeit");
        note.value = value;
    }
    std::lock_guard lock(mutex_);
    if (state_ != PollState::Idling)
        throw NoteRefused("the validator is " + state_name(static_cast<std::uint8_t>(state_)) +
                          ": the note is not drawn in");
    ++truth_.inserted;
    note_ = note;
    note_at_ = NoteAt::Validator;
    enter(PollState::Accepting);
}

void Validator::arm(ArmedFault fault) {
    std::lock_guard lock(mutex_);
    // One of each kind at a time: arming again replaces it (a new failure code, say).
    std::erase_if(armed_, [&](const ArmedFault& a) { return a.fault == fault.fault; });
    armed_.push_back(fault);
}

void Validator::clear_fault() {
    std::lock_guard lock(mutex_);
    armed_.clear();
    if (!active_fault_) return;
    if (is_jam(active_fault_) && note_) {
        ++truth_.removed_by_operator;
        note_.reset();
    }
    if (active_fault_ == Fault::CassetteFull) {
        truth_.cassette.clear();
        truth_.cassette_notes = 0;
    }
    active_fault_.reset();
    enter(PollState::Initialize);
}

void Validator::empty_cassette() {
    std::lock_guard lock(mutex_);
    truth_.cassette.clear();
    truth_.cassette_notes = 0;
    if (active_fault_ == Fault::CassetteFull) {
        active_fault_.reset();
        enter(PollState::Initialize);
    }
}

void Validator::power_cycle() {
    std::lock_guard lock(mutex_);
    // A jam does not survive the power: its note is now the bill found at power up, which RESET then clears.
    if (is_jam(active_fault_)) active_fault_.reset();
    if (take_armed(Fault::PowerUpWithBill) && !note_) {
        note_ = Note{};  // somebody else's note, left from before: nobody knows its value
        note_at_ = NoteAt::Validator;
    }
    PollState state = PollState::PowerUp;
    if (note_)
        state = note_at_ == NoteAt::Stacker ? PollState::PowerUpWithBillInStacker : PollState::PowerUpWithBillInValidator;
    enabled_ = escrow_ = 0;
    poll_unacked_ = false;
    last_answer_.clear();
    reader_.clear();
    enter(state);
}

PollState Validator::state() const {
    std::lock_guard lock(mutex_);
    return state_;
}

ValidatorTruth Validator::truth() const {
    std::lock_guard lock(mutex_);
    ValidatorTruth t = truth_;
    t.note_at = !note_ ? "" : note_at_ == NoteAt::Stacker ? "stacker" : "validator";
    return t;
}

std::uint32_t Validator::enabled_bill_types() const {
    std::lock_guard lock(mutex_);
    return enabled_;
}

}  // namespace atmbench::ccnet
