// CardReaderService commands: ReadRawData (waiting for the card), Move, Reset, ChipIO and Storage.GetStorage
// (docs/references.md [XFS4IoT] §3.1 CardReader, Storage.GetStorage).
#include "devices/card_reader/card_reader_codec.hpp"
#include "devices/card_reader/card_reader_service.hpp"
#include "devices/service_support.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace json = boost::json;
using xfs4iot::Command;
using xfs4iot::CompletionCode;

namespace {
// §3.1: per source {status?, data(base64)}; a null status means read.
json::object track_json(const TrackData& t, bool binary) {
    json::object o;
    if (!t.status.empty()) o["status"] = t.status;
    else o["data"] = base64_encode(binary ? bytes_of_hex(t.data) : t.data);
    return o;
}
}  // namespace

void CardReaderService::read_raw_data(const std::shared_ptr<Command>& cmd) {
    const json::value& p = cmd->payload();
    ReadRequest r{bool_field(p, "track1"), bool_field(p, "track2"), bool_field(p, "track3"), bool_field(p, "chip")};
    if (!r.track1 && !r.track2 && !r.track3 && !r.chip) {
        cmd->complete(CompletionCode::InvalidData, nullptr, "", "no data source requested (track1-3, chip)");
        return;
    }
    pending_read_ = r;
    waiting_ = cmd;  // set first: accept_card() sends InsertCardEvent through the listener
    AcceptResult a = model_.accept_card();
    if (!a.outcome.ok()) {
        waiting_.reset();
        finish(*cmd, a.outcome);
        return;
    }
    if (a.card_present) {
        finish_read();
        return;
    }
    // Waiting for the customer. Cancel, the header timeout or a disconnect closes the slot again.
    cmd->on_stop([this] {
        model_.cancel_accept();
        waiting_.reset();
        active_.reset();
    });
}

void CardReaderService::finish_read() {
    auto cmd = std::exchange(waiting_, nullptr);
    ReadResult r = model_.read_raw_data(pending_read_);  // may send InvalidMediaEvent on this command
    json::object payload;
    if (r.track1) payload["track1"] = track_json(*r.track1, false);
    if (r.track2) payload["track2"] = track_json(*r.track2, false);
    if (r.track3) payload["track3"] = track_json(*r.track3, false);
    if (r.chip) payload["chip"] = json::array{track_json(*r.chip, true)};  // §3.1: chip is an array of ATRs
    finish(*cmd, r.outcome, payload.empty() ? json::value(nullptr) : json::value(std::move(payload)));
    active_.reset();
    publish_status();
}

void CardReaderService::move(Command& cmd) {
    // §3.1 Move {from, to}: exit | transport | <storage unit id>; from defaults to transport.
    std::string to = string_field(cmd.payload(), "to");
    if (to.empty()) {
        cmd.complete(CompletionCode::InvalidData, nullptr, "", "Move needs 'to' (exit, transport or a unit id)");
        return;
    }
    finish(cmd, model_.move(string_field(cmd.payload(), "from", std::string(card_at::transport)), to));
}

void CardReaderService::reset(Command& cmd) {
    // Reset {to: exit | retain | currentPosition | auto, storageId}; "auto" lets the device decide: it keeps the
    // model's default and retains, since a card of unknown state should not go back to whoever stands there.
    std::string to = string_field(cmd.payload(), "to", "auto");
    if (to == "auto") to = "retain";
    if (to != "exit" && to != "retain" && to != "currentPosition") {
        cmd.complete(CompletionCode::InvalidData, nullptr, "", "Reset 'to' must be exit, retain, currentPosition or auto");
        return;
    }
    finish(cmd, model_.reset(to, string_field(cmd.payload(), "storageId")));
}

void CardReaderService::chip_io(Command& cmd) {
    // ChipIO {chipProtocol, chipData(base64)} → {chipProtocol, chipData}; the card answers from its APDU script.
    std::string protocol = string_field(cmd.payload(), "chipProtocol", "chipT1");
    auto apdu = base64_decode(string_field(cmd.payload(), "chipData"));
    if (!apdu || apdu->empty()) {
        cmd.complete(CompletionCode::InvalidData, nullptr, "", "chipData must be a non-empty base64 APDU");
        return;
    }
    ChipResult r = model_.chip_io(hex_of(*apdu));
    json::value payload = nullptr;
    if (r.outcome.ok()) payload = json::object{{"chipProtocol", protocol}, {"chipData", base64_encode(bytes_of_hex(r.response))}};
    finish(cmd, r.outcome, std::move(payload));
}

void CardReaderService::get_storage(Command& cmd) const {
    // Storage.GetStorage: {storage:{unitN:{id, capacity, status, card:{capabilities, configuration, status}}}}.
    json::object storage;
    for (const RetainUnit& u : model_.get_storage()) {
        bool full = u.reported_full || u.reported_count >= u.capacity;
        json::object card{{"capabilities", json::object{{"type", "retain"}, {"hardwareSensors", false}}},
                          {"configuration", json::object{{"threshold", u.capacity}}},
                          {"status", json::object{{"initialCount", 0},
                                                  {"count", u.reported_count},
                                                  {"retainCount", u.reported_count},
                                                  {"replenishmentStatus", full ? "full" : "ok"}}}};
        storage[u.id] = json::object{{"id", u.id}, {"capacity", u.capacity}, {"status", "ok"}, {"card", std::move(card)}};
    }
    cmd.complete(CompletionCode::Success, json::object{{"storage", std::move(storage)}});
}

}  // namespace atmbench::devices
