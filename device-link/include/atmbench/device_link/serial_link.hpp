// A serial line as a ByteLink: a real port (/dev/ttyUSB0 behind a USB-serial bill validator) or the far end of a
// pseudo-terminal serving a simulated device (pty_device.hpp). Raw mode, 8 data bits, no parity, one stop bit
// unless told otherwise (CCNET: 9600 or 19200 8N1; ESC/POS printers: 9600–115200 8N1).
#pragma once

#include "atmbench/device_link/byte_link.hpp"

#include <filesystem>

namespace atmbench::device_link {

struct SerialSettings {
    int baud = 9600;  // 1200 … 115200; a pty ignores it
};

class SerialLink final : public ByteLink {
public:
    // Opens and configures `path`; throws LinkError naming it and the OS error.
    explicit SerialLink(std::filesystem::path path, SerialSettings settings = {});
    ~SerialLink() override;
    SerialLink(const SerialLink&) = delete;
    SerialLink& operator=(const SerialLink&) = delete;

    void write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) override;
    Bytes read(std::size_t max, std::chrono::milliseconds timeout) override;
    void discard_input() override;
    std::string describe() const override;

private:
    std::filesystem::path path_;
    int fd_ = -1;
};

}  // namespace atmbench::device_link
