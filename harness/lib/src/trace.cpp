#include "atmbench/harness/trace.hpp"

#include "atmbench/harness/saved_view.hpp"
#include "atmbench/common/strict_json.hpp"
#include "atmbench/harness/cancel.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <ctime>

namespace atmbench::harness {

std::int64_t monotonic_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

Trace::Trace(std::optional<std::filesystem::path> file) : path_(std::move(file)) {
    if (path_) {
        std::filesystem::create_directories(path_->parent_path());
        out_ = std::fopen(path_->c_str(), "w");
        if (!out_) throw std::runtime_error("cannot write the trace " + path_->string());
    }
    on_cancel_ = std::make_unique<OnCancel>([this] { wake(); });
}

Trace::~Trace() {
    if (out_) std::fclose(out_);
}

boost::json::object to_json(const TraceEvent& e) {
    return {{"t_ns", e.t_ns}, {"source", e.source}, {"kind", e.kind}, {"name", e.name}, {"data", e.data}};
}

TraceEvent trace_event_from_json(const boost::json::value& v, const std::string& where) {
    auto bad = [&](const std::string& what) { return std::invalid_argument(where + ": " + what); };
    if (!v.is_object()) throw bad("expected a trace event {t_ns, source, kind, name, data}");
    const boost::json::object& o = v.as_object();
    TraceEvent e;
    const boost::json::value* t = o.if_contains("t_ns");
    if (!t || !(t->is_int64() || t->is_uint64())) throw bad("t_ns: expected an integer (CLOCK_MONOTONIC ns)");
    e.t_ns = t->to_number<std::int64_t>();
    for (auto [key, field] : {std::pair{"source", &e.source}, std::pair{"kind", &e.kind}, std::pair{"name", &e.name}}) {
        const boost::json::value* s = o.if_contains(key);
        if (!s || !s->is_string()) throw bad(std::string(key) + ": expected a string");
        *field = s->as_string();
    }
    if (const boost::json::value* d = o.if_contains("data")) e.data = *d;
    return e;
}

std::vector<TraceEvent> read_trace_file(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw std::invalid_argument(file.string() + ": cannot read the trace file");
    std::vector<TraceEvent> out;
    int number = 0;
    for (std::string line; std::getline(in, line);) {
        std::string where = file.string() + ":" + std::to_string(++number);
        if (line.empty()) continue;
        std::string problem;
        std::optional<boost::json::value> v = common::try_parse_json(line, problem);
        if (!v) throw std::invalid_argument(where + ": " + problem);
        out.push_back(trace_event_from_json(*v, where));
    }
    return out;
}

void Trace::add(TraceEvent e) {
    if (e.t_ns == 0) e.t_ns = monotonic_ns();
    std::lock_guard lock(mutex_);
    if (out_) {
        // The file is what leaves the bench: PANs masked (saved_view.hpp); the rules judge events_ as recorded.
        std::string line = boost::json::serialize(saved_view(e)) + "\n";
        std::fwrite(line.data(), 1, line.size(), out_);
        std::fflush(out_);
    }
    events_.push_back(std::move(e));
    appended_cv_.notify_all();
}

void Trace::add(std::string source, std::string kind, std::string name, boost::json::value data) {
    add(TraceEvent{0, std::move(source), std::move(kind), std::move(name), std::move(data), 0});
}

std::vector<TraceEvent> Trace::snapshot() const {
    std::vector<TraceEvent> copy;
    {
        std::lock_guard lock(mutex_);
        copy = events_;
    }
    std::stable_sort(copy.begin(), copy.end(), [](const TraceEvent& a, const TraceEvent& b) { return a.t_ns < b.t_ns; });
    for (std::size_t i = 0; i < copy.size(); ++i) copy[i].index = i;
    return copy;
}

std::size_t Trace::appended() const {
    std::lock_guard lock(mutex_);
    return events_.size();
}

std::optional<std::size_t> Trace::wait_for(const std::function<bool(const TraceEvent&)>& match, std::size_t since,
                                           std::chrono::steady_clock::time_point deadline,
                                           const std::function<bool()>& give_up) const {
    std::unique_lock lock(mutex_);
    for (std::size_t next = since;;) {
        for (; next < events_.size(); ++next)
            if (match(events_[next])) return next;
        if ((give_up && give_up()) || cancel_requested()) return std::nullopt;
        if (appended_cv_.wait_until(lock, deadline) == std::cv_status::timeout) {
            // The deadline passed: one last look at what came in meanwhile.
            for (; next < events_.size(); ++next)
                if (match(events_[next])) return next;
            return std::nullopt;
        }
    }
}

void Trace::wake() const {
    // Taking the lock orders the wake after a waiter's check of give_up (no lost wake-up).
    std::lock_guard lock(mutex_);
    appended_cv_.notify_all();
}

}  // namespace atmbench::harness
