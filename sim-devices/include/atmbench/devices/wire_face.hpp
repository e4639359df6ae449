// A device model's face on the wire: how an application reaches the model. Every model has an XFS4IoT service
// today (docs/references.md [XFS4IoT] §2); a serial or USB protocol face (a device's native protocol, next issues) is one
// more implementation beside it, served by its own transport, with the model untouched. The model never knows
// its faces: they call it and listen to it.
#pragma once

#include "atmbench/xfs4iot/service.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace atmbench::devices {

class WireFace {
public:
    virtual ~WireFace() = default;
    // The protocol the face speaks; it picks the transport that serves the face ("xfs4iot", later "serial", "usb").
    virtual std::string protocol() const = 0;
    // How that transport addresses the face (the XFS4IoT service name, "CardReader1").
    virtual std::string face_name() const = 0;
};

// One XFS4IoT command a service answers: its row of the service's one command table, from which both
// commands() (Common.Capabilities, what the framework accepts) and execute() come.
struct ServiceCommand {
    std::string name;          // "CardReader.ReadRawData"
    xfs4iot::CommandInfo info;  // versions; information commands run at once, outside the FIFO (§2)
    std::string doc;           // what the simulated device does with it
    std::function<void(const std::shared_ptr<xfs4iot::Command>&)> handler;
};

// The XFS4IoT face: a service of the XFS4IoT framework (xfs4iot/service.hpp) that the device set puts on its
// XFS4IoT server.
class XfsWireFace : public xfs4iot::Service, public WireFace {
public:
    std::string protocol() const override { return "xfs4iot"; }
    std::string face_name() const override { return name(); }

    std::map<std::string, xfs4iot::CommandInfo> commands() const final;
    // The command's row, through run(); a command without a row ends with unsupportedCommand.
    void execute(const std::shared_ptr<xfs4iot::Command>& command) final;
    const std::vector<ServiceCommand>& command_table() const { return commands_; }

protected:
    // The service's one command table; set by its constructor.
    void define_commands(std::vector<ServiceCommand> table) { commands_ = std::move(table); }
    // Runs one row: its handler, and a payload field of the wrong type (BadPayload, service_support.hpp) ends the
    // command with invalidData (§2). A service that does more around every command (the active command, the
    // "hang" fault, status after) overrides it.
    virtual void run(const std::shared_ptr<xfs4iot::Command>& command, const ServiceCommand& row);

private:
    std::vector<ServiceCommand> commands_;
};

}  // namespace atmbench::devices
