// What the card reader and cash module adapters share (file name prefixed for this pair of devices): the base of
// a device-model adapter service. It maps a model Outcome onto the one XFS4IoT completion (docs/references.md [XFS4IoT]
// §2: completionCode in the header, payload.errorCode with commandErrorCode; the mapping is
// to_completion_code in service_support.hpp), routes model events to the command
// that is executing (solicited, §2) or to every connection (unsolicited), and turns state changes into
// Common.StatusChangedEvent holding only the fields that changed (2023-2+, §3 Common).
#pragma once

#include "atmbench/devices/wire_face.hpp"
#include "atmbench/xfs4iot/service.hpp"
#include "devices/outcome.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <memory>
#include <string>

namespace atmbench::devices {

// The parts of `after` that differ from `before`, field by field inside each part ({"cardReader":{"media":…}}).
boost::json::object status_delta(const boost::json::object& before, const boost::json::object& after);

class AdapterService : public XfsWireFace {
public:
    // Sends Common.StatusChangedEvent when status() differs from what was last announced. The adapters call it
    // after every command, customer action and fault, so any change the model makes reaches the clients.
    void publish_status();

protected:
    // Completes `cmd` from a model outcome; `payload` is sent with success and with commandErrorCode. State the
    // command changed is announced first, so a client sees the StatusChangedEvent before the completion.
    void finish(xfs4iot::Command& cmd, const Outcome& o, boost::json::value payload = nullptr);
    // A model event: solicited on the executing command when there is one, else broadcast (`unsolicited_ok`).
    void solicited(const std::string& name, const boost::json::value& payload, bool unsolicited_ok = false);
    // The "hang" fault: `cmd` (already active_) gets no completion and holds the service's FIFO until
    // Common.Cancel, its header timeout or a disconnect stops it (docs/references.md [XFS4IoT] §2); then the next runs.
    void hang(const std::shared_ptr<xfs4iot::Command>& cmd);

    // The queued command being executed (the per-service FIFO runs one at a time), while it runs or waits.
    std::shared_ptr<xfs4iot::Command> active_;

private:
    boost::json::object announced_;
    bool announced_once_ = false;
};

// The model's name of an XFS4IoT command, as fault points use it: "CashDispenser.Dispense" → "dispense",
// "CardReader.ChipIO" → "chipIO".
std::string command_point(const std::string& xfs_name);

// Reads an optional field of a command payload: the value, or nullptr when the payload or field is absent.
const boost::json::value* field(const boost::json::value& payload, const char* key);
std::string string_field(const boost::json::value& payload, const char* key, const std::string& dflt = {});
bool bool_field(const boost::json::value& payload, const char* key, bool dflt = false);

}  // namespace atmbench::devices
