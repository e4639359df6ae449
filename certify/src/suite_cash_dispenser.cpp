#include "suites.hpp"

namespace atmbench::certify::suites_detail {

void cash_dispenser_suite(SuiteContext&) {}

}  // namespace atmbench::certify::suites_detail
