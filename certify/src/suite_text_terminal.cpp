#include "suites.hpp"

namespace atmbench::certify::suites_detail {

void text_terminal_suite(SuiteContext&) {}

}  // namespace atmbench::certify::suites_detail
