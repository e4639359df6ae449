#include "suites.hpp"

namespace atmbench::certify::suites_detail {

void lights_suite(SuiteContext&) {}

}  // namespace atmbench::certify::suites_detail
