// CardReader: the motorised reader's commands, the customer's hands, faults and physical truth.
#include "devices/card_reader/card_reader.hpp"
#include "atmbench/devices/fault_table.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace atmbench::devices {

namespace {
// Commands that write to the card: UPDATE BINARY/RECORD, APPEND RECORD, PUT DATA, and CREDIT FOR LOAD (圈存).
bool is_write(const std::string& cmd) {
    if (cmd.size() < 4) return false;
    std::string ins = cmd.substr(2, 2);
    return ins == "D6" || ins == "DC" || ins == "E2" || ins == "DA" || ins == "DB" ||
           (ins == "52" && cmd.substr(0, 2) == "80");
}

ReadResult failed(Outcome o) {
    ReadResult r;
    r.outcome = std::move(o);
    return r;
}
}  // namespace

CardReader::CardReader(CardReaderConfig config, std::vector<Card> catalogue) : catalogue_(std::move(catalogue)) {
    for (const RetainUnitConfig& c : config.retain_units) {
        if (unit(c.id)) throw std::invalid_argument("retain unit " + c.id + " defined twice");
        units_.push_back({c.id, c.capacity, c.count, false});
        preloaded_[c.id] = c.count;
    }
    health_.on_change([this](DeviceState s) { events().status_changed(s); });
}

RetainUnit* CardReader::unit(std::string_view id) {
    for (RetainUnit& u : units_)
        if (u.id == id) return &u;
    return nullptr;
}

void CardReader::place(const std::string& card_id, std::string_view location) { location_[card_id] = location; }

std::string CardReader::inside() const {
    for (const auto& [id, loc] : location_)
        if (loc == card_at::transport || loc == card_at::exit || loc == card_at::jammed) return id;
    return {};
}

const Card* CardReader::card() const {
    std::string id = inside();
    return id.empty() ? nullptr : &cards_.at(id);
}

std::string CardReader::where_is(const std::string& card_id) const {
    auto it = location_.find(card_id);
    return it == location_.end() ? std::string() : it->second;
}

int CardReader::cards_at(std::string_view location) const {
    int n = 0;
    for (const auto& [id, loc] : location_) n += loc == location;
    auto pre = preloaded_.find(std::string(location));
    return n + (pre == preloaded_.end() ? 0 : pre->second);
}

std::string CardReader::media_status() const {
    std::string id = inside();
    if (id.empty()) return "notPresent";
    const std::string& loc = location_.at(id);
    return loc == card_at::transport ? "present" : loc == card_at::exit ? "entering" : "jammed";
}

Outcome CardReader::jam(const std::string& card_id) {
    place(card_id, card_at::jammed);
    events().media_detected(card_at::jammed);
    return Outcome::error("mediaJam");
}

Outcome CardReader::retain(const std::string& card_id, RetainUnit& u, const char* full_code) {
    if (u.reported_full || cards_at(u.id) >= u.capacity) return Outcome::error(full_code, u.id + " is full");
    if (faults_.fire("cardJam", "retain")) return jam(card_id);
    place(card_id, u.id);
    ++u.reported_count;
    return Outcome::success();
}

AcceptResult CardReader::accept_card() {
    if (auto o = admit("readRawData")) return {*o, false};
    std::string id = inside();
    if (!id.empty() && location_[id] == card_at::jammed) return {Outcome::error("mediaJam"), false};
    if (!id.empty() && location_[id] == card_at::transport) return {Outcome::success(), true};
    accepting_ = true;
    events().insert_card();
    return {Outcome::success(), false};
}

bool CardReader::insert(const Card& card) {
    std::string at = where_is(card.id);
    if (!at.empty() && at != card_at::customer)
        throw std::invalid_argument("card " + card.id + " is already at " + at);
    if (!inside().empty()) return false;  // the slot is occupied
    if (gate_abnormal_ && !accepting_) {
        // 8.2 b: a card pushed in while the gate sensor is abnormal is held inside, never handed back.
        cards_[card.id] = card;
        place(card.id, card_at::transport);
        events().media_detected(card_at::transport);
        return true;
    }
    if (!accepting_) return false;  // the slot shutter is closed
    accepting_ = false;
    cards_[card.id] = card;
    if (faults_.fire("cardJam", "insert")) {
        jam(card.id);
        return true;
    }
    place(card.id, card_at::transport);
    events().media_inserted();
    return true;
}

bool CardReader::insert(const std::string& card_id) {
    for (const Card& c : catalogue_)
        if (c.id == card_id) return insert(c);
    throw std::invalid_argument("no card \"" + card_id + "\" in the catalogue");
}

bool CardReader::take() {
    std::string id = inside();
    if (id.empty() || location_[id] != card_at::exit) return false;
    place(id, card_at::customer);
    events().media_removed();
    return true;
}

bool CardReader::pull() {
    std::string id = inside();
    if (id.empty() || location_[id] == card_at::jammed) return false;
    place(id, card_at::customer);
    events().media_removed();
    return true;
}

ReadResult CardReader::read_raw_data(const ReadRequest& what) {
    ReadResult r;
    if (auto o = admit("readRawData")) return failed(*o);
    std::string id = inside();
    if (!id.empty() && location_[id] == card_at::jammed) return failed(Outcome::error("mediaJam"));
    if (id.empty() || location_[id] != card_at::transport) return failed(Outcome::error("noMedia"));
    if (faults_.fire("cardJam", "read")) return failed(jam(id));
    bool fail = faults_.fire("readFailure", "read").has_value();
    const Card& c = cards_.at(id);
    bool any = false;
    auto track = [&](const std::optional<std::string>& t) {
        if (fail) return TrackData{"dataInvalid", {}};
        if (!t) return TrackData{"dataMissing", {}};
        any = true;
        return TrackData{{}, *t};
    };
    if (what.track1) r.track1 = track(c.track1);
    if (what.track2) r.track2 = track(c.track2);
    if (what.track3) r.track3 = track(c.track3);
    if (what.chip) r.chip = track(c.chip ? std::optional<std::string>(c.chip->atr) : std::nullopt);
    bool asked = what.track1 || what.track2 || what.track3 || what.chip;
    if (asked && !any) {
        events().invalid_media();
        r.outcome = Outcome::error("invalidMedia", fail ? "read failure" : "nothing readable on the card");
    }
    return r;
}

Outcome CardReader::move(const std::string& from_in, const std::string& to) {
    if (auto o = admit("move")) return *o;
    std::string from = from_in.empty() ? std::string(card_at::transport) : from_in;
    std::string id = inside();
    if (!id.empty() && location_[id] == card_at::jammed) return Outcome::error("mediaJam");
    if (from != card_at::transport && from != card_at::exit)
        return Outcome::invalid_data("move from \"" + from + "\" is not supported");
    if (id.empty() || location_[id] != from) return Outcome::error("noMedia", "no card at " + from);
    if (to == from) return Outcome::success();
    if (to == card_at::exit) {
        if (faults_.fire("cardJam", "eject")) return jam(id);
        place(id, card_at::exit);
        return Outcome::success();
    }
    if (to == card_at::transport) {
        if (faults_.fire("cardJam", "transport")) return jam(id);
        place(id, card_at::transport);
        return Outcome::success();
    }
    RetainUnit* u = unit(to);
    if (!u) return Outcome::invalid_data("no storage unit \"" + to + "\"");
    return retain(id, *u, "full");
}

Outcome CardReader::reset(const std::string& to, const std::string& unit_id) {
    if (auto o = admit("reset")) return *o;
    health_.set(DeviceState::online);
    accepting_ = false;
    std::string id = inside();
    if (id.empty()) return Outcome::success();
    if (location_[id] == card_at::jammed) {
        if (faults_.fire("cardJam", "reset")) return Outcome::error("mediaJam", "the card is still jammed");
        place(id, card_at::transport);  // the reset frees it
    }
    if (to == "exit") {
        place(id, card_at::exit);
        events().media_detected(card_at::exit);
        return Outcome::success();
    }
    if (to == "retain") {
        RetainUnit* u = unit_id.empty() ? (units_.empty() ? nullptr : &units_.front()) : unit(unit_id);
        if (!u) return Outcome::invalid_data("no retain unit");
        Outcome o = retain(id, *u, "retainBinFull");
        if (o.ok()) events().media_detected(u->id);
        return o;
    }
    events().media_detected(location_[id]);
    return Outcome::success();
}

ChipResult CardReader::chip_io(const std::string& command_hex) {
    if (auto o = admit("chipIO")) return {*o, {}};
    std::string id = inside();
    if (!id.empty() && location_[id] == card_at::jammed) return {Outcome::error("mediaJam"), {}};
    if (id.empty() || location_[id] != card_at::transport) return {Outcome::error("noMedia"), {}};
    const Card& c = cards_.at(id);
    if (!c.chip) return {Outcome::error("invalidMedia", "the card has no chip"), {}};
    std::string cmd;
    try {
        cmd = normalise_hex(command_hex);
    } catch (const std::invalid_argument& e) {
        return {Outcome::invalid_data(e.what()), {}};
    }
    bool write = is_write(cmd);
    if (write && faults_.fire("cardPulled", "chipWrite")) {
        chip_log_.push_back({id, cmd, {}, true, 'U'});
        place(id, card_at::customer);
        events().media_removed();
        return {Outcome::error("noMedia", "card pulled during a write"), {}};
    }
    std::string resp = c.chip->answer(cmd);
    chip_log_.push_back({id, cmd, resp, write, resp.ends_with("9000") ? 'S' : 'F'});
    return {Outcome::success(), resp};
}

const std::vector<std::string>& CardReader::fault_names() {
    static const std::vector<std::string> names = devices::fault_names(*fault_table("cardReader"));  // fault_table.cpp
    return names;
}

namespace {
bool is_state_fault(std::string_view name) {
    return name == "retainFull" || name == "cardLeftInReader" || name == "gateAbnormal" || name == "offline";
}
}  // namespace

std::optional<Outcome> CardReader::admit(std::string_view command) {
    // State faults armed for this command take effect just before it runs.
    for (const std::string& name : fault_names())
        if (is_state_fault(name))
            if (auto f = faults_.fire(name, command)) apply_state_fault(*f);
    return health_.admit(faults_, command);
}

void CardReader::inject_fault(const FaultSpec& f) {
    const auto& names = fault_names();
    if (std::find(names.begin(), names.end(), f.name) == names.end()) {
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
        throw std::invalid_argument("unknown card reader fault \"" + f.name + "\" (expected one of: " + list + ")");
    }
    if (f.name == "retainFull" && !f.target.empty() && !unit(f.target))
        throw std::invalid_argument("retainFull: no retain unit \"" + f.target + "\"");
    if (f.name == "retainFull" && units_.empty()) throw std::invalid_argument("retainFull: no retain unit");
    if (f.name == "cardLeftInReader" && !f.target.empty() &&
        std::none_of(catalogue_.begin(), catalogue_.end(), [&](const Card& k) { return k.id == f.target; }))
        throw std::invalid_argument("cardLeftInReader: no card \"" + f.target + "\" in the catalogue");
    if (!is_state_fault(f.name) || !f.at.empty()) {
        faults_.arm(f);  // point faults, and state faults deferred to a command (`at`)
        return;
    }
    if (f.name == "cardLeftInReader" && !inside().empty())
        throw std::invalid_argument("cardLeftInReader: the reader already holds a card");
    apply_state_fault(f);
}

void CardReader::apply_state_fault(const FaultSpec& f) {
    if (f.name == "retainFull") {
        RetainUnit* u = f.target.empty() ? &units_.front() : unit(f.target);
        u->reported_full = true;
    } else if (f.name == "cardLeftInReader") {
        // 7.3.2 f: a card left in the transport by a previous session.
        if (!inside().empty()) return;
        Card c{"residual-card", "", {}, {}, {}, {}, "card left in the reader"};
        for (int n = 2; !where_is(c.id).empty(); ++n) c.id = "residual-card-" + std::to_string(n);
        for (const Card& k : catalogue_)
            if (k.id == f.target) c = k;
        std::string at = where_is(c.id);
        if (!at.empty() && at != card_at::customer) return;  // that card is retained somewhere: it cannot be here
        cards_[c.id] = c;
        place(c.id, card_at::transport);
    } else if (f.name == "gateAbnormal") {
        gate_abnormal_ = true;
    } else if (f.name == "offline") {
        health_.set(DeviceState::offline);
    }
}

int CardReader::clear_fault(std::string_view name) {
    if (name == "gateAbnormal") {
        int was = gate_abnormal_;
        gate_abnormal_ = false;
        return was;
    }
    if (name == "offline") {
        int was = health_.state() == DeviceState::offline;
        if (was) health_.set(DeviceState::online);
        return was;
    }
    if (name == "retainFull") {
        int n = 0;
        for (RetainUnit& u : units_) n += std::exchange(u.reported_full, false);
        return n;
    }
    return faults_.clear(name);
}

boost::json::object CardReader::physical_truth() const {
    boost::json::object cards;
    for (const auto& [id, loc] : location_) {
        auto& list = cards[loc];
        if (!list.is_array()) list = boost::json::array();
        list.as_array().push_back(boost::json::string(id));
    }
    boost::json::object units;
    for (const RetainUnit& u : units_)
        units[u.id] = {{"count", cards_at(u.id)}, {"reportedCount", u.reported_count}, {"capacity", u.capacity}};
    boost::json::array chip_log;
    for (const ChipExchange& x : chip_log_)
        chip_log.push_back({{"card", x.card},
                            {"command", x.command},
                            {"response", x.response},
                            {"write", x.write},
                            {"status", std::string(1, x.status)}});
    return {{"cards", std::move(cards)},   {"units", std::move(units)},
            {"gate", gate_status()},       {"media", media_status()},
            {"device", to_string(health_.state())}, {"chipLog", std::move(chip_log)}};
}

}  // namespace atmbench::devices
