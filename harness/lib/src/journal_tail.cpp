#include "journal_tail.hpp"

#include "scenario_run.hpp"

#include "atmbench/common/strict_json.hpp"

#include <boost/json.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

namespace atmbench::harness {

namespace json = boost::json;

JournalTail::JournalTail(std::filesystem::path file, Trace& trace) : file_(std::move(file)), trace_(trace) {
    inotify_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (inotify_ < 0) throw BenchError(std::string("cannot follow the terminal's journal: inotify: ") + std::strerror(errno));
    // The folder, not the file: the terminal may create the file later, or replace it.
    if (::inotify_add_watch(inotify_, file_.parent_path().c_str(), IN_MODIFY | IN_CREATE | IN_CLOSE_WRITE | IN_MOVED_TO) < 0) {
        int e = errno;
        ::close(inotify_);
        throw BenchError("cannot follow the terminal's journal in " + file_.parent_path().string() + ": " + std::strerror(e));
    }
    if (::pipe2(stop_pipe_, O_CLOEXEC) != 0) {
        ::close(inotify_);
        throw BenchError(std::string("cannot follow the terminal's journal: pipe: ") + std::strerror(errno));
    }
    thread_ = std::thread([this] { follow(); });
}

JournalTail::~JournalTail() {
    stop();
    for (int fd : {inotify_, stop_pipe_[0], stop_pipe_[1]})
        if (fd >= 0) ::close(fd);
}

void JournalTail::stop() {
    if (!thread_.joinable()) return;
    (void)!::write(stop_pipe_[1], "x", 1);
    thread_.join();
    drain();
}

void JournalTail::follow() {
    const std::string name = file_.filename().string();
    alignas(inotify_event) char buf[4096];
    while (true) {
        pollfd p[2] = {{inotify_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
        if (::poll(p, 2, -1) < 0 && errno != EINTR) return;
        if (p[1].revents) return;
        bool ours = false;
        for (ssize_t n; (n = ::read(inotify_, buf, sizeof buf)) > 0;)
            for (char* at = buf; at < buf + n;) {
                auto* ev = reinterpret_cast<inotify_event*>(at);
                if (ev->len > 0 && name == ev->name) ours = true;
                if (ev->mask & IN_Q_OVERFLOW) ours = true;  // events were lost: look anyway
                at += sizeof(inotify_event) + ev->len;
            }
        if (ours) drain();
    }
}

void JournalTail::drain() {
    std::lock_guard lock(read_mutex_);
    std::error_code ec;
    auto size = std::filesystem::file_size(file_, ec);
    if (ec || size <= offset_) return;
    std::ifstream in(file_);
    in.seekg(static_cast<std::streamoff>(offset_));
    std::string line;
    while (std::getline(in, line)) {
        if (in.eof()) break;  // a line still being written: read it next time
        offset_ += line.size() + 1;
        std::string problem;  // strict (strict_json.hpp): a record the trace could not write back is unparsable
        std::optional<json::value> parsed = common::try_parse_json(line, problem);
        const bool pe = !parsed;
        json::value v = parsed ? std::move(*parsed) : json::value();
        std::string type = !pe && v.is_object() && v.as_object().contains("type") && v.as_object().at("type").is_string()
                               ? std::string(v.as_object().at("type").as_string())
                               : "";
        trace_.add("journal", "record", type, pe ? json::value(json::object{{"unparsable", line}}) : v);
    }
}

}  // namespace atmbench::harness
