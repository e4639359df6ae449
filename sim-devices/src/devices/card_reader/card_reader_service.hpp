// The XFS4IoT CardReader service "CardReader1" over the card reader model (docs/references.md [XFS4IoT] §3 CardReader,
// §3.1 ReadRawData/Move/Reset). Thin: the model decides; this class reads payloads, forwards the model's events as
// XFS4IoT events and writes completions. Everything runs on the XFS4IoT server's I/O thread.
#pragma once

#include "devices/card_reader/card_listener.hpp"
#include "devices/card_reader/card_reader.hpp"
#include "devices/cash_card_adapter.hpp"

namespace atmbench::devices {

class CardReaderService : public AdapterService, private CardListener {
public:
    CardReaderService(CardReaderConfig config, std::vector<Card> catalogue);

    CardReader& model() { return model_; }
    const CardReader& model() const { return model_; }

    std::string name() const override { return "CardReader1"; }
    std::vector<std::string> interfaces() const override { return {"CardReader", "Storage"}; }
    std::vector<std::string> events() const override;
    boost::json::object status() const override;
    boost::json::object capabilities() const override;

private:
    // Every command: information ones beside the queue; a queued one becomes active_, may hang, and the status
    // is published after it.
    void run(const std::shared_ptr<xfs4iot::Command>& cmd, const ServiceCommand& row) override;
    // Commands (card_reader_commands.cpp).
    void read_raw_data(const std::shared_ptr<xfs4iot::Command>& cmd);
    void finish_read();  // the card is in: read what the waiting ReadRawData asked for and complete it
    void move(xfs4iot::Command& cmd);
    void reset(xfs4iot::Command& cmd);
    void chip_io(xfs4iot::Command& cmd);
    void get_storage(xfs4iot::Command& cmd) const;

    // CardListener: the model's events.
    void insert_card() override;
    void media_inserted() override;
    void invalid_media() override;
    void media_removed() override;
    void media_detected(std::string_view position) override;
    void status_changed(DeviceState state) override;

    CardReader model_;
    ReadRequest pending_read_;                     // what the ReadRawData waiting for a card asked for
    std::shared_ptr<xfs4iot::Command> waiting_;    // that ReadRawData, until the card arrives or it is stopped
};

}  // namespace atmbench::devices
