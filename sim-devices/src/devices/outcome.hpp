// How a device model ends a command: the XFS4IoT completion code and, for commandErrorCode, the errorCode the
// command's completion payload carries (CEN XFS4IoT 2024-03, docs/references.md [XFS4IoT] §2, §3.1). An adapter copies
// both strings into the completion message unchanged.
#pragma once

#include <string>
#include <string_view>

namespace atmbench::devices {

enum class Completion { success, commandErrorCode, hardwareError, deviceNotReady, invalidData, sequenceError };

std::string_view to_string(Completion c);

struct Outcome {
    Completion completion = Completion::success;
    std::string error_code;   // payload errorCode ("mediaJam", "noItems", …) when completion is commandErrorCode
    std::string description;  // header errorDescription, for people

    bool ok() const { return completion == Completion::success; }

    static Outcome success() { return {}; }
    static Outcome error(std::string code, std::string why = {}) {
        return {Completion::commandErrorCode, std::move(code), std::move(why)};
    }
    static Outcome hardware(std::string why) { return {Completion::hardwareError, {}, std::move(why)}; }
    static Outcome not_ready(std::string why) { return {Completion::deviceNotReady, {}, std::move(why)}; }
    static Outcome invalid_data(std::string why) { return {Completion::invalidData, {}, std::move(why)}; }
};

}  // namespace atmbench::devices
