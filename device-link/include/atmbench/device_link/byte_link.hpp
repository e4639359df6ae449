// The two ends of a device's byte stream. A driver of the bench (the host side: it polls a bill validator, sends a
// receipt to a printer) holds a ByteLink; a simulated device (the device side) is a WireDevice. Transports connect
// one to the other: in-process (loop_link.hpp), a pseudo-terminal as a serial line (pty_link.hpp), USB bulk pipes.
// Every read has a bound (a device that stops answering is a timeout the driver reports, never a hang).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace atmbench::device_link {

using Bytes = std::vector<std::uint8_t>;

// The link itself failed (the device was unplugged, the line closed, an OS error) — not a protocol error, which
// the protocol's own code reports. `what()` names the link and the cause.
class LinkError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The driver's end.
class ByteLink {
public:
    virtual ~ByteLink() = default;
    // Writes every byte or throws LinkError (a write that cannot complete within `timeout` throws too).
    virtual void write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) = 0;
    // Up to `max` bytes: waits at most `timeout` for the first one, then returns what has arrived without waiting
    // more. Empty when nothing came within `timeout`. Throws LinkError when the link is gone.
    virtual Bytes read(std::size_t max, std::chrono::milliseconds timeout) = 0;
    // Drops whatever has arrived and not been read (a driver resynchronising after a garbled frame).
    virtual void discard_input() = 0;
    // "pty /dev/pts/4", "usb 1-2 (0x0b00:0x0001)", "loop ccnet": for errors and the trace.
    virtual std::string describe() const = 0;
};

// The simulated device's end: bytes from the driver in, the device's answer out (possibly nothing, possibly only
// part of a frame: a device answers when it has a whole command). Called from one thread at a time.
class WireDevice {
public:
    virtual ~WireDevice() = default;
    virtual Bytes receive(std::span<const std::uint8_t> bytes) = 0;
    // Bytes the device sends unprompted (a printer's automatic status back, …); empty for a pure slave.
    virtual Bytes unsolicited() { return {}; }
};

// Reads until `predicate(buffer)` holds or `timeout` passes in total; returns what it read (the caller decides
// whether an incomplete buffer is a timeout). One bounded wait, however the bytes trickle in.
template <class Predicate>
Bytes read_until(ByteLink& link, Predicate predicate, std::chrono::milliseconds timeout, std::size_t max = 4096) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    Bytes buffer;
    while (!predicate(buffer) && buffer.size() < max) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        Bytes part = link.read(max - buffer.size(), left);
        if (part.empty()) break;
        buffer.insert(buffer.end(), part.begin(), part.end());
    }
    return buffer;
}

}  // namespace atmbench::device_link
