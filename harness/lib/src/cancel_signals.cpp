// SIGINT / SIGTERM to a cancel (cancel.hpp): a self-pipe. The handler (or Python's, through set_wakeup_fd) only
// writes the signal's number; a watcher thread reads it and does the work outside signal context — request_cancel
// takes locks and notifies condition variables, which no handler may do (POSIX async-signal-safe functions).
#include "atmbench/harness/cancel.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
#include <string>
#include <thread>
#include <unistd.h>

namespace atmbench::harness {

namespace {

int pipe_fds[2] = {-1, -1};
std::atomic<int> signals_seen{0};  // by the CLI's handler

const char* signal_name(int sig) { return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "a signal"; }

[[noreturn]] void hard_stop(const char* why) {
    kill_children_now();
    (void)!::write(2, why, std::strlen(why));
    ::_exit(kExitCancelled);
}

// The CLI's handler: async-signal-safe only (an atomic, kill, write, _exit). The second signal does not wait for
// the watcher: it is the user's "stop now", and the watcher may be the thing that is stuck.
void on_signal(int sig) {
    int saved = errno;
    if (signals_seen.fetch_add(1) >= 1) hard_stop("atmbench: second signal: every terminal killed, stopping now\n");
    char b = static_cast<char>(sig);
    (void)!::write(pipe_fds[1], &b, 1);
    errno = saved;
}

void make_pipe() {
    if (::pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error(std::string("cannot make the cancel pipe: ") + std::strerror(errno));
}

// Reads signal numbers from the pipe: the first SIGINT/SIGTERM requests the cancel, a second is a hard stop, and so
// is a cancel still under way after `bound_ms` (0: no bound — a Python process may go on after its interrupt).
void watch(int bound_ms) {
    int seen = 0;
    std::chrono::steady_clock::time_point deadline{};
    while (true) {
        int timeout = -1;
        if (seen > 0 && bound_ms > 0)
            timeout = static_cast<int>(std::max<std::int64_t>(
                0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count()));
        pollfd p{pipe_fds[0], POLLIN, 0};
        int r = ::poll(&p, 1, timeout);
        if (r == 0) hard_stop("atmbench: the cancel did not finish in time: every terminal killed, stopping now\n");
        if (r < 0) continue;  // EINTR
        char b = 0;
        while (::read(pipe_fds[0], &b, 1) == 1) {
            int sig = static_cast<unsigned char>(b);
            if (sig != SIGINT && sig != SIGTERM) continue;  // Python writes every signal it handles
            if (++seen > 1) hard_stop("atmbench: second signal: every terminal killed, stopping now\n");
            deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(bound_ms);
            request_cancel(signal_name(sig));
        }
    }
}

}  // namespace

void cancel_on_signals(int bound_ms) {
    make_pipe();
    std::thread(watch, bound_ms).detach();
    struct sigaction sa{};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);
}

int cancel_wakeup_fd() {
    static int fd = [] {
        make_pipe();
        std::thread(watch, 0).detach();
        return pipe_fds[1];
    }();
    return fd;
}

}  // namespace atmbench::harness
