#include "atmbench/device_link/loop_link.hpp"

#include <thread>

namespace atmbench::device_link {

LoopLink::LoopLink(WireDevice& device, std::string name) : device_(device), name_(std::move(name)) {}

void LoopLink::write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds) {
    std::lock_guard lock(mutex_);
    if (unplugged_) throw LinkError(describe() + ": device unplugged");
    Bytes answer = device_.receive(bytes);
    if (lose_ > 0 && !answer.empty()) {
        --lose_;
        return;
    }
    pending_.insert(pending_.end(), answer.begin(), answer.end());
}

Bytes LoopLink::read(std::size_t max, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (unplugged_) throw LinkError(describe() + ": device unplugged");
    Bytes more = device_.unsolicited();
    pending_.insert(pending_.end(), more.begin(), more.end());
    if (pending_.empty()) {
        // Nothing can arrive later in-process without a write; waiting the bound keeps a driver's timing honest.
        lock.unlock();
        std::this_thread::sleep_for(timeout);
        return {};
    }
    std::size_t n = std::min(max, pending_.size());
    Bytes out(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
    return out;
}

void LoopLink::discard_input() {
    std::lock_guard lock(mutex_);
    pending_.clear();
}

std::string LoopLink::describe() const { return "loop " + name_; }

void LoopLink::unplug() {
    std::lock_guard lock(mutex_);
    unplugged_ = true;
    pending_.clear();
}

void LoopLink::plug() {
    std::lock_guard lock(mutex_);
    unplugged_ = false;
}

void LoopLink::lose_answers(int count) {
    std::lock_guard lock(mutex_);
    lose_ = count;
}

}  // namespace atmbench::device_link
