// CardReaderDevice: the customer's hands, faults and physical truth of the card reader, around its service.
#include "atmbench/devices/card_reader_device.hpp"
#include "atmbench/devices/card_reader_service.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace json = boost::json;

CardReaderDevice::CardReaderDevice(const CardReaderConfig& config, const CardCatalogue& catalogue)
    : service_(std::make_shared<CardReaderService>(config, catalogue.cards())) {}

std::vector<std::shared_ptr<xfs4iot::Service>> CardReaderDevice::services() { return {service_}; }

CardReader& CardReaderDevice::model() { return service_->model(); }

std::vector<ActionInfo> CardReaderDevice::actions() const {
    return {{"insertCard", "the customer inserts a card: {card: ID from the card catalogue}"},
            {"takeCard", "the customer takes the card waiting at the exit: {}"},
            {"pullCard", "the customer pulls the card out of the reader by force: {}"}};
}

json::value CardReaderDevice::act(const std::string& action, const json::object& args) {
    CardReader& m = model();
    json::value result;
    if (action == "insertCard") {
        const json::value* card = args.if_contains("card");
        if (!card || !card->is_string()) throw ActionError("cardReader.insertCard: {card: ID} is required");
        std::string id(card->as_string());
        bool in = false;
        try {
            in = m.insert(id);
        } catch (const std::invalid_argument& e) {
            throw ActionError("cardReader.insertCard: " + std::string(e.what()));
        }
        if (!in)
            throw ActionError("cardReader.insertCard: the slot is " +
                              std::string(m.card() ? "occupied" : "closed (no ReadRawData is waiting for a card)"));
        result = json::object{{"card", id}, {"at", m.where_is(id)}};
    } else if (action == "takeCard") {
        const Card* c = m.card();
        std::string id = c ? c->id : "";
        if (!m.take()) throw ActionError("cardReader.takeCard: no card at the exit");
        result = json::object{{"card", id}};
    } else if (action == "pullCard") {
        const Card* c = m.card();
        std::string id = c ? c->id : "";
        if (!m.pull()) throw ActionError("cardReader.pullCard: no card the customer can reach");
        result = json::object{{"card", id}};
    } else {
        throw ActionError("cardReader: unknown action \"" + action + "\" (expected insertCard, takeCard, pullCard)");
    }
    service_->publish_status();
    return result;
}

void CardReaderDevice::inject_fault(const FaultSpec& spec) {
    try {
        model().inject_fault(spec);
    } catch (const std::invalid_argument& e) {
        throw ActionError(std::string("cardReader: ") + e.what());
    }
    service_->publish_status();  // state faults (offline, cardLeftInReader) change Common.Status at once
}

void CardReaderDevice::clear_faults() {
    for (const std::string& name : CardReader::fault_names()) model().clear_fault(name);
    service_->publish_status();
}

std::vector<std::string> CardReaderDevice::fault_names() const { return CardReader::fault_names(); }

json::object CardReaderDevice::physical_truth() const { return service_->model().physical_truth(); }

std::unique_ptr<SimulatedDevice> make_card_reader_device(const CardReaderConfig& config, const CardCatalogue& catalogue) {
    return std::make_unique<CardReaderDevice>(config, catalogue);
}

}  // namespace atmbench::devices
