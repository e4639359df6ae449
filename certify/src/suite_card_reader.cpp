#include "suites.hpp"

namespace atmbench::certify::suites_detail {

void card_reader_suite(SuiteContext&) {}

}  // namespace atmbench::certify::suites_detail
