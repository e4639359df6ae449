#include "atmbench/ccnet/driver.hpp"

#include "atmbench/common/bytes.hpp"

namespace atmbench::ccnet {

namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kAck = static_cast<std::uint8_t>(Command::Ack);
constexpr auto kNak = static_cast<std::uint8_t>(Command::Nak);

}  // namespace

std::string PollEvent::describe() const {
    const auto code = static_cast<std::uint8_t>(state);
    std::string text = state_name(code);
    switch (kind) {
        case Kind::Escrow:
        case Kind::Stacked:
        case Kind::Returned: return text + " bill type " + std::to_string(detail);
        case Kind::Rejected: return text + ": " + reject_reason_name(detail);
        case Kind::Fault: return state == PollState::Failure ? text + ": " + failure_name(detail) : text;
        case Kind::State: return text;
    }
    return text;
}

Driver::Driver(device_link::ByteLink& link, DriverSettings settings) : link_(link), settings_(settings) {
    if (settings_.attempts < 1) throw std::invalid_argument("CCNET driver: attempts is at least 1");
}

Bytes Driver::transact(Command command, const Bytes& data) {
    Bytes payload{static_cast<std::uint8_t>(command)};
    payload.insert(payload.end(), data.begin(), data.end());
    const auto address = static_cast<std::uint8_t>(settings_.address);
    const Bytes request = encode(Frame{address, payload});
    const Bytes nak = encode(Frame{address, {kNak}});
    const std::string name = command_name(payload[0]);
    std::string problem;
    auto kind = DriverError::Kind::Timeout;
    bool ask_again = false;  // the last answer was garbled: NAK asks for it again without doing the command twice
    try {
        for (int attempt = 1; attempt <= settings_.attempts; ++attempt) {
            if (attempt > 1) ++retransmissions_;
            link_.discard_input();  // what is left of a garbled answer must not be read as the next one
            link_.write(ask_again ? nak : request, settings_.answer_timeout);
            std::optional<Frame> answer = read_answer(problem, kind);
            if (answer && answer->payload == Bytes{kNak}) {
                problem = "the validator answered NAK (it read our frame garbled)";
                kind = DriverError::Kind::Garbled;
                ask_again = false;
                continue;
            }
            if (answer) {
                if (answer->payload != Bytes{kAck}) link_.write(encode(Frame{address, {kAck}}), settings_.answer_timeout);
                return answer->payload;
            }
            ask_again = kind == DriverError::Kind::Garbled;
        }
    } catch (const device_link::LinkError& e) {
        throw DriverError(DriverError::Kind::DeviceGone, name + ": device gone: " + e.what());
    }
    throw DriverError(kind, name + ": no good answer from " + link_.describe() + " after " +
                                std::to_string(settings_.attempts) + " attempts: " + problem);
}

std::optional<Frame> Driver::read_answer(std::string& problem, DriverError::Kind& kind) {
    FrameReader reader;
    const auto deadline = Clock::now() + settings_.answer_timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) break;
        Bytes part = link_.read(256, left);
        if (part.empty()) break;
        reader.feed(part);
        try {
            while (auto frame = reader.next())
                if (frame->address == static_cast<std::uint8_t>(settings_.address)) return frame;
        } catch (const FrameError& e) {
            problem = e.what();
            kind = DriverError::Kind::Garbled;
            return std::nullopt;
        }
    }
    const std::string within = " within " + std::to_string(settings_.answer_timeout.count()) + " ms";
    if (reader.buffered() > 0) {
        problem = "an incomplete frame (" + std::to_string(reader.buffered()) + " bytes)" + within;
        kind = DriverError::Kind::Garbled;
    } else {
        problem = "no answer" + within;
        kind = DriverError::Kind::Timeout;
    }
    return std::nullopt;
}

void Driver::expect_ack(Command command, const Bytes& data) {
    const Bytes answer = transact(command, data);
    const std::string name = command_name(static_cast<std::uint8_t>(command));
    if (answer == Bytes{kIllegalCommand})
        throw DriverError(DriverError::Kind::Refused, name + ": the validator answered ILLEGAL COMMAND" +
                                                          (last_state_ ? " (last POLL: " +
                                                                             state_name(static_cast<std::uint8_t>(*last_state_)) + ")"
                                                                       : std::string()));
    if (answer != Bytes{kAck})
        throw DriverError(DriverError::Kind::Unexpected, name + ": expected ACK, the validator answered " + to_hex(answer));
}

void Driver::reset() {
    expect_ack(Command::Reset);
    last_state_.reset();
}

void Driver::enable_bill_types(std::uint32_t enabled, std::uint32_t escrow) {
    Bytes data;
    put_mask(data, enabled);
    put_mask(data, escrow);
    expect_ack(Command::EnableBillTypes, data);
}

void Driver::set_security(std::uint32_t high_security) {
    Bytes data;
    put_mask(data, high_security);
    expect_ack(Command::SetSecurity, data);
}

void Driver::stack() { expect_ack(Command::Stack); }
void Driver::return_bill() { expect_ack(Command::Return); }
void Driver::hold() { expect_ack(Command::Hold); }

namespace {

// A data answer that is ILLEGAL COMMAND or does not decode is the driver's specific error, not a parse exception.
template <class Decode>
auto decode_answer(Command command, const Bytes& answer, Decode decode) {
    const std::string name = command_name(static_cast<std::uint8_t>(command));
    if (answer == Bytes{kIllegalCommand})
        throw DriverError(DriverError::Kind::Refused, name + ": the validator answered ILLEGAL COMMAND");
    try {
        return decode(answer);
    } catch (const std::invalid_argument& e) {
        throw DriverError(DriverError::Kind::Unexpected, name + ": " + e.what());
    }
}

}  // namespace

Identification Driver::identify() {
    return decode_answer(Command::Identification, transact(Command::Identification),
                         [](const Bytes& a) { return Identification::decode(a); });
}

const BillTable& Driver::load_bill_table() {
    table_ = decode_answer(Command::GetBillTable, transact(Command::GetBillTable),
                           [](const Bytes& a) { return BillTable::decode(a); });
    return *table_;
}

ValidatorStatus Driver::status() {
    return decode_answer(Command::GetStatus, transact(Command::GetStatus), [](const Bytes& a) {
        if (a.size() != 6)
            throw std::invalid_argument("answer " + to_hex(a) + " is not 6 bytes (enabled and security masks)");
        return ValidatorStatus{get_mask(std::span(a).first(3)), get_mask(std::span(a).subspan(3))};
    });
}

PollEvent Driver::poll() {
    const Bytes answer = transact(Command::Poll);
    const std::uint8_t code = answer[0];
    if (answer.size() != 1 + state_data_length(code))
        throw DriverError(DriverError::Kind::Unexpected,
                          "POLL: the answer " + to_hex(answer) + " has " + std::to_string(answer.size() - 1) +
                              " data bytes; " + state_name(code) + " carries " + std::to_string(state_data_length(code)));
    PollEvent event;
    event.state = static_cast<PollState>(code);
    event.detail = answer.size() > 1 ? answer[1] : 0;
    event.changed = last_state_ != event.state;
    last_state_ = event.state;
    switch (event.state) {
        case PollState::EscrowPosition: event.kind = PollEvent::Kind::Escrow; break;
        case PollState::BillStacked: event.kind = PollEvent::Kind::Stacked; break;
        case PollState::BillReturned: event.kind = PollEvent::Kind::Returned; break;
        case PollState::Rejecting: event.kind = PollEvent::Kind::Rejected; break;
        default: event.kind = is_fault_state(code) ? PollEvent::Kind::Fault : PollEvent::Kind::State; break;
    }
    return event;
}

std::optional<Bill> Driver::denomination_of(std::uint8_t type) const {
    if (!table_) return std::nullopt;
    return table_->at(type);
}

}  // namespace atmbench::ccnet
