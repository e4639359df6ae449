#include "devices/cash/ccnet_acceptor.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <stdexcept>
#include <thread>

namespace atmbench::devices {

namespace json = boost::json;
using ccnet::DriverError;
using ccnet::PollEvent;
using ccnet::PollState;

namespace {

// A simulated validator moves on with each POLL, so a wait that needs more POLLs than this will never end: it is
// cut short instead of spinning out the note timeout.
constexpr int kSimulatedPolls = 64;

std::unique_ptr<ccnet::Validator> simulated_validator(const CcnetAcceptorConfig& c) {
    if (c.line.transport != "simulated") return nullptr;
    ccnet::ValidatorSettings s;
    s.bill_table = ccnet::BillTable::parse(c.bill_table);
    s.cassette_capacity = c.cassette_capacity;
    return std::make_unique<ccnet::Validator>(s);
}

ccnet::DriverSettings driver_settings(const CcnetAcceptorConfig& c) {
    ccnet::DriverSettings s;
    s.answer_timeout = c.answer_timeout;
    return s;
}

std::string state_text(const PollEvent& e) { return e.describe(); }

// The text the simulated validator takes for a note in the bench's hand: its value in whole units, "counterfeit"
// for a note the validator's sensors would catch, and for one it cannot identify a value its table does not have.
std::string note_text(const Note& n, const ccnet::BillTable& table) {
    if (n.note_class == NoteClass::counterfeit || n.note_class == NoteClass::suspect) return "counterfeit";
    if (n.note_class == NoteClass::unrecognised) {
        for (std::uint32_t foreign : {3u, 7u, 9u, 30u, 300u, 999'999u})
            if (!table.type_of(foreign)) return std::to_string(foreign);
    }
    return std::to_string(n.value / 100);
}

// validatorReports {target: a ccnet fault name}: the answer to the next POLL(s) is replaced by the state that fault
// would report (§3.2 POLL answers) — a validator reporting a jam it never had, on any line, real or simulated.
device_link::LineFault reported_state(const std::string& target, std::int64_t count) {
    if (target.empty())
        throw std::invalid_argument("validatorReports: target names the state to report (validator-jam, stacker-jam, "
                                    "cheated, cassette-removed, cassette-full, failure[:CODE], power-up-bill)");
    ccnet::ArmedFault f = ccnet::parse_fault(target);  // throws std::invalid_argument listing the names
    ccnet::Bytes state;
    switch (f.fault) {
        case ccnet::Fault::ValidatorJam: state = {static_cast<std::uint8_t>(PollState::ValidatorJammed)}; break;
        case ccnet::Fault::StackerJam: state = {static_cast<std::uint8_t>(PollState::DropCassetteJammed)}; break;
        case ccnet::Fault::Cheated: state = {static_cast<std::uint8_t>(PollState::Cheated)}; break;
        case ccnet::Fault::CassetteRemoved: state = {static_cast<std::uint8_t>(PollState::DropCassetteOutOfPosition)}; break;
        case ccnet::Fault::CassetteFull: state = {static_cast<std::uint8_t>(PollState::DropCassetteFull)}; break;
        case ccnet::Fault::Failure: state = {static_cast<std::uint8_t>(PollState::Failure), f.failure_code}; break;
        case ccnet::Fault::PowerUpWithBill: state = {static_cast<std::uint8_t>(PollState::PowerUpWithBillInValidator)}; break;
    }
    const auto validator = static_cast<std::uint8_t>(ccnet::Address::BillValidator);
    device_link::LineFault fault;
    fault.kind = device_link::LineFault::Kind::ReplaceAnswer;
    fault.count = count > 1 ? static_cast<int>(count) : 1;
    fault.replacement = ccnet::encode(ccnet::Frame{validator, state});
    fault.why = ccnet::state_name(state[0]);
    fault.after_request = ccnet::encode(ccnet::Address::BillValidator, static_cast<std::uint8_t>(ccnet::Command::Poll));
    return fault;
}

}  // namespace

CcnetAcceptor::CcnetAcceptor(const CcnetAcceptorConfig& config, DeviceLineListener listener)
    : config_(config),
      simulated_(simulated_validator(config)),
      line_(config.line, simulated_.get(), "ccnet", std::move(listener)),
      driver_(line_.link(), driver_settings(config)) {}

PollEvent CcnetAcceptor::poll() {
    PollEvent e = driver_.poll();
    last_ = e;
    if (e.state == PollState::DropCassetteOutOfPosition) storage_problem_ = "missing";
    else if (e.state == PollState::DropCassetteFull) storage_problem_ = "full";
    else if (e.kind != PollEvent::Kind::Fault) storage_problem_.clear();
    return e;
}

std::optional<PollEvent> CcnetAcceptor::await(const std::function<bool(const PollEvent&)>& done) {
    const auto deadline = std::chrono::steady_clock::now() + config_.note_timeout;
    for (int polls = 0;; ++polls) {
        PollEvent e = poll();
        if (done(e) || e.kind == PollEvent::Kind::Fault) return e;
        if (std::chrono::steady_clock::now() >= deadline || (simulated_ && polls >= kSimulatedPolls)) return std::nullopt;
        if (!simulated_) std::this_thread::sleep_for(config_.poll_interval);
    }
}

Outcome CcnetAcceptor::fault_outcome(const PollEvent& fault, const std::string& where) {
    last_error_ = where + ": the validator reports " + state_text(fault);
    initialised_ = false;  // the next cash-in starts with RESET, as after any fault
    // XFS4IoT CashAcceptor: a storage unit that cannot take notes is cashUnitError (the unit's status says why);
    // a jam or failure of the mechanism is a hardware error.
    if (fault.state == PollState::DropCassetteOutOfPosition || fault.state == PollState::DropCassetteFull)
        return Outcome::error("cashUnitError", last_error_);
    return Outcome::hardware(last_error_);
}

Outcome CcnetAcceptor::driver_failure(const DriverError& e, const std::string& where) {
    last_error_ = where + ": " + e.what();
    initialised_ = false;
    return Outcome::hardware(last_error_);
}

void CcnetAcceptor::initialise() {
    driver_.reset();
    auto rest = await([](const PollEvent& e) {
        return e.state == PollState::UnitDisabled || e.state == PollState::Idling;
    });
    if (!rest || rest->kind == PollEvent::Kind::Fault) return;  // start_accepting reports what it found
    const ccnet::BillTable& table = driver_.load_bill_table();
    table_mask_ = 0;
    for (std::uint8_t t = 0; t < ccnet::kBillTypes; ++t)
        if (table.at(t)) table_mask_ |= ccnet::bill_type_bit(t);
    initialised_ = true;
}

Outcome CcnetAcceptor::start_accepting() {
    try {
        if (!initialised_) initialise();
        if (initialised_) driver_.enable_bill_types(table_mask_, table_mask_);  // every type stops in escrow
        auto idle = await([](const PollEvent& e) { return e.state == PollState::Idling; });
        if (!idle) {
            initialised_ = false;
            last_error_ = "cash-in start: the validator did not come to IDLING within " +
                          std::to_string(config_.note_timeout.count()) + " ms" +
                          (last_ ? " (last: " + state_text(*last_) + ")" : "");
            return Outcome::hardware(last_error_);
        }
        if (idle->kind == PollEvent::Kind::Fault) return fault_outcome(*idle, "cash-in start");
        last_error_.clear();
        return Outcome::success();
    } catch (const DriverError& e) {
        return driver_failure(e, "cash-in start");
    }
}

DrawnNote CcnetAcceptor::draw_in(const Note& note) {
    try {
        if (simulated_) {
            try {
                simulated_->insert_note(note_text(note, simulated_->bill_table()));
            } catch (const ccnet::NoteRefused& e) {
                return {DrawnNote::Kind::Refused, e.what(), {}};
            }
        }
        auto drawn = await([](const PollEvent& e) {
            return e.kind == PollEvent::Kind::Escrow || e.kind == PollEvent::Kind::Rejected;
        });
        if (!drawn) {
            last_error_ = "cash-in: no note reached the escrow within " + std::to_string(config_.note_timeout.count()) + " ms";
            initialised_ = false;
            return {DrawnNote::Kind::Failed, {}, Outcome::hardware(last_error_)};
        }
        if (drawn->kind == PollEvent::Kind::Rejected) return {DrawnNote::Kind::Refused, state_text(*drawn), {}};
        if (drawn->state == PollState::Cheated)  // pulled back out of the slot: the customer holds it again
            return {DrawnNote::Kind::Refused, state_text(*drawn), {}};
        if (drawn->kind == PollEvent::Kind::Fault)
            return {DrawnNote::Kind::Failed, {}, fault_outcome(*drawn, "cash-in")};
        // In the escrow: the denomination the validator read must be the note the bench (or the operator) gave it.
        auto bill = driver_.denomination_of(drawn->detail);
        if (!bill || static_cast<std::int64_t>(bill->value) * 100 != note.value || bill->currency != note.currency) {
            std::string read = bill ? bill->text() : "bill type " + std::to_string(drawn->detail);
            Outcome back = give_back();
            if (!back.ok()) return {DrawnNote::Kind::Failed, {}, back};
            return {DrawnNote::Kind::Refused, "identified as " + read + ", not " + std::to_string(note.value / 100) + " " +
                                                  note.currency, {}};
        }
        last_error_.clear();
        return {DrawnNote::Kind::Escrowed, {}, {}};
    } catch (const DriverError& e) {
        return {DrawnNote::Kind::Failed, {}, driver_failure(e, "cash-in")};
    }
}

Outcome CcnetAcceptor::move_escrow(void (ccnet::Driver::*command)(), PollEvent::Kind until, const char* expected,
                                   const std::string& where) {
    try {
        (driver_.*command)();
        auto moved = await([until](const PollEvent& e) { return e.kind == until; });
        if (!moved) {
            initialised_ = false;
            last_error_ = where + ": no " + expected + " within " + std::to_string(config_.note_timeout.count()) + " ms";
            return Outcome::hardware(last_error_);
        }
        if (moved->kind == PollEvent::Kind::Fault) return fault_outcome(*moved, where);
        return Outcome::success();
    } catch (const DriverError& e) {
        return driver_failure(e, where);
    }
}

Outcome CcnetAcceptor::stack() {
    return move_escrow(&ccnet::Driver::stack, PollEvent::Kind::Stacked, "BILL STACKED", "cash-in end");
}

Outcome CcnetAcceptor::give_back() {
    return move_escrow(&ccnet::Driver::return_bill, PollEvent::Kind::Returned, "BILL RETURNED", "rollback");
}

void CcnetAcceptor::check() {
    try {
        if (!initialised_) {
            initialise();
            if (initialised_) driver_.enable_bill_types(0, 0);  // nothing is taken outside a cash-in
            return;
        }
        PollEvent e = poll();
        if (e.kind == PollEvent::Kind::Fault) initialised_ = false;  // RESET before the next cash-in, as after any fault
    } catch (const DriverError& e) {
        (void)driver_failure(e, "status");
    }
}

void CcnetAcceptor::stop_accepting() {
    if (!initialised_) return;  // after a fault nothing is enabled until the next RESET
    try {
        driver_.enable_bill_types(0, 0);
    } catch (const DriverError& e) {
        (void)driver_failure(e, "cash-in close");  // shown in the truth; the next cash-in starts with RESET
    }
}

json::object CcnetAcceptor::truth() const {
    json::object o{{"protocol", "ccnet"}, {"line", line_.describe()}, {"transport", config_.line.transport}};
    o["state"] = last_ ? json::value(state_text(*last_)) : json::value(nullptr);
    if (!last_error_.empty()) o["error"] = last_error_;
    if (!storage_problem_.empty()) o["cassette"] = storage_problem_;
    o["retransmissions"] = driver_.retransmissions();
    if (simulated_) {
        // The simulated validator's own record: where every note it drew in went.
        ccnet::ValidatorTruth t = simulated_->truth();
        json::object stacked, cassette;
        for (const auto& [value, n] : t.stacked) stacked[std::to_string(value)] = n;
        for (const auto& [value, n] : t.cassette) cassette[std::to_string(value)] = n;
        o["validator"] = {{"inserted", t.inserted},     {"rejected", t.rejected}, {"returned", t.returned},
                          {"cheated", t.cheated},       {"stacked", std::move(stacked)},
                          {"cassette", std::move(cassette)}, {"cassetteNotes", t.cassette_notes},
                          {"noteAt", t.note_at.empty() ? json::value(nullptr) : json::value(t.note_at)}};
    }
    return o;
}

const std::vector<std::string>& CcnetAcceptor::fault_names() {
    static const std::vector<std::string> names{"validatorJam",     "stackerJam",       "validatorCheated",
                                                 "dropCassetteRemoved", "dropCassetteFull", "validatorFailure",
                                                 "validatorReports",    "lineFault"};
    return names;
}

bool CcnetAcceptor::handles(const std::string& fault) {
    const auto& names = fault_names();
    return std::find(names.begin(), names.end(), fault) != names.end();
}

void CcnetAcceptor::inject_fault(const FaultSpec& spec) {
    if (spec.name == "lineFault") {
        line_.arm(spec.target, spec.count);
        return;
    }
    if (spec.name == "validatorReports") {
        line_.arm(reported_state(spec.target, spec.count));
        return;
    }
    if (!simulated_)
        throw std::invalid_argument(spec.name + ": the bench cannot jam a real validator or take its cassette out (" +
                                    line_.describe() + "); use lineFault, or ask the operator");
    std::string text;
    if (spec.name == "validatorJam") text = "validator-jam";
    else if (spec.name == "stackerJam") text = "stacker-jam";
    else if (spec.name == "validatorCheated") text = "cheated";
    else if (spec.name == "dropCassetteRemoved") text = "cassette-removed";
    else if (spec.name == "dropCassetteFull") text = "cassette-full";
    else if (spec.name == "validatorFailure") text = spec.target.empty() ? "failure" : "failure:" + spec.target;
    else throw std::invalid_argument("unknown fault '" + spec.name + "'");
    simulated_->arm(ccnet::parse_fault(text));
}

void CcnetAcceptor::clear_faults() {
    line_.clear_faults();
    if (simulated_) simulated_->clear_fault();
    initialised_ = false;
    storage_problem_.clear();
}

}  // namespace atmbench::devices
