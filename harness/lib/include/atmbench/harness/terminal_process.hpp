// The terminal under test as a child process: started from its profile's argv in its own process group, stdout
// and stderr read line by line into the trace (stdout lines that are JSON also go to `wait_line`), stopped with
// its admin shutdown, then SIGTERM, then SIGKILL — every step bounded.
#pragma once

#include "atmbench/harness/trace.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::harness {

class TerminalProcess {
public:
    // Throws std::runtime_error when the program cannot be started.
    TerminalProcess(const std::vector<std::string>& argv, const std::filesystem::path& workdir, Trace& trace);
    ~TerminalProcess();

    // The first JSON stdout line (from the start, or only new ones) whose keys have these values; nullopt on bound.
    std::optional<boost::json::object> wait_line(const std::map<std::string, std::string>& match,
                                                 std::chrono::milliseconds bound, bool only_new = false);
    // The first line that matches any of `matches` (each as for wait_line); nullopt on bound or once it exited.
    std::optional<boost::json::object> wait_line_any(const std::vector<std::map<std::string, std::string>>& matches,
                                                     std::chrono::milliseconds bound, bool only_new = false);
    // The last value of `key` seen on any JSON stdout line ("" if none).
    std::string last_value(const std::string& key) const;
    bool running();
    std::optional<int> exit_status();  // exit code, or 128+signal; recorded (trace: terminal exit) the moment it exits
    // The same as !running(), for a Trace::wait_for give_up: it never touches the trace (the reaper calls
    // Trace::wake() after recording the exit).
    bool exited() const;
    // Waits (at most until `deadline`, no polling) for the process to exit; true when it has.
    bool wait_exit(std::chrono::steady_clock::time_point deadline);
    // SIGTERM, then SIGKILL after `grace`; returns the exit status.
    int stop(std::chrono::milliseconds grace);
    std::string output_tail(std::size_t lines = 40) const;  // stdout+stderr, for reports of a crash or hang
    int pid() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace atmbench::harness
