// A PAN as the bench may show it in traces, ledgers and reports: PCI DSS 3.4 truncation, first 6 (issuer) and
// last 4 digits kept. Shorter values keep only their last 4 so nothing short leaks whole.
#pragma once

#include <string>
#include <string_view>

namespace atmbench {

std::string mask_pan(std::string_view pan);

}  // namespace atmbench
