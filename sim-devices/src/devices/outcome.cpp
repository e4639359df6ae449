#include "devices/outcome.hpp"

namespace atmbench::devices {

std::string_view to_string(Completion c) {
    switch (c) {
        case Completion::success: return "success";
        case Completion::commandErrorCode: return "commandErrorCode";
        case Completion::hardwareError: return "hardwareError";
        case Completion::deviceNotReady: return "deviceNotReady";
        case Completion::invalidData: return "invalidData";
        case Completion::sequenceError: return "sequenceError";
    }
    return "internalError";
}

}  // namespace atmbench::devices
