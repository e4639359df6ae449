// A stand-in device for transport tests (in-process, pty, USB/IP, umockdev): it answers each whole line ("…\n") with
// its bytes reversed and holds a partial line until it is complete, as a protocol device holds half a frame.
#pragma once

#include "atmbench/device_link/byte_link.hpp"

namespace atmbench::device_link::test_devices {

class LineReverser : public WireDevice {
public:
    Bytes receive(std::span<const std::uint8_t> bytes) override {
        Bytes out;
        for (auto b : bytes) {
            if (b != '\n') {
                line_.push_back(b);
                continue;
            }
            out.insert(out.end(), line_.rbegin(), line_.rend());
            out.push_back('\n');
            line_.clear();
        }
        return out;
    }

private:
    Bytes line_;
};

}  // namespace atmbench::device_link::test_devices
