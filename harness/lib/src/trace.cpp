#include "atmbench/harness/trace.hpp"

#include <boost/json.hpp>

#include <algorithm>
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
}

Trace::~Trace() {
    if (out_) std::fclose(out_);
}

boost::json::object to_json(const TraceEvent& e) {
    return {{"t_ns", e.t_ns}, {"source", e.source}, {"kind", e.kind}, {"name", e.name}, {"data", e.data}};
}

void Trace::add(TraceEvent e) {
    if (e.t_ns == 0) e.t_ns = monotonic_ns();
    std::lock_guard lock(mutex_);
    if (out_) {
        std::string line = boost::json::serialize(to_json(e)) + "\n";
        std::fwrite(line.data(), 1, line.size(), out_);
        std::fflush(out_);
    }
    events_.push_back(std::move(e));
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

}  // namespace atmbench::harness
