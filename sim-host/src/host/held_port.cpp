#include "atmbench/host/held_port.hpp"

#include "atmbench/host/host_server.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace atmbench::host {

HeldPort::HeldPort(const std::string& address) : address_(address) {
    auto [ip, port] = parse_endpoint(address);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    if (::inet_pton(AF_INET, ip.c_str(), &sa.sin_addr) != 1)
        throw std::runtime_error("cannot hold " + address + ": not an IPv4 address");
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("cannot hold " + address + ": socket: " + std::strerror(errno));
    int on = 1;
    // Both sides set SO_REUSEADDR and this one never listens: the server's later bind + listen on the same
    // address is allowed while it is held (Linux refuses a second bind only next to a listening socket).
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
        int e = errno;
        ::close(fd_);
        throw std::runtime_error("cannot hold " + address + ": " + std::strerror(e));
    }
}

HeldPort::~HeldPort() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace atmbench::host
