// The power_cut step: the terminal loses power at a chosen moment of the trace and comes back on the same state
// folder. Deterministic by construction: the moment is caught by a listener on the recorder that records it (the
// host's message record, the devices' XFS4IoT wire record), which runs on the recording thread *before* the host
// answers the request it records or the device writes the message it records; the listener sends SIGKILL to the
// terminal's process group and returns only once the process is dead (pidfd, bounded). So the host's reply to a
// request the cut is keyed on is held until the terminal is gone and can never reach it, and an XFS4IoT completion
// the cut is keyed on is never read by it. No grace, no admin shutdown: what the terminal had not made durable is
// lost (the operating system survives, as after a real power cut with a journaling file system and a UPS-less
// terminal PC: data written with write() stays, which is what a kill can show).
#include "scenario_run.hpp"

#include "atmbench/harness/cancel.hpp"
#include "trace_match.hpp"

#include <boost/json.hpp>

#include <condition_variable>
#include <csignal>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace atmbench::harness {

namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

// Waits (at most `bound`) until the process has exited, without reaping it: the TerminalProcess reaps it.
bool wait_dead(int pid, milliseconds bound) {
    int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    if (fd >= 0) {
        pollfd p{fd, POLLIN, 0};
        int r = ::poll(&p, 1, static_cast<int>(bound.count()));
        ::close(fd);
        return r > 0;
    }
    // No pidfd (old kernel): a zombie or a vanished process in /proc.
    auto deadline = std::chrono::steady_clock::now() + bound;
    while (std::chrono::steady_clock::now() < deadline) {
        FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/stat").c_str(), "r");
        if (!f) return true;
        int ignored = 0;
        char state = 'R';
        char comm[256];
        int n = std::fscanf(f, "%d %255s %c", &ignored, comm, &state);
        std::fclose(f);
        if (n == 3 && (state == 'Z' || state == 'X')) return true;
        std::this_thread::sleep_for(milliseconds(1));
    }
    return false;
}

struct CutState {
    std::mutex mutex;
    std::condition_variable fired_cv;
    bool fired = false;
    bool dead = false;
    std::int64_t matched_ns = 0, cut_ns = 0, dead_ns = 0;
    json::object matched;
};

}  // namespace

// The armed cut: installed on the recorder before the moment can happen (at the start of the step before the
// power_cut step when the runner knows the steps, else by the power_cut step itself), so the moment cannot slip
// between two steps.
struct ScenarioRun::PowerCutArm {
    const Step* step = nullptr;
    TraceMatcher when;
    json::value when_json;
    int pid = -1;
    std::shared_ptr<CutState> state;
};

bool ScenarioRun::power_cut_fired() const {
    if (!armed_cut_) return false;
    std::lock_guard lock(armed_cut_->state->mutex);
    return armed_cut_->state->fired;
}

void ScenarioRun::arm_power_cut(const Step& s) {
    const json::object& a = s.args;
    TerminalProcess& terminal = bench_terminal();
    std::optional<TraceMatcher> when;
    try {
        const json::value* w = a.if_contains("when");
        if (!w || !w->is_object()) throw std::invalid_argument("when: expected {host: …}, {xfs: …} or {event: …}");
        for (const auto& kv : w->as_object())
            if (kv.key() != "host" && kv.key() != "xfs" && kv.key() != "event")
                throw std::invalid_argument("when." + std::string(kv.key()) +
                                            ": a power cut is keyed on what the bench records itself (host, xfs, event); "
                                            "screens and journal records are only seen after the fact");
        when = trace_matcher(w->as_object());
        if (!when || w->as_object().size() != 1) throw std::invalid_argument("when: give exactly one of host, xfs, event");
    } catch (const std::invalid_argument& e) {
        throw BenchError(std::string("power_cut: ") + e.what());
    }
    if (when->source == "host" && !host()) throw BenchError("power_cut: the host is not running");
    disarm_power_cut();
    auto arm = std::make_shared<PowerCutArm>();
    arm->step = &s;
    arm->when = *when;
    arm->when_json = a.at("when");
    arm->pid = terminal.pid();
    arm->state = std::make_shared<CutState>();
    auto cut = [state = arm->state, pid = arm->pid, m = *when](std::int64_t t, const std::string& src, const std::string& kind,
                                                               const std::string& name, const json::object& data) {
        {
            std::lock_guard lock(state->mutex);
            if (state->fired || !m.matches(src, kind, name, data)) return;
        }
        std::int64_t cut_ns = monotonic_ns();
        ::kill(-pid, SIGKILL);  // the terminal's whole process group, no grace
        bool dead = wait_dead(pid, milliseconds(3000));
        std::lock_guard lock(state->mutex);
        state->fired = true;
        state->dead = dead;
        state->matched_ns = t;
        state->cut_ns = cut_ns;
        state->dead_ns = monotonic_ns();
        state->matched = json::object{{"source", src}, {"kind", kind}, {"name", name}, {"t_ns", t}};
        state->fired_cv.notify_all();
    };
    {
        // Both record listeners offer every record to the hook (on_host_record, on_wire_record); the matcher
        // picks the source.
        std::lock_guard lock(cut_mutex_);
        cut_hook_ = cut;
    }
    trace_->add("bench", "power-cut-armed", "", json::object{{"when", arm->when_json}, {"pid", arm->pid}, {"line", s.line}});
    armed_cut_ = std::move(arm);
}

void ScenarioRun::disarm_power_cut() {
    if (!armed_cut_) return;
    {
        // Waits for a call in progress: the listeners call the hook under cut_mutex_.
        std::lock_guard lock(cut_mutex_);
        cut_hook_ = nullptr;
    }
    armed_cut_.reset();
}

void ScenarioRun::power_cut(const Step& s) {
    const json::object& a = s.args;
    TerminalProcess& terminal = bench_terminal();
    const milliseconds bound = a.contains("timeout_ms") && a.at("timeout_ms").is_int64() ? milliseconds(a.at("timeout_ms").as_int64())
                                                                                          : milliseconds(8000);
    if (!armed_cut_ || armed_cut_->step != &s) arm_power_cut(s);
    std::shared_ptr<CutState> state = armed_cut_->state;
    const int pid = armed_cut_->pid;
    const json::value when = armed_cut_->when_json;
    const std::string what = armed_cut_->when.describe();
    {
        std::unique_lock lock(state->mutex);
        auto deadline = std::chrono::steady_clock::now() + bound;
        while (!state->fired && std::chrono::steady_clock::now() < deadline && !cancel_requested()) {
            state->fired_cv.wait_for(lock, milliseconds(20));
            if (!state->fired) {
                lock.unlock();
                bool alive = terminal.running();
                lock.lock();
                if (!alive) break;
            }
        }
    }
    disarm_power_cut();
    bool fired = false;
    {
        std::lock_guard lock(state->mutex);
        fired = state->fired;
    }
    if (!fired) throw StepTimeout("power_cut: " + what + " did not happen within " + std::to_string(bound.count()) + " ms");
    if (!state->dead) throw BenchError("power_cut: the terminal (pid " + std::to_string(pid) + ") did not die within 3 s of SIGKILL");
    trace_->add(TraceEvent{state->cut_ns, "bench", "power-cut", "",
                           json::object{{"when", when},
                                        {"matched", state->matched},
                                        {"pid", pid},
                                        {"signal", "SIGKILL"},
                                        {"kill_to_dead_ms", static_cast<double>(state->dead_ns - state->cut_ns) / 1e6},
                                        {"match_to_kill_us", static_cast<double>(state->cut_ns - state->matched_ns) / 1e3}},
                           0});
    terminal.stop(milliseconds(0));  // reaps it and drains its output
    read_journal();
    auto r0 = std::chrono::steady_clock::now();
    start_terminal();  // the same path as restart_terminal: same configuration, same state folder
    trace_->add("bench", "power-restored", "",
                json::object{{"pid", terminal_->pid()},
                             {"ready_ms", std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - r0).count()}});
}

}  // namespace atmbench::harness
