// A device class: the thin interface one simulated device implements to be an XFS4IoT service (after the SP-Dev
// framework's per-device-class interfaces). The framework (ServiceEndpoint) does the protocol: acknowledges,
// queueing, Common.* commands, cancel, timeouts, broadcast. Adding a device touches one place: a Service subclass.
#pragma once

#include "atmbench/xfs4iot/command.hpp"

#include <boost/json/object.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace atmbench::xfs4iot {

struct CommandInfo {
    std::string version = "2.0";  // the one version supported when `versions` is empty
    bool information = false;     // runs at once, outside the FIFO (Status, Capabilities, GetStorage, …)
    // Every version supported, when more than one ("2.0", "3.0"): Common.Capabilities lists them and
    // Common.SetVersions may pick any of their majors; the highest (2024-03) is used until it does (docs/references.md
    // [XFS4IoT] §0, §2).
    std::vector<std::string> versions = {};
    // The completion's version when it differs from the command's in 2024-03 (CardReader.ReadRawData: command 2.0,
    // completion 3.0; docs/references.md [XFS4IoT] §3). Empty: the completion carries the command's version.
    std::string completion = {};
};

// The Common commands the framework answers for every service (Common.Status, Common.Cancel, …): with a
// service's commands(), every command a client can send it.
std::vector<std::string> framework_command_names();

class Service {
public:
    virtual ~Service() = default;

    // The service name in its URI: ws://host:port/xfs4iot/v1.0/<name>/
    virtual std::string name() const = 0;
    // Interfaces besides Common, e.g. {"CardReader"} or {"CashDispenser","CashManagement","Storage"}.
    virtual std::vector<std::string> interfaces() const = 0;
    // Commands of those interfaces this device implements, with their versions.
    virtual std::map<std::string, CommandInfo> commands() const = 0;
    // Unsolicited and solicited event names it may send (for Capabilities; offered as version 2.0, except the
    // framework's Common.StatusChangedEvent, which follows Common.Status: 2.0 and 3.0).
    virtual std::vector<std::string> events() const { return {}; }

    // Starts a command; complete it now or later (from a device model callback, on this server's thread).
    virtual void execute(const std::shared_ptr<Command>& command) = 0;

    // Common.Status parts: "common" (device state etc.) and one object per interface ("cardReader": {...}).
    virtual boost::json::object status() const = 0;
    // Called just before Common.Status is answered: a service backed by a device with its own wire protocol asks it
    // how it is now (issue 14; a bill validator's drop cassette taken out). Nothing by default.
    virtual void refresh() {}
    // Common.Capabilities parts besides "interfaces", which the framework builds from commands()/events(), and
    // besides the `common` block's serviceVersion, deviceInformation, powerSaveControl and antiFraudModule, which it
    // fills from device_information() unless the service gives them (XFS4IoT 2024-03 Common.Capabilities 3.0).
    virtual boost::json::object capabilities() const { return {}; }
    // The device behind the service, as `common.deviceInformation[0]` reports it: {modelName, serialNumber,
    // revisionNumber, modelDescription, firmware?, software?}. The framework's default names the bench's simulation.
    virtual boost::json::object device_information() const;

    // Set by the framework: send an unsolicited event to every connection of this service.
    using Broadcast = std::function<void(const std::string& name, const boost::json::value& payload)>;
    void attach(Broadcast b) { broadcast_ = std::move(b); }

protected:
    void broadcast(const std::string& name, const boost::json::value& payload) const {
        if (broadcast_) broadcast_(name, payload);
    }
    // Common.StatusChangedEvent with the parts of the status that changed (e.g. {"cardReader":{"media":"present"}}).
    void status_changed(const boost::json::object& changed) const;

private:
    Broadcast broadcast_;
};

}  // namespace atmbench::xfs4iot
