// The simulated card reader as the bench composes it (simulated_device.hpp): the XFS4IoT service "CardReader1"
// (card_reader_service.hpp), the customer's hands and the model's faults and physical truth.
//
// Customer actions (act):
//   insertCard {card: ID}  the customer pushes a catalogue card into the slot; refused (ActionError) when the slot
//                          is closed (no ReadRawData waiting) or occupied — unless the gate sensor is abnormal,
//                          in which case the reader swallows it (card_reader.hpp).
//   takeCard {}            takes the card waiting at the exit (MediaRemovedEvent).
//   pullCard {}            pulls the card out of the transport or exit by force (MediaRemovedEvent).
// Faults: the model's (card_reader.hpp): cardJam, readFailure, cardPulled, hardwareError, retainFull,
//   cardLeftInReader, gateAbnormal, offline.
#pragma once

#include "atmbench/devices/card_catalogue.hpp"
#include "atmbench/devices/simulated_device.hpp"
#include "devices/card_reader/card_reader.hpp"

#include <memory>

namespace atmbench::devices {

class CardReaderService;

class CardReaderDevice : public SimulatedDevice {
public:
    CardReaderDevice(const CardReaderConfig& config, const CardCatalogue& catalogue);

    std::string id() const override { return "cardReader"; }
    std::vector<std::shared_ptr<WireFace>> wire_faces() override;
    void inject_fault(const FaultSpec& spec) override;
    void clear_faults() override;
    std::vector<std::string> fault_names() const override;
    boost::json::object physical_truth() const override;

    CardReader& model();

private:
    boost::json::value insert_card(const boost::json::object& args);
    // The customer's hands move the card: the service tells the application (Common.StatusChangedEvent).
    boost::json::value published(boost::json::value result);

    std::shared_ptr<CardReaderService> service_;
};

std::unique_ptr<SimulatedDevice> make_card_reader_device(const CardReaderConfig& config, const CardCatalogue& catalogue);

}  // namespace atmbench::devices
