// The motorised card reader: slot shutter, entry gate sensor, transport, retain units with capacity (issue 3;
// 7.3.2 f residual card; 8.2 b/c gate and card consistency). Physical truth says where every card is — in the
// transport, at the exit, in a retain unit, jammed, or with the customer — apart from what the reader reports.
// Methods mirror XFS4IoT CardReader commands (ReadRawData, Move, Reset, ChipIO) and the customer's hands.
//
// Faults (inject_fault / FaultSpec.name):
//   at a point (armed):  cardJam (points "insert", "read", "eject", "retain", "reset" — at "reset" the jam stays),
//     readFailure (point "read": requested tracks come back dataInvalid → invalidMedia), cardPulled (point
//     "chipWrite": the customer pulls the card while a write APDU runs; logged with write status "U"),
//     hardwareError (at = a command name or any), hang (at = a command: "readRawData", "move", "reset",
//     "chipIO"; the command does nothing and never completes until Common.Cancel, its header timeout or a
//     disconnect ends it, docs/references.md [XFS4IoT] §2; the service asks hangs() before it runs a queued command;
//     or at = "read": the ReadRawData takes the card in, then never completes — the card stays in the transport).
//   at once (state):     retainFull (target = retain unit, default the first; it reports full),
//     cardLeftInReader (target = card id from the catalogue, else a blank card; it sits in the transport),
//     gateAbnormal (held until cleared: the gate sensor reports abnormal and a card inserted meanwhile is held
//     in the transport, not ejected), offline.
//   A state fault given an `at` (a command: "readRawData", "move", "reset", "chipIO") waits and takes effect just
//   before the n-th occurrence of that command (a cardLeftInReader that finds the reader occupied does nothing).
#pragma once

#include "atmbench/devices/card.hpp"
#include "atmbench/devices/card_reader_config.hpp"
#include "atmbench/devices/fault_plan.hpp"
#include "devices/card_reader/card_listener.hpp"
#include "devices/device_model.hpp"
#include "devices/device_state.hpp"
#include "devices/outcome.hpp"

#include <boost/json/object.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::devices {

// Card locations besides the retain unit ids.
namespace card_at {
inline constexpr std::string_view transport = "transport";  // inside, at the read position
inline constexpr std::string_view exit = "exit";            // ejected, waiting in the slot to be taken
inline constexpr std::string_view customer = "customer";    // taken
inline constexpr std::string_view jammed = "jammed";
}  // namespace card_at

struct RetainUnit {
    std::string id;
    int capacity = 0;
    int reported_count = 0;
    bool reported_full = false;
};

struct TrackData {
    std::string status;  // "" = read; else dataMissing | dataInvalid
    std::string data;    // track text, or the ATR in hex for the chip
};

struct ReadRequest {
    bool track1 = false, track2 = false, track3 = false, chip = false;
};

struct ReadResult {
    Outcome outcome;
    std::optional<TrackData> track1, track2, track3, chip;  // only the requested ones
};

struct AcceptResult {
    Outcome outcome;
    bool card_present = false;  // a card is already in the transport; else InsertCard was sent and the reader waits
};

struct ChipResult {
    Outcome outcome;
    std::string response;  // hex
};

// One APDU as the chip saw it; write_status S (answered 9000), F (answered an error), U (card pulled: unknown).
struct ChipExchange {
    std::string card;
    std::string command, response;
    bool write = false;
    char status = 'S';
};

class CardReader : public DeviceModel {
public:
    explicit CardReader(CardReaderConfig config = {}, std::vector<Card> catalogue = {});
    CardReader(const CardReader&) = delete;
    CardReader& operator=(const CardReader&) = delete;

    void set_listener(CardListener* l) { listener_ = l; }

    // ---- CardReader commands
    AcceptResult accept_card();          // first step of ReadRawData: a card present, or wait (InsertCardEvent)
    void cancel_accept() { accepting_ = false; }
    bool accepting() const { return accepting_; }
    ReadResult read_raw_data(const ReadRequest& what);
    // from / to: "exit", "transport" or a retain unit id (XFS4IoT Move).
    Outcome move(const std::string& from, const std::string& to);
    // to: "retain" (unit = "" → the first), "exit" or "currentPosition" (XFS4IoT Reset); a jam is cleared.
    Outcome reset(const std::string& to = "retain", const std::string& unit = {});
    ChipResult chip_io(const std::string& command_hex);

    // ---- Status
    // XFS4IoT cardReader.media: notPresent | present (transport) | entering (at the exit) | jammed.
    std::string media_status() const;
    std::string gate_status() const { return gate_abnormal_ ? "abnormal" : "normal"; }
    const Card* card() const;            // the card in the reader (transport, exit or jammed)
    std::string where_is(const std::string& card_id) const;  // "" = never seen
    std::vector<RetainUnit> get_storage() const { return units_; }
    const std::vector<ChipExchange>& chip_log() const { return chip_log_; }

    // ---- The customer's hands
    // Inserts a card at the slot. false = the slot is closed or occupied (the customer keeps the card).
    // Throws std::invalid_argument if that card is already inside the reader.
    bool insert(const Card& card);
    bool insert(const std::string& card_id);   // from the catalogue; throws for an unknown id
    bool take();                                // from the exit
    bool pull();                                // pulls the card out of the transport or exit by force

    // ---- Faults and health
    void inject_fault(const FaultSpec& f) override;
    int clear_fault(std::string_view name);
    static const std::vector<std::string>& fault_names();
    // True when the "hang" fault armed at this command point fires now (see the list above).
    bool hangs(std::string_view command) { return faults_.fire("hang", command).has_value(); }

    // ---- Physical truth: {"cards": {location: [card ids]}, "units": {id: {count, reportedCount}}, "gate": …,
    // "media", "device", "chipLog": [{card, command, response, write, status S|F|U}] (seed 003 write status)}
    // Cards physically at a location (a retain unit counts the anonymous cards it started with).
    int cards_at(std::string_view location) const;
    boost::json::object physical_truth() const override;

private:
    RetainUnit* unit(std::string_view id);
    std::optional<Outcome> admit(std::string_view command);
    void apply_state_fault(const FaultSpec& f);
    void place(const std::string& card_id, std::string_view location);
    std::string inside() const;          // id of the card in transport / exit / jammed, or ""
    Outcome jam(const std::string& card_id);
    Outcome retain(const std::string& card_id, RetainUnit& u, const char* full_code);

    CardListener* listener_ = nullptr;
    CardListener silent_;
    CardListener& events() { return listener_ ? *listener_ : silent_; }

    std::vector<Card> catalogue_;
    std::vector<RetainUnit> units_;
    std::map<std::string, Card> cards_;                 // every card the reader has seen, by id
    std::map<std::string, std::string> location_;       // card id → location (physical truth)
    std::map<std::string, int> preloaded_;              // retain unit id → anonymous cards inside at start
    std::vector<ChipExchange> chip_log_;
    bool accepting_ = false;
    bool gate_abnormal_ = false;
};

}  // namespace atmbench::devices
