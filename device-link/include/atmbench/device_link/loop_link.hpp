// A ByteLink wired straight to a simulated WireDevice in the same process: what unit tests of a driver against a
// model use, with no OS in between. Faults of the line itself (the device unplugged, answers lost) are set here;
// protocol faults belong to the device model.
#pragma once

#include "atmbench/device_link/byte_link.hpp"

#include <deque>
#include <mutex>

namespace atmbench::device_link {

class LoopLink final : public ByteLink {
public:
    explicit LoopLink(WireDevice& device, std::string name = "loop");

    void write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) override;
    Bytes read(std::size_t max, std::chrono::milliseconds timeout) override;
    void discard_input() override;
    std::string describe() const override;

    // The device is unplugged: every later write and read throws LinkError. plug() brings it back.
    void unplug();
    void plug();
    // The next `count` answers of the device are lost on the line (the driver sees a timeout).
    void lose_answers(int count);

private:
    WireDevice& device_;
    std::string name_;
    mutable std::mutex mutex_;
    std::deque<std::uint8_t> pending_;
    bool unplugged_ = false;
    int lose_ = 0;
};

}  // namespace atmbench::device_link
