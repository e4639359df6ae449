#include "atmbench/device_link/serial_link.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

namespace atmbench::device_link {

namespace {

speed_t speed_of(int baud, const std::filesystem::path& path) {
    switch (baud) {
        case 1200: return B1200;
        case 2400: return B2400;
        case 4800: return B4800;
        case 9600: return B9600;
        case 19200: return B19200;
        case 38400: return B38400;
        case 57600: return B57600;
        case 115200: return B115200;
        default:
            throw LinkError(path.string() + ": baud " + std::to_string(baud) +
                            " is not one of 1200 2400 4800 9600 19200 38400 57600 115200");
    }
}

int remaining_ms(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

}  // namespace

SerialLink::SerialLink(std::filesystem::path path, SerialSettings settings) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) throw LinkError(path_.string() + ": cannot open the serial line: " + std::strerror(errno));
    termios tio{};
    if (::tcgetattr(fd_, &tio) != 0) {
        int e = errno;
        ::close(fd_);
        throw LinkError(path_.string() + ": not a serial line: " + std::strerror(e));
    }
    ::cfmakeraw(&tio);  // no echo, no line discipline: the protocol's bytes as they are
    tio.c_cflag |= CLOCAL | CREAD;
    tio.c_cflag &= ~static_cast<tcflag_t>(CSTOPB | PARENB);
    speed_t speed;
    try {
        speed = speed_of(settings.baud, path_);
    } catch (...) {
        ::close(fd_);
        throw;
    }
    ::cfsetispeed(&tio, speed);
    ::cfsetospeed(&tio, speed);
    if (::tcsetattr(fd_, TCSANOW, &tio) != 0) {
        int e = errno;
        ::close(fd_);
        throw LinkError(path_.string() + ": cannot configure the serial line: " + std::strerror(e));
    }
}

SerialLink::~SerialLink() {
    if (fd_ >= 0) ::close(fd_);
}

void SerialLink::write(std::span<const std::uint8_t> bytes, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            throw LinkError(describe() + ": write failed: " + std::strerror(errno));
        pollfd p{fd_, POLLOUT, 0};
        if (::poll(&p, 1, remaining_ms(deadline)) == 0)
            throw LinkError(describe() + ": write did not complete within " + std::to_string(timeout.count()) + " ms");
    }
}

Bytes SerialLink::read(std::size_t max, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        pollfd p{fd_, POLLIN, 0};
        int r = ::poll(&p, 1, remaining_ms(deadline));
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) throw LinkError(describe() + ": poll failed: " + std::strerror(errno));
        if (r == 0) return {};
        if (p.revents & (POLLHUP | POLLERR) && !(p.revents & POLLIN)) throw LinkError(describe() + ": line closed");
        Bytes out(max);
        ssize_t n = ::read(fd_, out.data(), max);
        if (n > 0) {
            out.resize(static_cast<std::size_t>(n));
            return out;
        }
        if (n == 0 || (errno != EAGAIN && errno != EINTR))
            throw LinkError(describe() + ": line closed" + (n < 0 ? std::string(": ") + std::strerror(errno) : ""));
    }
}

void SerialLink::discard_input() { ::tcflush(fd_, TCIFLUSH); }

std::string SerialLink::describe() const { return "serial " + path_.string(); }

}  // namespace atmbench::device_link
