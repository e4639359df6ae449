// HeldPort: a port kept while its server is down refuses connections like a free one, cannot be taken by anyone
// else, and lets its server listen on it again.
#include "atmbench/host/held_port.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace atmbench::host {
namespace {

struct Socket {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ~Socket() { ::close(fd); }
    void reuse() {
        int on = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    }
};

sockaddr_in loopback(unsigned short port) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return sa;
}

int bind_to(Socket& s, unsigned short port) {
    sockaddr_in sa = loopback(port);
    return ::bind(s.fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0 ? 0 : errno;
}

int connect_to(unsigned short port) {
    Socket c;
    sockaddr_in sa = loopback(port);
    return ::connect(c.fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0 ? 0 : errno;
}

// A listener as the host opens it (SO_REUSEADDR, port 0): the port it got.
unsigned short listen_anywhere(Socket& server) {
    server.reuse();
    EXPECT_EQ(bind_to(server, 0), 0);
    EXPECT_EQ(::listen(server.fd, 8), 0);
    sockaddr_in got{};
    socklen_t len = sizeof got;
    ::getsockname(server.fd, reinterpret_cast<sockaddr*>(&got), &len);
    return ntohs(got.sin_port);
}

unsigned short port_of_a_closed_server() {
    Socket server;
    return listen_anywhere(server);
}

TEST(HeldPort, RefusesConnectionsKeepsThePortAndLetsTheServerBack) {
    unsigned short port = port_of_a_closed_server();
    HeldPort held("127.0.0.1:" + std::to_string(port));
    EXPECT_EQ(connect_to(port), ECONNREFUSED);  // as a stopped host: the terminal sees its connect refused

    Socket other;  // anyone else (an outgoing connection's bind included) is kept off it
    EXPECT_EQ(bind_to(other, port), EADDRINUSE);

    Socket restarted;  // the restarted server, as the host binds: beside the hold
    restarted.reuse();
    ASSERT_EQ(bind_to(restarted, port), 0);
    ASSERT_EQ(::listen(restarted.fd, 8), 0);
    EXPECT_EQ(connect_to(port), 0);
}

TEST(HeldPort, NamesTheAddressWhenItCannotHoldIt) {
    Socket listening;
    std::string address = "127.0.0.1:" + std::to_string(listen_anywhere(listening));
    try {
        HeldPort held(address);
        FAIL() << "a port with a live listener cannot be held";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(address), std::string::npos) << e.what();
    }
    EXPECT_THROW(HeldPort("localhost:80"), std::invalid_argument);  // parse_endpoint: not an IP address
}

}  // namespace
}  // namespace atmbench::host
