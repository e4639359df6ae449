// The electronic journal: one JSON object per line in STATE_DIR/journal.jsonl, appended across restarts. What a
// transaction record carries is 7.3.6.3 d (amount, masked account, host exchange, note mix, retracted notes by
// class); reversal records carry 7.3.6.7 b. Exception records are flushed to disk at once (fsync) and survive a
// restart (7.3.6.9 a). The terminal never hands it a PIN, PIN block, full track or key (7.3.6.9 b).
#pragma once

#include <boost/json/object.hpp>

#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>

namespace atmbench::terminal {

class Journal {
public:
    // Opens (creating) the journal for appending; throws std::runtime_error naming the path.
    explicit Journal(const std::filesystem::path& file);
    ~Journal();
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    // Adds seq, time (UTC ISO 8601) and type; flushed to the OS at once.
    void record(const std::string& type, boost::json::object fields);
    // An exception record (exception: true), fsync'd before returning.
    void exception(const std::string& type, boost::json::object fields);
    const std::filesystem::path& path() const { return path_; }

private:
    void append(const std::string& type, boost::json::object fields, bool durable);
    std::filesystem::path path_;
    std::FILE* file_ = nullptr;
    std::mutex mutex_;
    long long seq_ = 0;
};

// Wall-clock time as the journal writes it: 2026-11-23T05:23:18.123Z.
std::string utc_now();

// 6222020000000000018 → 62220200000000****8: the four digits before the check digit become asterisks
// (7.3.6.8 b). Receipts and the journal use the same form, so one PAN reads the same in both.
std::string mask_pan(const std::string& pan);

}  // namespace atmbench::terminal
