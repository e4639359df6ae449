// The command table of an XFS4IoT face (wire_face.hpp).
#include "atmbench/devices/wire_face.hpp"

#include "devices/service_support.hpp"

namespace atmbench::devices {

std::map<std::string, xfs4iot::CommandInfo> XfsWireFace::commands() const {
    std::map<std::string, xfs4iot::CommandInfo> out;
    for (const ServiceCommand& c : commands_) out.emplace(c.name, c.info);
    return out;
}

void XfsWireFace::execute(const std::shared_ptr<xfs4iot::Command>& command) {
    for (const ServiceCommand& c : commands_)
        if (c.name == command->name()) return run(command, c);
    command->complete(xfs4iot::CompletionCode::UnsupportedCommand);
}

void XfsWireFace::run(const std::shared_ptr<xfs4iot::Command>& command, const ServiceCommand& row) {
    try {
        row.handler(command);
    } catch (const BadPayload& e) {
        command->complete(xfs4iot::CompletionCode::InvalidData, nullptr, "", e.what());
    }
}

}  // namespace atmbench::devices
