// Fuzz target: the XFS4IoT envelope parser (parse_command), the first thing a client's WebSocket text meets.
// Input: one WebSocket text message. Contract (message.hpp): it never throws; it yields the command or the
// acknowledge status that rejects it. What it read is then echoed back in an acknowledge and a completion, as the
// service does, and that must be JSON again.
#include "fuzz_target.hpp"

#include "atmbench/xfs4iot/message.hpp"

#include <boost/json/parse.hpp>

#include <string_view>

using namespace atmbench::xfs4iot;

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = parse_command(text);
    if (auto* rejected = std::get_if<Rejected>(&parsed)) {
        (void)boost::json::parse(acknowledge(rejected->name, rejected->request_id.value_or(0), rejected->status));
        return 0;
    }
    const auto& command = std::get<CommandMessage>(parsed);
    (void)boost::json::parse(acknowledge(command.name, command.request_id));
    (void)boost::json::parse(completion(command.name, command.request_id, CompletionCode::Success, command.payload,
                                        "", command.version.empty() ? "2.0" : command.version));
    return 0;
}
