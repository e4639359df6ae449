#include "atmbench/harness/terminal_process.hpp"

#include "atmbench/common/strict_json.hpp"
#include "atmbench/harness/cancel.hpp"

#include <boost/json.hpp>

#include <condition_variable>
#include <cerrno>
#include <csignal>
#include <deque>
#include <fcntl.h>
#include <mutex>
#include <optional>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace atmbench::harness {

struct TerminalProcess::Impl {
    Trace& trace;
    pid_t pid = -1;
    std::optional<int> status;  // under `mutex`, set by the reaper
    std::thread out_reader, err_reader, reaper;
    mutable std::mutex mutex;
    std::condition_variable changed;  // a stdout line arrived or the process exited
    std::vector<boost::json::object> lines;  // JSON stdout lines
    std::map<std::string, std::string> last;
    std::deque<std::string> tail;
    // Last: unregistered before the rest goes. A cancel sends SIGTERM to the terminal's group at once (its exit ends
    // every wait on it; stop() escalates to SIGKILL after the grace) and wakes wait_line.
    std::unique_ptr<OnCancel> on_cancel;

    explicit Impl(Trace& t) : trace(t) {}

    void cancelled() {
        std::lock_guard lock(mutex);
        if (!status) ::kill(-pid, SIGTERM);
        changed.notify_all();
    }

    void read_stream(int fd, const char* name) {
        std::string buf;
        char chunk[4096];
        while (true) {
            ssize_t n = ::read(fd, chunk, sizeof chunk);
            if (n <= 0) break;
            buf.append(chunk, static_cast<std::size_t>(n));
            for (std::size_t nl = buf.find('\n'); nl != std::string::npos; nl = buf.find('\n')) {
                line(buf.substr(0, nl), name);
                buf.erase(0, nl + 1);
            }
        }
        if (!buf.empty()) line(buf, name);
        ::close(fd);
    }

    void line(const std::string& text, const char* stream) {
        // Strict: a line with 1e400 or a name twice is kept as text, so the trace stays JSON (strict_json.hpp).
        std::string problem;
        std::optional<boost::json::value> parsed = common::try_parse_json(text, problem);
        boost::json::value v = parsed ? std::move(*parsed) : boost::json::value();
        bool is_json = parsed && v.is_object();
        trace.add("terminal", stream, is_json && v.as_object().contains("event")
                                          ? std::string(v.as_object().at("event").is_string() ? v.as_object().at("event").as_string() : "")
                                          : "",
                  is_json ? v : boost::json::value(boost::json::object{{"line", text}}));
        std::lock_guard lock(mutex);
        tail.push_back(std::string(stream) + ": " + text);
        if (tail.size() > 200) tail.pop_front();
        if (is_json && std::string(stream) == "stdout") {
            for (const auto& kv : v.as_object())
                if (kv.value().is_string()) last[kv.key()] = std::string(kv.value().as_string());
            lines.push_back(v.as_object());
        }
        changed.notify_all();
    }

    // Blocks in waitpid until the terminal exits, so its exit is recorded when it happens and every wait on it
    // (wait_line, stop, the runner's waits through Trace::wake) ends at once instead of polling.
    void reap() {
        int st = 0;
        pid_t r;
        do r = ::waitpid(pid, &st, 0);
        while (r < 0 && errno == EINTR);
        int code = r == pid ? (WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st)) : -1;
        trace.add("terminal", "exit", "", boost::json::object{{"status", code}});
        {
            std::lock_guard lock(mutex);
            status = code;
            changed.notify_all();
        }
        trace.wake();
    }

    // Waits (at most until `deadline`) for the exit; true when it has exited.
    bool wait_exit(std::chrono::steady_clock::time_point deadline) {
        std::unique_lock lock(mutex);
        return changed.wait_until(lock, deadline, [&] { return status.has_value(); });
    }
};

TerminalProcess::TerminalProcess(const std::vector<std::string>& argv, const std::filesystem::path& workdir, Trace& trace)
    : impl_(std::make_unique<Impl>(trace)) {
    int out[2], err[2];
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err[1], 2);
    posix_spawn_file_actions_addchdir_np(&fa, workdir.c_str());
    // Nothing of the bench leaks into the terminal: not the host's listener (a restarted host must get its port
    // back), not the devices' sockets.
    posix_spawn_file_actions_addclosefrom_np(&fa, 3);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&attr, 0);  // its own group: a stop reaches whatever it started
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    int rc = posix_spawn(&impl_->pid, args[0], &fa, &attr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    ::close(out[1]);
    ::close(err[1]);
    if (rc != 0) {
        ::close(out[0]);
        ::close(err[0]);
        throw std::runtime_error("cannot start the terminal " + argv[0] + ": " + std::strerror(rc));
    }
    child_started(impl_->pid);  // for a hard stop (cancel.hpp)
    trace.add("terminal", "start", "", boost::json::object{{"pid", impl_->pid}, {"argv", boost::json::value_from(argv)}});
    impl_->out_reader = std::thread([this, fd = out[0]] { impl_->read_stream(fd, "stdout"); });
    impl_->err_reader = std::thread([this, fd = err[0]] { impl_->read_stream(fd, "stderr"); });
    impl_->reaper = std::thread([this] { impl_->reap(); });
    impl_->on_cancel = std::make_unique<OnCancel>([impl = impl_.get()] { impl->cancelled(); });
}

TerminalProcess::~TerminalProcess() {
    stop(std::chrono::milliseconds(1000));
}

int TerminalProcess::pid() const { return impl_->pid; }

std::optional<boost::json::object> TerminalProcess::wait_line(const std::map<std::string, std::string>& match,
                                                              std::chrono::milliseconds bound, bool only_new) {
    return wait_line_any({match}, bound, only_new);
}

std::optional<boost::json::object> TerminalProcess::wait_line_any(const std::vector<std::map<std::string, std::string>>& matches,
                                                                  std::chrono::milliseconds bound, bool only_new) {
    std::unique_lock lock(impl_->mutex);
    std::size_t from = only_new ? impl_->lines.size() : 0;
    auto deadline = std::chrono::steady_clock::now() + bound;
    std::optional<std::chrono::steady_clock::time_point> exited_at;
    while (true) {
        for (std::size_t i = from; i < impl_->lines.size(); ++i) {
            const auto& l = impl_->lines[i];
            for (const auto& match : matches) {
                bool all = true;
                for (const auto& [k, v] : match) {
                    const boost::json::value* x = l.if_contains(k);
                    all = all && x && x->is_string() && x->as_string() == v;
                }
                if (all) return l;
            }
        }
        from = impl_->lines.size();
        if (cancel_requested()) return std::nullopt;  // the run was cancelled: nobody waits for it any more
        if (impl_->status && !exited_at) {
            // Exited: give the readers a moment to deliver what it printed last.
            exited_at = std::chrono::steady_clock::now();
            deadline = std::min(deadline, *exited_at + std::chrono::milliseconds(100));
        }
        // Woken by each new line and by the exit (the reaper).
        if (impl_->changed.wait_until(lock, deadline) == std::cv_status::timeout && from == impl_->lines.size())
            return std::nullopt;
    }
}

std::string TerminalProcess::last_value(const std::string& key) const {
    std::lock_guard lock(impl_->mutex);
    auto it = impl_->last.find(key);
    return it == impl_->last.end() ? "" : it->second;
}

bool TerminalProcess::running() { return !exit_status().has_value(); }

std::optional<int> TerminalProcess::exit_status() {
    if (impl_->pid <= 0) return -1;
    std::lock_guard lock(impl_->mutex);
    return impl_->status;
}

bool TerminalProcess::wait_exit(std::chrono::steady_clock::time_point deadline) {
    if (impl_->pid <= 0) return true;
    return impl_->wait_exit(deadline);
}

bool TerminalProcess::exited() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->status.has_value();
}

int TerminalProcess::stop(std::chrono::milliseconds grace) {
    if (impl_->pid > 0 && running()) {
        ::kill(-impl_->pid, SIGTERM);
        if (!impl_->wait_exit(std::chrono::steady_clock::now() + grace)) {
            ::kill(-impl_->pid, SIGKILL);
            // SIGKILL cannot be caught: the exit follows (the reaper's join below waits for it in any case).
            impl_->wait_exit(std::chrono::steady_clock::now() + std::chrono::seconds(10));
        }
    }
    if (impl_->pid > 0) ::kill(-impl_->pid, SIGKILL);  // anything it left behind in its group
    if (impl_->pid > 0) child_ended(impl_->pid);
    if (impl_->reaper.joinable()) impl_->reaper.join();
    if (impl_->out_reader.joinable()) impl_->out_reader.join();
    if (impl_->err_reader.joinable()) impl_->err_reader.join();
    std::lock_guard lock(impl_->mutex);
    return impl_->status.value_or(-1);
}

std::string TerminalProcess::output_tail(std::size_t lines) const {
    std::lock_guard lock(impl_->mutex);
    std::string out;
    std::size_t start = impl_->tail.size() > lines ? impl_->tail.size() - lines : 0;
    for (std::size_t i = start; i < impl_->tail.size(); ++i) out += impl_->tail[i] + "\n";
    return out;
}

}  // namespace atmbench::harness
