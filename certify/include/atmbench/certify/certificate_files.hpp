// The certificate a vendor can show: JSON (everything, machine-readable), HTML (for a person: the service, its
// declared versions and capabilities, every check with its spec section, findings and the messages as evidence)
// and JUnit XML (one testsuite per service, one testcase per check, for CI).
#pragma once

#include "atmbench/certify/result.hpp"

#include <string>

namespace atmbench::certify {

std::string certificate_json(const Certificate& c);
std::string certificate_html(const Certificate& c);
std::string certificate_junit(const Certificate& c);

}  // namespace atmbench::certify
