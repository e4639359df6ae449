#include "atmbench/device_link/link_tap.hpp"

#include <charconv>
#include <stdexcept>
#include <thread>

namespace atmbench::device_link {

namespace {

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::int64_t number(const std::string& text, std::string_view part, std::int64_t max) {
    std::int64_t v = -1;
    auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (ec != std::errc() || p != part.data() + part.size() || v < 0 || v > max)
        throw std::invalid_argument("line fault \"" + text + "\": expected a whole number from 0 to " +
                                    std::to_string(max) + " (found \"" + std::string(part) + "\")");
    return v;
}

}  // namespace

TappedLink::TappedLink(ByteLink& inner, LinkListener listener) : LinkDecorator(inner), listener_(std::move(listener)) {}

void TappedLink::write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) {
    // Recorded before the write: a write that fails (the device unplugged) was still attempted.
    if (listener_) listener_({LinkDirection::ToDevice, Bytes(bytes.begin(), bytes.end()), now_ns(), {}});
    inner_.write(bytes, timeout);
}

Bytes TappedLink::read(std::size_t max, std::chrono::milliseconds timeout) {
    Bytes b = inner_.read(max, timeout);
    if (!b.empty() && listener_) listener_({LinkDirection::FromDevice, b, now_ns(), {}});
    return b;
}

LineFault parse_line_fault(const std::string& text) {
    LineFault f;
    std::string_view t = text;
    if (auto comma = t.find(",count="); comma != std::string_view::npos) {
        f.count = static_cast<int>(number(text, t.substr(comma + 7), 1000));
        if (f.count == 0) throw std::invalid_argument("line fault \"" + text + "\": count must be at least 1");
        t = t.substr(0, comma);
    }
    if (t == "lose") {
        f.kind = LineFault::Kind::LoseAnswer;
    } else if (t.starts_with("delay:")) {
        f.kind = LineFault::Kind::DelayAnswer;
        f.delay = std::chrono::milliseconds(number(text, t.substr(6), 60'000));
    } else if (t.starts_with("corrupt:")) {
        f.kind = LineFault::Kind::CorruptByte;
        f.offset = static_cast<std::size_t>(number(text, t.substr(8), 65'535));
    } else {
        throw std::invalid_argument("line fault \"" + text +
                                    "\": expected lose, delay:MS or corrupt:OFFSET, optionally followed by ,count=N");
    }
    return f;
}

InjectingLink::InjectingLink(ByteLink& inner, LinkListener listener)
    : LinkDecorator(inner), listener_(std::move(listener)) {}

void InjectingLink::arm(LineFault fault) {
    std::lock_guard lock(mutex_);
    armed_ = fault;
}

void InjectingLink::clear() {
    std::lock_guard lock(mutex_);
    armed_.reset();
}

void InjectingLink::write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) {
    {
        std::lock_guard lock(mutex_);
        last_request_.assign(bytes.begin(), bytes.end());
    }
    inner_.write(bytes, timeout);
}

Bytes InjectingLink::read(std::size_t max, std::chrono::milliseconds timeout) {
    Bytes b = inner_.read(max, timeout);
    if (b.empty()) return b;
    std::optional<LineFault> fault;
    {
        std::lock_guard lock(mutex_);
        if (!armed_) return b;
        if (!armed_->after_request.empty() && armed_->after_request != last_request_) return b;
        fault = armed_;
        if (--armed_->count <= 0) armed_.reset();
    }
    LinkExchange seen{LinkDirection::FromDevice, b, now_ns(), {}};
    switch (fault->kind) {
        case LineFault::Kind::LoseAnswer:
            seen.injected = "lost";
            if (listener_) listener_(seen);
            // The driver sees silence for as long as it would wait for a real lost answer: only what the device
            // sends after it, within the read's bound (usually nothing: a timeout, as on the wire).
            return inner_.read(max, timeout);
        case LineFault::Kind::DelayAnswer:
            seen.injected = "delayed " + std::to_string(fault->delay.count()) + " ms";
            if (listener_) listener_(seen);
            std::this_thread::sleep_for(fault->delay);
            return b;
        case LineFault::Kind::CorruptByte: {
            std::size_t at = std::min(fault->offset, b.size() - 1);
            b[at] ^= fault->xor_mask;
            seen.injected = "corrupted byte " + std::to_string(at);
            if (listener_) listener_(seen);
            return b;
        }
        case LineFault::Kind::ReplaceAnswer:
            // What the device sent is swallowed (and recorded as such); the driver gets the bench's bytes.
            seen.injected = "replaced by the bench" + (fault->why.empty() ? std::string() : ": " + fault->why);
            if (listener_) listener_(seen);
            return fault->replacement;
    }
    return b;
}

}  // namespace atmbench::device_link
