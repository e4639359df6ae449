// The process-wide cancel flag and its wake-ups (cancel.hpp). The signal side is in cancel_signals.cpp.
#include "atmbench/harness/cancel.hpp"

#include <array>
#include <atomic>
#include <csignal>
#include <map>
#include <mutex>

namespace atmbench::harness {

namespace {

std::atomic<bool> requested{false};

// The reason and the wake-ups. A wake-up runs under this lock, so ~OnCancel (which takes it) cannot return while
// its wake-up runs: what the wake-up touches is still there.
struct Wakes {
    std::mutex mutex;
    std::string reason;
    std::map<std::size_t, std::function<void()>> wakes;
    std::size_t next_id = 1;
};
Wakes& wakes() {
    static Wakes* w = new Wakes;  // never destroyed: a detached signal watcher may use it during exit
    return *w;
}

// Lock-free slots a signal handler can read (kill_children_now); 0 is free. More terminals at once than slots: the
// extra ones are still stopped by the graceful cancel, only the hard stop misses them.
std::array<std::atomic<pid_t>, 1024> children{};

}  // namespace

bool cancel_requested() { return requested.load(); }

std::string cancel_reason() {
    std::lock_guard lock(wakes().mutex);
    return wakes().reason;
}

void request_cancel(const std::string& why) {
    Wakes& w = wakes();
    std::lock_guard lock(w.mutex);
    if (requested.exchange(true)) return;
    w.reason = why;
    for (auto& [id, wake] : w.wakes) wake();
}

OnCancel::OnCancel(std::function<void()> wake) {
    Wakes& w = wakes();
    std::lock_guard lock(w.mutex);
    if (requested.load()) {
        wake();  // already cancelled: this one is woken at once, and never again
        return;
    }
    id_ = w.next_id++;
    w.wakes.emplace(id_, std::move(wake));
}

OnCancel::~OnCancel() {
    if (id_ == 0) return;
    Wakes& w = wakes();
    std::lock_guard lock(w.mutex);
    w.wakes.erase(id_);
}

void child_started(pid_t group) {
    for (auto& slot : children) {
        pid_t free = 0;
        if (slot.compare_exchange_strong(free, group)) return;
    }
}

void child_ended(pid_t group) {
    for (auto& slot : children) {
        pid_t mine = group;
        if (slot.compare_exchange_strong(mine, 0)) return;
    }
}

void kill_children_now() {
    for (auto& slot : children)
        if (pid_t g = slot.load(); g > 0) ::kill(-g, SIGKILL);
}

}  // namespace atmbench::harness
