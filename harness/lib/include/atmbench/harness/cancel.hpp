// Cancelling a run (Ctrl-C, or SIGTERM from a CI job that was cancelled): one flag for the whole process. Once it
// is set every wait of the runner ends (each Trace wakes its waiters, each terminal process gets SIGTERM to its
// process group), no scenario starts any more, and the scenarios under way end as NOT RUN. A second signal is a
// hard stop: SIGKILL to every terminal's process group, then _exit(130) (docs/security.md "Cancelling a run").
#pragma once

#include <functional>
#include <string>
#include <sys/types.h>

namespace atmbench::harness {

// The exit status of a cancelled `atmbench run` (and of a hard stop): the shell's 128+SIGINT, for SIGTERM too,
// so CI sees "did not complete" whichever signal it sent — never 0, 1 (a rule failed) or 2 (a bench ERROR).
constexpr int kExitCancelled = 130;

bool cancel_requested();
// Why ("SIGINT", "SIGTERM", …; "" while not cancelled).
std::string cancel_reason();
// Sets the flag (the first reason wins) and calls every registered wake-up once. Thread-safe; not for a signal
// handler (the signal watcher below calls it on its own thread).
void request_cancel(const std::string& why);

// A wake-up for as long as it lives: `wake` runs once, on the cancelling thread, when a cancel is requested (at
// once when one already was). It must not block: notify a condition variable, send a signal.
class OnCancel {
public:
    explicit OnCancel(std::function<void()> wake);
    ~OnCancel();
    OnCancel(const OnCancel&) = delete;
    OnCancel& operator=(const OnCancel&) = delete;

private:
    std::size_t id_ = 0;
};

// The process groups of the terminal processes alive now, kept where a signal handler can read them (a fixed table
// of atomics): the hard stop kills them without taking a lock.
void child_started(pid_t group);
void child_ended(pid_t group);
// SIGKILL to every registered group. Async-signal-safe.
void kill_children_now();

// `atmbench run`: SIGINT and SIGTERM request a cancel (through a self-pipe read by a watcher thread, so the handler
// only writes one byte); a second one, or the cancel not done within `bound_ms`, is a hard stop. Call once, before
// the runner starts threads.
void cancel_on_signals(int bound_ms);
// The Python module: the write end of a non-blocking self-pipe for Python's signal.set_wakeup_fd, which writes the
// signal's number into it from Python's own C handler. SIGINT or SIGTERM read there requests a cancel; a second one
// is a hard stop. Made (and its watcher thread started) on first call.
int cancel_wakeup_fd();

}  // namespace atmbench::harness
