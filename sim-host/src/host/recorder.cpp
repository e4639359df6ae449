#include "atmbench/host/recorder.hpp"

#include "atmbench/iso8583/message_json.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <cstdint>

namespace atmbench::host {

std::int64_t monotonic_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void Recorder::open_sink(const std::filesystem::path& file) {
    std::lock_guard lock(mutex_);
    sink_.open(file, std::ios::out | std::ios::trunc);
    if (!sink_) throw std::runtime_error(file.string() + ": cannot open for writing the message record");
}

namespace {

// What one kept entry costs, roughly: the entry itself and what its strings and frame hold.
std::size_t cost(const RecordedMessage& m) {
    std::size_t n = sizeof(RecordedMessage) + m.frame.size() + m.error.size() + m.note.size() + m.rule.size() +
                    m.event.size();
    for (const auto& s : m.spoiled) n += sizeof(std::string) + s.size();
    return n;
}

}  // namespace

std::uint64_t Recorder::record(RecordedMessage m) {
    std::lock_guard lock(mutex_);
    m.seq = entries_.recorded() + 1;
    if (m.time_ns == 0) m.time_ns = monotonic_ns();
    if (sink_.is_open()) {
        sink_ << boost::json::serialize(view(m)) << '\n';
        sink_.flush();
    }
    if (listener_) listener_(view(m));
    std::size_t bytes = cost(m);
    return entries_.push(std::move(m), bytes);
}

void Recorder::set_listener(std::function<void(const boost::json::object&)> listener) {
    std::lock_guard lock(mutex_);
    listener_ = std::move(listener);
}

boost::json::object Recorder::view(const RecordedMessage& m) const {
    boost::json::object o;
    o["seq"] = m.seq;
    o["time_ns"] = m.time_ns;
    o["direction"] = m.direction == Direction::In ? "in" : m.direction == Direction::Out ? "out" : "event";
    o["connection"] = m.connection;
    std::string error = m.error;
    if (!m.frame.empty()) {
        o["length"] = m.frame.size();
        const std::size_t head = std::min(framer_.header_size(), m.frame.size());
        ByteView payload = ByteView(m.frame).subspan(head);
        std::vector<iso8583::FieldSpan> spans;
        iso8583::Message decoded;
        bool ok = false;
        if (error.empty()) {
            try {
                auto len = framer_.payload_length(ByteView(m.frame));
                if (!len || *len != payload.size())
                    throw iso8583::DecodeError(-1, 0, "a length header announcing " + std::to_string(payload.size()) +
                                                          " bytes",
                                               std::to_string(len ? *len : 0));
                codec_.decode_payload(payload, decoded, &spans);
                ok = true;
            } catch (const iso8583::DecodeError& e) {
                error = e.what();
            }
        }
        // Bytes that do not decode cannot be redacted field by field: beyond the length header they stay hidden.
        o["raw"] = to_hex(ByteView(m.frame).first(head)) +
                   (ok ? iso8583::redacted_hex(payload, spans, codec_.profile())
                       : "<" + std::to_string(payload.size()) + " bytes not shown: undecodable>");
        if (ok) {
            o["mti"] = decoded.mti;
            o["message"] = iso8583::to_json(decoded, codec_.profile(), iso8583::View::Redacted);
        }
    }
    if (!error.empty()) o["error"] = error;
    if (!m.event.empty()) o["event"] = m.event;
    if (!m.note.empty()) o["note"] = m.note;
    if (!m.rule.empty()) o["rule"] = m.rule;
    if (m.retain_cash) o["retain_cash"] = true;
    if (!m.spoiled.empty()) {
        boost::json::array a;
        for (const auto& x : m.spoiled) a.emplace_back(x);
        o["spoiled"] = std::move(a);
    }
    return o;
}

std::vector<RecordedMessage> Recorder::window(std::uint64_t since, std::size_t limit, bool* more) const {
    std::lock_guard lock(mutex_);
    std::vector<RecordedMessage> copy;
    entries_.for_each_since(since, limit, [&](const RecordedMessage& m, std::uint64_t) { copy.push_back(m); });
    if (more) *more = !copy.empty() && copy.back().seq < entries_.recorded();
    return copy;
}

boost::json::array Recorder::to_json(std::uint64_t since_seq) const {
    boost::json::array a;
    for (const auto& m : window(since_seq, SIZE_MAX, nullptr)) a.push_back(view(m));
    return a;
}

boost::json::object Recorder::page(const common::ViewQuery& query) const {
    bool more = false;
    std::vector<RecordedMessage> copy = window(query.since, query.limit, &more);
    boost::json::object o = status();  // after the copy: `recorded` is at least the last seq shown
    boost::json::array a;
    a.reserve(copy.size());
    for (const auto& m : copy) a.push_back(view(m));  // decoded outside the lock
    o["messages"] = std::move(a);
    o["more"] = more;
    return o;
}

boost::json::object Recorder::status() const {
    std::lock_guard lock(mutex_);
    return {{"recorded", entries_.recorded()},
            {"kept", entries_.size()},
            {"dropped", entries_.dropped()},
            {"bytes", entries_.bytes()},
            {"max_messages", entries_.limits().max_messages},
            {"max_bytes", entries_.limits().max_bytes}};
}

std::size_t Recorder::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace atmbench::host
