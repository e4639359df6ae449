// Every message in both directions, and every connection event, with a monotonic timestamp (steady clock =
// CLOCK_MONOTONIC, the one timeline the harness merges), the raw frame and the decoded fields. Only the bytes are
// kept; they are decoded when a view is asked for (the codec is deterministic), which keeps recording cheap under
// load. Views are redacted: Secret fields (PIN block, track data, keys) never appear and PANs are masked, in the
// decoded and in the raw hex alike. With a sink file each entry is written as one JSON line as it happens.
// What is kept for the views is bounded (common::RecordLimits: count and bytes, oldest dropped and counted); the
// sink file and the listener see every entry. Views copy their window under the lock and decode it outside, so a
// big view never holds up the I/O threads that record.
#pragma once

#include "atmbench/common/bounded_record.hpp"

#include "atmbench/iso8583/codec.hpp"
#include "atmbench/iso8583/framing.hpp"

#include <boost/json/array.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::host {

enum class Direction { In, Out, Event };

struct RecordedMessage {
    std::uint64_t seq = 0;
    std::int64_t time_ns = 0;
    Direction direction = Direction::Event;
    std::uint64_t connection = 0;
    Bytes frame;        // exactly the bytes read or written (length header included)
    std::string error;  // a problem found before decoding (e.g. an unusable length header)
    std::string note;   // what the host made of it / what fault it applied
    std::string rule;                         // id of the response rule that fired
    bool retain_cash = false;                 // a reply whose F39 is in the host's retain-cash set
    // Faults that change what a reply means (a key field mutated, MAC corrupted, frame malformed), one entry each
    // ("mutate: STAN …", "bad-mac", "malformed: …"). A delayed, split or repeated reply means what it says, so it
    // is not listed: rules read this list, never the free-text note, to decide whether a reply was usable.
    std::vector<std::string> spoiled;
    // For connection events (Direction::Event) that rules read: "reset" = the host reset the connection (RST)
    // before reading a request on it (7.3.6.7 c 2). Other events carry only their note.
    std::string event;
};

std::int64_t monotonic_ns();

class Recorder {
public:
    explicit Recorder(const iso8583::Profile& profile, common::RecordLimits limits = {})
        : codec_(profile), framer_(profile.framing), entries_(limits) {}

    // Writes each entry to `file` as a JSON line as soon as it is recorded (a crash loses nothing).
    void open_sink(const std::filesystem::path& file);
    std::uint64_t record(RecordedMessage m);
    // Called with each entry's view as it is recorded, on the recording thread and before record() returns — so
    // before the host answers a request it records (the harness's power_cut step cuts the terminal's power here).
    // It must not call back into this recorder. Empty: no listener (the default; views are then built lazily).
    void set_listener(std::function<void(const boost::json::object&)> listener);

    // Every kept entry after since_seq (in-process use; no limit).
    boost::json::array to_json(std::uint64_t since_seq = 0) const;
    // One window for the control endpoint: {messages, recorded, dropped, more} (more: kept entries after the window).
    boost::json::object page(const common::ViewQuery& query) const;
    // {recorded, kept, dropped, bytes, max_messages, max_bytes}
    boost::json::object status() const;
    std::size_t size() const;  // entries kept

private:
    boost::json::object view(const RecordedMessage& m) const;
    std::vector<RecordedMessage> window(std::uint64_t since, std::size_t limit, bool* more) const;

    iso8583::Codec codec_;
    iso8583::Framer framer_;
    mutable std::mutex mutex_;
    common::BoundedRecord<RecordedMessage> entries_;
    std::ofstream sink_;
    std::function<void(const boost::json::object&)> listener_;
};

}  // namespace atmbench::host
