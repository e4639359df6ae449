// The bound on a record the bench keeps for its views (the host's message record, the devices' wire record): at
// most `max_messages` entries and `max_bytes` of them, the oldest dropped first and counted, so a long run cannot
// grow the process without end (issue 13: 54 MB per 100k host exchanges, 73 MB per 100k XFS4IoT round trips,
// forever). Sequence numbers keep counting across drops: a view asked `since` a dropped entry starts at the oldest
// one kept, and the dropped counter says how many are gone. What listeners and spill files see is never bounded.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <stdexcept>
#include <string>
#include <utility>

namespace atmbench::common {

struct RecordLimits {
    std::size_t max_messages = 100'000;
    std::size_t max_bytes = std::size_t{64} << 20;  // 64 MiB
    // Keep nothing (max 0): a record nobody can read (no control endpoint, no spill file) costs nothing.
    bool keeps_nothing() const { return max_messages == 0 || max_bytes == 0; }
};

// A view's window: entries after `since` (a sequence number), at most `limit` of them.
struct ViewQuery {
    std::uint64_t since = 0;
    std::size_t limit = 1000;
};
inline constexpr std::size_t kMaxViewLimit = 100'000;

// "since=N&limit=M" (either, both or none, any order). Throws std::invalid_argument naming the parameter and what
// it expected; an unknown parameter is an error, not ignored (a misspelt `limt` would otherwise read everything).
ViewQuery parse_view_query(const std::string& query);

// The entries of one record, in sequence order; not thread-safe (its owner holds its lock).
template <class T>
class BoundedRecord {
public:
    explicit BoundedRecord(RecordLimits limits = {}) : limits_(limits) {}

    // Appends `item` costing `bytes`, drops the oldest while over either limit; returns the item's sequence number.
    std::uint64_t push(T item, std::size_t bytes) {
        ++recorded_;
        if (limits_.keeps_nothing()) {
            ++dropped_;
            return recorded_;
        }
        items_.emplace_back(std::move(item), bytes);
        bytes_ += bytes;
        while (!items_.empty() && (items_.size() > limits_.max_messages || bytes_ > limits_.max_bytes)) {
            bytes_ -= items_.front().second;
            items_.pop_front();
            ++dropped_;
        }
        return recorded_;
    }

    // Calls fn(item, seq) for the kept entries after `since`, at most `limit` of them; returns how many it called.
    template <class Fn>
    std::size_t for_each_since(std::uint64_t since, std::size_t limit, Fn&& fn) const {
        std::uint64_t first = first_seq();
        std::size_t start = since >= first ? static_cast<std::size_t>(since - first + 1) : 0;
        std::size_t n = 0;
        for (std::size_t i = start; i < items_.size() && n < limit; ++i, ++n) fn(items_[i].first, first + i);
        return n;
    }

    std::uint64_t first_seq() const { return recorded_ - items_.size() + 1; }  // of the oldest kept entry
    std::uint64_t recorded() const { return recorded_; }                      // ever, = the last sequence number
    std::uint64_t dropped() const { return dropped_; }
    std::size_t size() const { return items_.size(); }
    std::size_t bytes() const { return bytes_; }
    const RecordLimits& limits() const { return limits_; }
    const T* oldest() const { return items_.empty() ? nullptr : &items_.front().first; }
    const T* newest() const { return items_.empty() ? nullptr : &items_.back().first; }

private:
    RecordLimits limits_;
    std::deque<std::pair<T, std::size_t>> items_;
    std::size_t bytes_ = 0;
    std::uint64_t recorded_ = 0;
    std::uint64_t dropped_ = 0;
};

}  // namespace atmbench::common
