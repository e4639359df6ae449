// The PIN pad as the XFS4IoT service "PinPad1" with interfaces Keyboard, PinPad, KeyManagement and Crypto
// (docs/references.md [XFS4IoT] §3, §3.1). It translates messages to the PinPad model and back; the framework does the
// protocol (acks, FIFO, cancel, timeouts). An entry (PinEntry / DataEntry) stays executing until the customer's
// keys end it, or Common.Cancel / the header timeout stops it.
#pragma once

#include "atmbench/devices/wire_face.hpp"
#include "atmbench/xfs4iot/service.hpp"
#include "devices/pin_pad/pin_pad.hpp"

#include <boost/json/value.hpp>

#include <memory>
#include <string>
#include <vector>

namespace atmbench::devices {

class PinPadService : public XfsWireFace {
public:
    explicit PinPadService(PinPad& model);

    std::string name() const override { return "PinPad1"; }
    std::vector<std::string> interfaces() const override { return {"Keyboard", "PinPad", "KeyManagement", "Crypto"}; }
    std::vector<std::string> events() const override { return {"Keyboard.KeyEvent", "Common.StatusChangedEvent"}; }
    boost::json::object status() const override;
    boost::json::object capabilities() const override;

    // The customer presses keys (XFS4IoT names): one Keyboard.KeyEvent for each accepted key of the running
    // entry, then its completion when a key ends it. Returns {accepted, ignored:[{key, why}], completed}; digit
    // keys are reported as "digit", never by value (7.3.6.9 b).
    boost::json::value press_keys(const std::vector<std::string>& xfs_keys);
    // Common.StatusChangedEvent for the common part (the model's device state changed).
    void device_state_changed();

private:
    void pin_entry(const std::shared_ptr<xfs4iot::Command>& cmd, EntryMode mode);
    void get_pin_block(const std::shared_ptr<xfs4iot::Command>& cmd);
    void import_key(const std::shared_ptr<xfs4iot::Command>& cmd);
    void key_detail(const std::shared_ptr<xfs4iot::Command>& cmd);
    void delete_key(const std::shared_ptr<xfs4iot::Command>& cmd);
    void generate_authentication(const std::shared_ptr<xfs4iot::Command>& cmd);
    void reset(const std::shared_ptr<xfs4iot::Command>& cmd);
    std::string encryption_state() const;
    void key_store_changed(const std::string& before);

    PinPad& model_;
    std::shared_ptr<xfs4iot::Command> entry_;  // the PinEntry / DataEntry waiting for keys
};

}  // namespace atmbench::devices
