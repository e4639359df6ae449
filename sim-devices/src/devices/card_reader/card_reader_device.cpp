// CardReaderDevice: the customer's hands, faults and physical truth of the card reader, around its service.
#include "devices/card_reader/card_reader_device.hpp"
#include "devices/card_reader/card_reader_service.hpp"

#include <boost/json.hpp>

namespace atmbench::devices {

namespace json = boost::json;

CardReaderDevice::CardReaderDevice(const CardReaderConfig& config, const CardCatalogue& catalogue)
    : service_(std::make_shared<CardReaderService>(config, catalogue.cards())) {
    define_actions({
        {"insertCard", {{"card", ArgType::text, true, "an id of the card catalogue"}}, "the customer inserts a card",
         [this](const json::object& args) { return published(insert_card(args)); }},
        {"takeCard", {}, "the customer takes the card waiting at the exit",
         [this](const json::object&) {
             const Card* c = model().card();
             std::string id = c ? c->id : "";
             if (!model().take()) throw ActionError("cardReader.takeCard: no card at the exit");
             return published(json::object{{"card", id}});
         }},
        {"pullCard", {}, "the customer pulls the card out of the reader by force",
         [this](const json::object&) {
             const Card* c = model().card();
             std::string id = c ? c->id : "";
             if (!model().pull()) throw ActionError("cardReader.pullCard: no card the customer can reach");
             return published(json::object{{"card", id}});
         }},
    });
}

std::vector<std::shared_ptr<WireFace>> CardReaderDevice::wire_faces() { return {service_}; }

CardReader& CardReaderDevice::model() { return service_->model(); }

json::value CardReaderDevice::insert_card(const json::object& args) {
    CardReader& m = model();
    std::string id(args.at("card").as_string());
    bool in = false;
    try {
        in = m.insert(id);
    } catch (const std::invalid_argument& e) {
        throw ActionError("cardReader.insertCard: " + std::string(e.what()));
    }
    if (!in)
        throw ActionError("cardReader.insertCard: the slot is " +
                          std::string(m.card() ? "occupied" : "closed (no ReadRawData is waiting for a card)"));
    return json::object{{"card", id}, {"at", m.where_is(id)}};
}

json::value CardReaderDevice::published(json::value result) {
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
