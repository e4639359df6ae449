// What prints under the XFS4IoT Printer service when the device set puts a device with its own protocol there
// (issue 14, hardware in the loop): the service still keeps where each receipt is (cut, at the exit, taken), the
// mechanism is the paper. Without one, the Printer model simulates the paper itself.
#pragma once

#include "devices/outcome.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace atmbench::devices {

class PrintMechanism {
public:
    virtual ~PrintMechanism() = default;
    // Prints `lines` without cutting. Paper end, cover open, offline and a mechanism that does not answer end the
    // command as XFS4IoT says (paperOut, hardwareError, deviceNotReady).
    virtual Outcome print(const std::vector<std::string>& lines) = 0;
    virtual Outcome cut() = 0;
    // XFS4IoT printer.paper.upper as the mechanism last reported it: full | low | out | unknown.
    virtual std::string paper_status() const = 0;
    // What the mechanism reports of itself, for the physical truth ({line, status, receipts …}).
    virtual boost::json::object truth() const = 0;
};

}  // namespace atmbench::devices
