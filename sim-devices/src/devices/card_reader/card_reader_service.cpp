// CardReaderService: what the service offers, command dispatch, the model's events as XFS4IoT events, and the
// CardReader part of Common.Status / Common.Capabilities (docs/references.md [XFS4IoT] §3 CardReader, Common).
#include "devices/card_reader/card_reader_service.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace json = boost::json;
using xfs4iot::Command;
using xfs4iot::CompletionCode;

CardReaderService::CardReaderService(CardReaderConfig config, std::vector<Card> catalogue)
    : model_(std::move(config), std::move(catalogue)) {
    model_.set_listener(this);
    // §3: ReadRawData command 2.0 (completion 3.0), ChipIO 3.0; GetStorage is an information command (§2).
    define_commands({
        {"CardReader.ReadRawData", {"2.0", false, {}, "3.0"}, "waits for a card and reads the tracks and chip asked for",
         [this](const auto& cmd) { read_raw_data(cmd); }},
        {"CardReader.Move", {"2.0", false}, "ejects the card to the exit or retains it", [this](const auto& cmd) { move(*cmd); }},
        {"CardReader.Reset", {"2.0", false}, "resets the reader, with what to do with a card inside",
         [this](const auto& cmd) { reset(*cmd); }},
        {"CardReader.ChipIO", {"3.0", false}, "one APDU to the chip", [this](const auto& cmd) { chip_io(*cmd); }},
        {"Storage.GetStorage", {"2.0", true, {}, "2.1"}, "the retain units", [this](const auto& cmd) { get_storage(*cmd); }},
    });
    publish_status();  // records the initial state
}

std::vector<std::string> CardReaderService::events() const {
    return {"CardReader.InsertCardEvent",    "CardReader.MediaInsertedEvent", "CardReader.InvalidMediaEvent",
            "CardReader.MediaRemovedEvent",  "CardReader.MediaDetectedEvent", "Common.StatusChangedEvent"};
}

void CardReaderService::run(const std::shared_ptr<Command>& cmd, const ServiceCommand& row) {
    if (row.info.information) return row.handler(cmd);  // runs beside the queued command, never becomes active_
    active_ = cmd;
    if (model_.hangs(command_point(cmd->name()))) return hang(cmd);  // the "hang" fault: no completion until stopped
    row.handler(cmd);
    if (cmd->completed()) active_.reset();  // a ReadRawData waiting for a card stays active
    publish_status();
}

json::object CardReaderService::status() const {
    const Card* card = model_.card();
    std::string media = model_.media_status();
    // chipPower: the reader powers a chip only while a chip card sits at the read position.
    std::string chip_power = media == "present" && card && card->chip ? "online" : "noCard";
    return {{"common", json::object{{"device", to_string(model_.device_state())}}},
            {"cardReader", json::object{{"media", media},
                                        {"security", "notSupported"},
                                        {"chipPower", chip_power},
                                        {"chipModule", "ok"},
                                        {"magWriteModule", "notSupported"}}}};
}

json::object CardReaderService::capabilities() const {
    return {{"cardReader",
             json::object{{"type", "motor"},
                          {"readTracks", json::object{{"track1", true}, {"track2", true}, {"track3", true}}},
                          {"writeTracks", nullptr},
                          {"chipProtocols", json::object{{"chipT0", true}, {"chipT1", true}}},
                          {"securityType", "notSupported"},
                          {"powerOnOption", "noAction"},
                          {"powerOffOption", "noAction"}}}};
}

// ---- The model's events. Solicited ones belong to the executing command (§2); the rest go to every connection.

void CardReaderService::insert_card() { solicited("CardReader.InsertCardEvent", nullptr); }

void CardReaderService::media_inserted() {
    solicited("CardReader.MediaInsertedEvent", nullptr);
    // The "hang" fault at point "read": the card is in, but its read never ends until Common.Cancel, the header
    // timeout or a disconnect stops the command (the on_stop of read_raw_data) — a reader stuck mid-read.
    if (waiting_ && model_.hangs("read")) return;
    if (waiting_) finish_read();
}

void CardReaderService::invalid_media() { solicited("CardReader.InvalidMediaEvent", nullptr); }

void CardReaderService::media_removed() {
    broadcast("CardReader.MediaRemovedEvent", nullptr);
    publish_status();
}

void CardReaderService::media_detected(std::string_view position) {
    // §3 MediaDetectedEvent {position: exit|transport|<unitN>|jammed}.
    broadcast("CardReader.MediaDetectedEvent", json::object{{"position", position}});
    if (waiting_ && position == card_at::jammed) {
        // The card jammed on its way in: the waiting ReadRawData ends with mediaJam (§3.1 errorCode).
        auto cmd = std::exchange(waiting_, nullptr);
        finish(*cmd, Outcome::error("mediaJam", "the card jammed on insertion"));
        active_.reset();
    }
    publish_status();
}

void CardReaderService::status_changed(DeviceState) { publish_status(); }

}  // namespace atmbench::devices
