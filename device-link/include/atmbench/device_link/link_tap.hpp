// Decorators on a driver's ByteLink for hardware in the loop (issue 14): the trace records a device's own protocol
// exchange whatever carries it (TappedLink), and the bench injects faults on the line to a device it does not
// simulate — a lost or late answer, a corrupted byte — each reported as injected, so a verdict never blames a real
// device for what the bench did to it (InjectingLink). Both wrap any ByteLink: loop, serial, USB.
#pragma once

#include "atmbench/device_link/byte_link.hpp"

#include <functional>
#include <mutex>
#include <optional>

namespace atmbench::device_link {

enum class LinkDirection { ToDevice, FromDevice };

struct LinkExchange {
    LinkDirection direction;
    Bytes bytes;
    std::int64_t time_ns = 0;  // steady clock
    std::string injected;      // empty, or the fault the bench applied to these bytes ("lost", "corrupted byte 5")
};

using LinkListener = std::function<void(const LinkExchange&)>;

// A link that sits on another one: it sees every read and write, and passes the rest through unchanged.
class LinkDecorator : public ByteLink {
public:
    explicit LinkDecorator(ByteLink& inner) : inner_(inner) {}
    void discard_input() override { inner_.discard_input(); }
    std::string describe() const override { return inner_.describe(); }

protected:
    ByteLink& inner_;
};

// Every write and every non-empty read, to `listener`, in order, as it happens.
class TappedLink final : public LinkDecorator {
public:
    TappedLink(ByteLink& inner, LinkListener listener);
    void write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) override;
    Bytes read(std::size_t max, std::chrono::milliseconds timeout) override;

private:
    LinkListener listener_;
};

// One fault on the line, armed for the next answer(s) from the device. Deterministic: it applies to the next
// `count` reads that return bytes, never by chance.
struct LineFault {
    enum class Kind { LoseAnswer, DelayAnswer, CorruptByte, ReplaceAnswer };
    Kind kind = Kind::LoseAnswer;
    int count = 1;
    std::chrono::milliseconds delay{0};  // DelayAnswer
    std::size_t offset = 0;              // CorruptByte: which byte of the answer (beyond its end: the last one)
    std::uint8_t xor_mask = 0xFF;        // CorruptByte: flipped bits
    // ReplaceAnswer: the device's answer is swallowed and these bytes given instead — a device reporting what it
    // never had (a jam), built by whoever knows the protocol. `why` says what they mean, for the record.
    Bytes replacement;
    std::string why;
    // Only answers to this request (the exact bytes the driver wrote last) count; empty: any answer.
    Bytes after_request;
};

// Parses "lose", "delay:MS", "corrupt:OFFSET" (optionally "×N" as ",count=N"): what a device set or a scenario names.
// Throws std::invalid_argument naming the text and what was expected.
LineFault parse_line_fault(const std::string& text);

class InjectingLink final : public LinkDecorator {
public:
    // `listener` (may be empty) hears each fault as it is applied, with the bytes as the device sent them.
    InjectingLink(ByteLink& inner, LinkListener listener = {});
    void arm(LineFault fault);
    void clear();
    void write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) override;
    Bytes read(std::size_t max, std::chrono::milliseconds timeout) override;

private:
    LinkListener listener_;
    std::mutex mutex_;
    std::optional<LineFault> armed_;
    Bytes last_request_;
};

}  // namespace atmbench::device_link
