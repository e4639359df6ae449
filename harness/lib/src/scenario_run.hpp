// One scenario's world while it runs: the in-process host and devices, the terminal process, the trace and what
// feeds it (the host's and the devices' record listeners, the journal tail). runner.cpp drives it; the step table
// (step_table.cpp) names the handler of each step (customer_steps.cpp, world_steps.cpp, wait_step.cpp,
// power_cut.cpp).
#pragma once

#include "atmbench/devices/device_set.hpp"
#include "atmbench/harness/runner.hpp"
#include "atmbench/harness/steps.hpp"
#include "atmbench/harness/terminal_process.hpp"
#include "atmbench/host/held_port.hpp"
#include "atmbench/host/host_server.hpp"
#include "journal_tail.hpp"

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

// A short HTTP/1.1 request to a terminal's loopback admin port (bounded: 3 s per read/write); returns the status
// code (0 = no answer) and the body. customer_steps.cpp.
int http_request(const std::string& address, const std::string& method, const std::string& path, const std::string& token,
                 std::string& body);

class ScenarioRun {
public:
    ScenarioRun(const Scenario& scenario, const RunOptions& options);
    ~ScenarioRun();
    ScenarioResult run();

    // The same run one piece at a time (the Python module's Session drives it this way): begin() sets up host,
    // devices and faults and starts the terminal (throws on a bench ERROR); perform() carries out one step and
    // returns false when the scenario cannot go on (the reason is kept for finish()); finish() tears down and
    // judges. run() is begin + perform each step + finish.
    void begin(bool with_terminal = true);  // without: host and devices only, for a terminal started elsewhere
    bool perform(const Step& s);
    ScenarioResult finish();
    // A result for a run that could not start or finish: ERROR with what happened and the trace so far.
    ScenarioResult error_result(const std::string& why);
    // The result of a run the cancel (cancel.hpp) cut short: NOT RUN, with the trace so far, torn down.
    ScenarioResult not_run_result();
    const std::string& step_error() const { return step_error_; }
    // A step carried out by the caller (a Python test's own wait) could not be done: recorded in the trace and kept
    // for finish() exactly as perform() keeps one of its own (ERROR unless a rule FAILs). The first reason wins.
    void stop_on(const std::string& why);
    Trace& trace() { return *trace_; }
    host::HostServer* host() { return host_stopped_ ? nullptr : host_.get(); }
    devices::DeviceSet* devices() { return devices_.get(); }
    TerminalProcess* terminal() { return terminal_.get(); }
    const std::filesystem::path& work_folder() const { return work_; }
    const std::filesystem::path& config_file() const { return config_file_; }

private:
    void set_up();
    std::unique_ptr<host::HostServer> make_host(const std::string& listen);
    void start_terminal();
    // Records the waits this run's configuration gives the terminal (profile `start.config_timeouts`), so the
    // timeout rules judge against them (7.3.6.6 b: each wait has a *configured* bound).
    void record_configured_waits(const boost::json::object& config);
    void stop_terminal();
    // The host's and the devices' records enter the trace from their listeners, on the recording thread, the
    // moment they are recorded (record order, the recorders' own timestamps); the armed power cut sees them there.
    void on_host_record(const boost::json::object& view);
    void on_wire_record(boost::json::object view);
    void start_host(const std::string& listen);  // make_host + the record listener + start
    // stop_host / restart_host: the ledger as it stands, the host stopped, its port held for the restart
    // (host::HeldPort).
    void take_host_down();
    void read_journal();  // what the journal tail has not delivered yet (after a stop, before a restart)
    void tear_down();
    ScenarioResult ended_early(Status status, const std::string& why);  // error_result, not_run_result
    void step(const Step& s);  // dispatches through the step table (steps.hpp, step_table.cpp)

    // The step handlers, one per entry of the step table (which names them, hence the friend).
    friend const std::vector<StepSpec>& step_specs();
    // customer_steps.cpp: the customer at the card reader, PIN pad, acceptor and outputs
    void insert_card(const Step& s);
    void enter_pin(const Step& s);
    void choose(const Step& s);
    void amount(const Step& s);
    void withdraw(const Step& s);
    void deposit(const Step& s);
    void insert_notes(const Step& s);
    void confirm_deposit(const Step& s);
    void cancel(const Step& s);
    void press(const Step& s);
    void take_cash(const Step& s);
    void take_card(const Step& s);
    void take_receipt(const Step& s);
    void take_refused(const Step& s);
    void act(const Step& s);
    // world_steps.cpp: faults, the host going away and coming back, the operator, the clock
    void fault(const Step& s);
    void host_rule(const Step& s);
    void clear_host_rules(const Step& s);
    void stop_host(const Step& s);
    void restart_host(const Step& s);
    void sleep_ms(const Step& s);
    void admin(const Step& s);
    void restart_terminal(const Step& s);
    void wait(const Step& s);  // wait_step.cpp
    void power_cut(const Step& s);  // power_cut.cpp: SIGKILL at a trace moment, then start again
    // power_cut.cpp: installs the cut's listener ahead of its step (perform() does it at the start of the step
    // before), so the moment cannot fall between two steps; power_cut_fired(): the terminal is down on purpose.
    struct PowerCutArm;
    void arm_power_cut(const Step& s);
    void disarm_power_cut();
    bool power_cut_fired() const;
    std::shared_ptr<PowerCutArm> armed_cut_;
    // The armed cut's hook, called by both record listeners; under cut_mutex_, so disarming waits for a call in
    // progress (the hook may be killing the terminal).
    std::mutex cut_mutex_;
    std::function<void(std::int64_t, const std::string&, const std::string&, const std::string&, const boost::json::object&)> cut_hook_;
    // customer_steps.cpp helpers: what the customer does, each tried until the device lets them within `bound`
    boost::json::value act(const std::string& device, const std::string& action, const boost::json::object& args,
                           std::chrono::milliseconds bound);
    void press(const std::vector<std::string>& keys, std::chrono::milliseconds bound);
    void present_card(const std::string& card, std::chrono::milliseconds bound);
    void type_pin(const std::string& pin, std::chrono::milliseconds bound);
    void choose_function(const std::string& function, std::chrono::milliseconds bound);
    void key_amount(const std::string& value, std::chrono::milliseconds bound);
    void feed_notes(const boost::json::value& notes, std::chrono::milliseconds bound);
    void wait_screen(const std::string& meaning_or_id, std::chrono::milliseconds bound, std::int64_t since = 0);
    // Waits until `match` accepts an event appended to the trace from position `since` on (woken by every
    // append, no polling); StepTimeout naming `what` when the bound runs out or the terminal exits first.
    void wait_event(const std::function<bool(const TraceEvent&)>& match, std::size_t since, std::chrono::milliseconds bound,
                    const std::string& what);
    // Waits until `holds` (state the listeners keep: screens, the acceptor) is true, checked now and at every
    // trace append; StepTimeout as wait_event.
    void wait_state(const std::function<bool()>& holds, std::chrono::milliseconds bound, const std::string& what);
    bool acceptor_open();  // a CashAcceptor.CashIn is under way: the acceptor takes notes
    // A customer's retry: until something new is recorded (the device may now let them) or 20 ms, whichever comes
    // first, never past `deadline`.
    void retry_pause(std::size_t since, std::chrono::steady_clock::time_point deadline);
    std::string current_screen();
    std::int64_t screen_time(const std::string& id, std::int64_t since);
    void admin(const std::string& command);
    TerminalProcess& bench_terminal();  // the terminal the bench started; BenchError when it started none
    std::string admin_token();          // the terminal's admin token (profile admin.token_from_stdout), "" if none

    const Scenario& scenario_;
    const RunOptions& options_;
    std::filesystem::path work_;
    std::filesystem::path state_dir_;
    std::filesystem::path config_file_;
    std::unique_ptr<Trace> trace_;
    std::unique_ptr<host::HostServer> host_;
    std::unique_ptr<devices::DeviceSet> devices_;
    std::unique_ptr<TerminalProcess> terminal_;
    std::unique_ptr<JournalTail> journal_;
    std::unique_ptr<host::HeldPort> held_host_port_;  // while a stop_host step has the host down
    std::optional<std::regex> screen_re_;
    std::mutex screens_mutex_;
    std::vector<std::pair<std::int64_t, std::string>> screens_;  // time, id
    bool acceptor_open_ = false;  // under screens_mutex_: a CashAcceptor.CashIn command without its completion yet
    std::vector<StepRecord> steps_;
    bool host_stopped_ = false;
    std::string host_address_;
    double stop_terminal_ms_ = 0;
    std::vector<std::pair<std::string, std::string>> secrets_handled_;  // taken at tear-down for the result
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point terminal_started_ = started_;
    std::string step_error_;
    bool finished_ = false;
    bool torn_down_ = false;
    ScenarioResult result_;
};

}  // namespace atmbench::harness
