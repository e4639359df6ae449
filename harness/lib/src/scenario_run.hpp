// One scenario's world while it runs: the in-process host and devices, the terminal process, the trace and the
// collector that feeds it. runner.cpp drives it; customer_steps.cpp carries out the steps.
#pragma once

#include "atmbench/devices/device_set.hpp"
#include "atmbench/harness/runner.hpp"
#include "atmbench/harness/terminal_process.hpp"
#include "atmbench/host/host_server.hpp"

#include <atomic>
#include <memory>
#include <regex>
#include <stdexcept>
#include <thread>

namespace atmbench::harness {

// The bench could not do what the scenario asked (ERROR, not a terminal FAIL).
class BenchError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A step that could not complete within its bound: the terminal did not get where the step needs it.
class StepTimeout : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ScenarioRun {
public:
    ScenarioRun(const Scenario& scenario, const RunOptions& options);
    ~ScenarioRun();
    ScenarioResult run();

private:
    void set_up();
    std::unique_ptr<host::HostServer> make_host(const std::string& listen);
    void start_terminal();
    void stop_terminal();
    void collect();
    void tear_down();
    void step(const Step& s);  // customer_steps.cpp
    // customer_steps.cpp helpers
    boost::json::value act(const std::string& device, const std::string& action, const boost::json::object& args,
                           std::chrono::milliseconds bound);
    void press(const std::vector<std::string>& keys, std::chrono::milliseconds bound);
    void wait_screen(const std::string& meaning_or_id, std::chrono::milliseconds bound, std::int64_t since = 0);
    void wait_until(const std::function<bool()>& done, std::chrono::milliseconds bound, const std::string& what);
    std::string current_screen();
    std::int64_t screen_time(const std::string& id, std::int64_t since);
    void admin(const std::string& command);

    const Scenario& scenario_;
    const RunOptions& options_;
    std::filesystem::path work_;
    std::filesystem::path state_dir_;
    std::filesystem::path config_file_;
    std::unique_ptr<Trace> trace_;
    std::unique_ptr<host::HostServer> host_;
    std::unique_ptr<devices::DeviceSet> devices_;
    std::unique_ptr<TerminalProcess> terminal_;
    std::thread collector_;
    std::atomic<bool> collecting_{false};
    std::mutex collect_mutex_;
    std::uint64_t host_seq_ = 0;
    std::size_t wire_seq_ = 0;
    std::uintmax_t journal_offset_ = 0;
    std::optional<std::regex> screen_re_;
    std::mutex screens_mutex_;
    std::vector<std::pair<std::int64_t, std::string>> screens_;  // time, id
    std::vector<StepRecord> steps_;
    bool host_stopped_ = false;
    std::string host_address_;
    double stop_terminal_ms_ = 0;
};

}  // namespace atmbench::harness
