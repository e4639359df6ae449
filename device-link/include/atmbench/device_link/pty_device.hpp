// A simulated device on a serial line: a pseudo-terminal whose master side a thread serves with a WireDevice, and
// whose slave path (/dev/pts/N) a driver opens as it would a USB-serial port — the bench's own SerialLink, or a
// vendor's driver pointed at that path. Bytes are handed to the device as they arrive; its answers are written back.
#pragma once

#include "atmbench/device_link/byte_link.hpp"

#include <atomic>
#include <filesystem>
#include <thread>

namespace atmbench::device_link {

class PtyDevice {
public:
    // Opens the pty (throws LinkError on failure) and starts serving `device`, which must outlive this.
    explicit PtyDevice(WireDevice& device);
    ~PtyDevice();  // stops the thread and closes the master: the slave side then reads EOF / EIO
    PtyDevice(const PtyDevice&) = delete;
    PtyDevice& operator=(const PtyDevice&) = delete;

    const std::filesystem::path& path() const { return slave_path_; }

private:
    void serve();

    WireDevice& device_;
    int master_ = -1;
    int keep_slave_open_ = -1;  // so the master does not see a hangup before a driver opens the slave
    std::filesystem::path slave_path_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace atmbench::device_link
