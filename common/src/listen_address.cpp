#include "atmbench/common/listen_address.hpp"

#include <boost/asio/ip/address.hpp>

namespace atmbench::net {

std::string host_port(std::string_view address, unsigned short port) {
    std::string a(address);
    if (a.size() >= 2 && a.front() == '[' && a.back() == ']') a = a.substr(1, a.size() - 2);
    if (a.find(':') != std::string::npos) a = "[" + a + "]";
    return a + ":" + std::to_string(port);
}

std::string listen_host(std::string_view listen) {
    std::string_view a = listen.substr(0, std::min(listen.size(), listen.rfind(':')));
    if (a.size() >= 2 && a.front() == '[' && a.back() == ']') a = a.substr(1, a.size() - 2);
    return std::string(a);
}

bool is_exposed(std::string_view listen) {
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(listen_host(listen), ec);
    return !ec && !address.is_loopback();
}

}  // namespace atmbench::net
