// ISO/IEC 7812-1 Annex B check digit (Luhn) of a PAN: the host refuses accounts whose PAN fails it, the harness's
// CARD-LUHN rule uses it to know which catalogue cards must be refused locally (7.3.6.2 a).
#pragma once

#include <string_view>

namespace atmbench {

// true when `pan` is a non-empty digit string whose last digit is its Luhn check digit.
bool luhn_valid(std::string_view pan);

}  // namespace atmbench
