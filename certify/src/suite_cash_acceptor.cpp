#include "suites.hpp"

namespace atmbench::certify::suites_detail {

void cash_acceptor_suite(SuiteContext&) {}

}  // namespace atmbench::certify::suites_detail
