#include "suites.hpp"

namespace atmbench::certify::suites_detail {

void pin_pad_suite(SuiteContext&) {}

}  // namespace atmbench::certify::suites_detail
