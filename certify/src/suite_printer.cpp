#include "suites.hpp"

namespace atmbench::certify::suites_detail {

void printer_suite(SuiteContext&) {}

}  // namespace atmbench::certify::suites_detail
