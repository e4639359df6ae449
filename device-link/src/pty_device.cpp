#include "atmbench/device_link/pty_device.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

namespace atmbench::device_link {

namespace {

void write_all(int fd, const Bytes& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
        } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            pollfd p{fd, POLLOUT, 0};
            if (::poll(&p, 1, 1000) <= 0) return;  // nobody reads the line: the answer is lost, as on a real wire
        } else {
            return;
        }
    }
}

}  // namespace

PtyDevice::PtyDevice(WireDevice& device) : device_(device) {
    master_ = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master_ < 0 || ::grantpt(master_) != 0 || ::unlockpt(master_) != 0) {
        int e = errno;
        if (master_ >= 0) ::close(master_);
        throw LinkError(std::string("cannot open a pseudo-terminal: ") + std::strerror(e));
    }
    char name[128];
    if (::ptsname_r(master_, name, sizeof name) != 0) {
        ::close(master_);
        throw LinkError("cannot name the pseudo-terminal's slave side");
    }
    slave_path_ = name;
    keep_slave_open_ = ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (keep_slave_open_ >= 0) {
        termios tio{};
        if (::tcgetattr(keep_slave_open_, &tio) == 0) {
            ::cfmakeraw(&tio);  // raw before any driver opens it, so no byte is echoed or translated
            ::tcsetattr(keep_slave_open_, TCSANOW, &tio);
        }
    }
    ::fcntl(master_, F_SETFL, ::fcntl(master_, F_GETFL) | O_NONBLOCK);
    thread_ = std::thread([this] { serve(); });
}

PtyDevice::~PtyDevice() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    if (keep_slave_open_ >= 0) ::close(keep_slave_open_);
    if (master_ >= 0) ::close(master_);
}

void PtyDevice::serve() {
    std::uint8_t buffer[4096];
    while (!stopping_) {
        pollfd p{master_, POLLIN, 0};
        int r = ::poll(&p, 1, 50);  // wakes to notice stopping_ and to send what the device has unprompted
        if (r > 0 && (p.revents & POLLIN)) {
            ssize_t n = ::read(master_, buffer, sizeof buffer);
            if (n > 0) write_all(master_, device_.receive(std::span<const std::uint8_t>(buffer, static_cast<std::size_t>(n))));
        }
        Bytes more = device_.unsolicited();
        if (!more.empty()) write_all(master_, more);
    }
}

}  // namespace atmbench::device_link
