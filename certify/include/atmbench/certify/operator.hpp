// Who does what a driver cannot do by itself: insert a card, take the cash, press keys, pull a cassette. On real
// hardware a person at the terminal (a prompt with a timeout, the answer recorded); against the bench's own
// simulated devices their control endpoint, so the same suites run unattended (labgrid's strategy seam: the suite
// says what must happen, the operator makes it happen on the hardware at hand).
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace atmbench::certify {

// A physical action, in the control endpoint's words (docs/steps.md customer actions): insertCard {card},
// takeCard, takeCash, takeRefused, insertNotes {notes|value,count}, pressKeys {keys}, enterPin {pin},
// takeReceipt. `prompt` says it to a person.
struct OperatorAction {
    std::string service;      // the XFS4IoT service the action is for ("CardReader1")
    std::string action;
    boost::json::object args;
    std::string prompt;
};

// A fault the hardware can be made to have: {name, at?, …} as the control endpoint takes it; `prompt` tells a
// person how to cause it ("pull cassette 1 out"), empty when only a simulated device can have it.
struct OperatorFault {
    std::string service;
    boost::json::object spec;
    std::string prompt;
};

struct OperatorAnswer {
    enum class Status { Done, Declined, Unavailable, TimedOut };
    Status status = Status::Unavailable;
    std::string note;  // what the operator said, or why it could not be done
    bool done() const { return status == Status::Done; }
};

class Operator {
public:
    virtual ~Operator() = default;
    virtual std::string kind() const = 0;  // "control http://…", "tty", "none"
    virtual OperatorAnswer perform(const OperatorAction& action, std::chrono::milliseconds bound) = 0;
    virtual OperatorAnswer inject(const OperatorFault& fault, std::chrono::milliseconds bound) = 0;
    // Undo injected faults of the service (the control endpoint clears them; a person puts the cassette back).
    virtual void clear_faults(const std::string& service) = 0;
    // Facts about the device behind a service the operator knows (the simulated device's type, …).
    virtual boost::json::object environment() const { return {}; }
};

// The control endpoint of `atmbench devices` (http://127.0.0.1:PORT, token from its start line): maps each
// service to the device behind it from GET /health. Throws CertifyError when it cannot be reached.
std::unique_ptr<Operator> control_operator(const std::string& url, const std::string& token);
// A person at this terminal: the prompt on stderr, Enter = done, "s" = skip, within the bound.
std::unique_ptr<Operator> tty_operator();
// Nobody: every physical action is Unavailable; the checks that need one are SKIP.
std::unique_ptr<Operator> no_operator();

}  // namespace atmbench::certify
