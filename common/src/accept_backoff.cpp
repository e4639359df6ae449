#include "atmbench/common/accept_backoff.hpp"

#include <sys/resource.h>

namespace atmbench::common {

unsigned long raise_open_file_limit() {
    rlimit l{};
    if (::getrlimit(RLIMIT_NOFILE, &l) != 0) return 0;
    if (l.rlim_cur < l.rlim_max) {
        rlimit raised = l;
        raised.rlim_cur = l.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) l = raised;
    }
    return static_cast<unsigned long>(l.rlim_cur);
}

}  // namespace atmbench::common
