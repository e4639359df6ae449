#include "atmbench/common/host_port.hpp"

namespace atmbench::common {

HostPort parse_host_port(std::string_view text) {
    const std::string quoted = "'" + std::string(text) + "'";
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos)
        throw HostPortError(quoted + ": expected ADDRESS:PORT, e.g. 127.0.0.1:0 (found no ':')");
    std::string_view address = text.substr(0, colon), port = text.substr(colon + 1);
    if (address.size() >= 2 && address.front() == '[' && address.back() == ']') address = address.substr(1, address.size() - 2);
    if (address.empty()) throw HostPortError(quoted + ": expected ADDRESS:PORT, e.g. 127.0.0.1:0 (found no address)");
    bool digits = !port.empty() && port.size() <= 5;
    unsigned long value = 0;
    for (char c : port) {
        digits = digits && c >= '0' && c <= '9';
        if (digits) value = value * 10 + static_cast<unsigned long>(c - '0');
    }
    if (!digits || value > 65535)
        throw HostPortError(quoted + ": port must be a number 0-65535 (found \"" + std::string(port) + "\")");
    return {std::string(address), static_cast<unsigned short>(value)};
}

}  // namespace atmbench::common
