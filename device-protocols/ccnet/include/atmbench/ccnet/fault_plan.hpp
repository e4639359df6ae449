// The faults the bench arms in a simulated validator (issue 14): deterministic, each fires at a fixed point of the
// note's path or of the validator's rest, never by chance, so a test that arms one knows which POLL reports it.
//   validator-jam     the next note inserted sticks in the transport            → VALIDATOR JAMMED (0x43)
//   stacker-jam       the next note sent to the cassette sticks on its way in    → DROP CASSETTE JAMMED (0x44)
//   cheated           the next note inserted is pulled back (a string or tape)  → CHEATED (0x45), once
//   cassette-removed  at the next POLL at rest (idling or disabled)              → DROP CASSETTE OUT OF POSITION (0x42)
//   cassette-full     at the next POLL at rest                                   → DROP CASSETTE FULL (0x41)
//   failure[:CODE]    at the next POLL at rest; CODE defaults to 0x50            → FAILURE (0x47) + CODE
//   power-up-bill     at the next power cycle a bill is found in the validator   → POWER UP WITH BILL IN VALIDATOR (0x11)
// A fired fault other than cheated holds until the bench clears it (the operator's hand); see validator.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace atmbench::ccnet {

enum class Fault { ValidatorJam, StackerJam, Cheated, CassetteRemoved, CassetteFull, Failure, PowerUpWithBill };

struct ArmedFault {
    Fault fault = Fault::ValidatorJam;
    std::uint8_t failure_code = 0x50;  // Failure only

    bool operator==(const ArmedFault&) const = default;
};

// The names above ("jam" is validator-jam). Throws std::invalid_argument listing them.
ArmedFault parse_fault(std::string_view text);
std::string fault_name(Fault fault);

}  // namespace atmbench::ccnet
