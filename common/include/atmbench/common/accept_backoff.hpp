// What an accept loop does when the process is out of file descriptors (EMFILE) or the system is (ENFILE): the
// pending connection stays in the listen backlog and accepting again at once fails again, so an accept loop that
// retries at once spins at 100 % CPU and one that stops never serves again (issue 13). Every accept loop of the
// bench (ISO 8583 listener, XFS4IoT publisher, control endpoints) waits kAcceptBackoff and re-arms instead.
#pragma once

#include <boost/system/error_code.hpp>

#include <cerrno>
#include <chrono>

namespace atmbench::common {

inline constexpr std::chrono::milliseconds kAcceptBackoff{100};

inline bool out_of_descriptors(const boost::system::error_code& ec) {
    return ec == boost::system::error_code(EMFILE, boost::system::system_category()) ||
           ec == boost::system::error_code(ENFILE, boost::system::system_category());
}

// Raises the soft RLIMIT_NOFILE to the hard limit (each program calls it at start: a bench with many terminals,
// scenarios in parallel and the load tools runs out of the default 1024 long before the machine does). Returns
// the soft limit in force afterwards.
unsigned long raise_open_file_limit();

}  // namespace atmbench::common
