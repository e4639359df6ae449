#include "suites.hpp"

namespace atmbench::certify::suites_detail {

void auxiliaries_suite(SuiteContext&) {}

}  // namespace atmbench::certify::suites_detail
