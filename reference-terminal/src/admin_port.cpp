#include "atmbench/terminal/admin_port.hpp"

#include "atmbench/common/host_port.hpp"
#include "atmbench/http/json_endpoint.hpp"
#include "atmbench/terminal/terminal.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include <thread>

namespace atmbench::terminal {

struct AdminPort::Impl {
    explicit Impl(Terminal& t)
        : terminal(t), endpoint(io, [this](const http::Request& r) { return handle(r); }) {}

    http::Response handle(const http::Request& r) {
        if (r.method == "GET" && r.path == "/status") return {200, terminal.status()};
        if (r.method != "POST") return http::error(405, "use GET /status or POST /shutdown|/restart|/pause|/resume|/settle");
        std::string command = r.path.empty() ? "" : r.path.substr(1);
        if (command != "shutdown" && command != "restart" && command != "pause" && command != "resume" &&
            command != "settle")
            return http::error(404, "no admin command " + r.path + " (shutdown, restart, pause, resume, settle)");
        std::string refused = terminal.request(command);
        if (!refused.empty()) return http::error(409, refused);
        return {200, boost::json::object{{"accepted", command}}};
    }

    Terminal& terminal;
    boost::asio::io_context io;
    http::JsonEndpoint endpoint;
    std::thread thread;
};

AdminPort::AdminPort(Terminal& terminal) : impl_(std::make_unique<Impl>(terminal)) {}

AdminPort::~AdminPort() { stop(); }

std::string AdminPort::start(const std::string& listen) {
    common::HostPort at;
    try {
        at = common::parse_host_port(listen);
    } catch (const common::HostPortError& e) {
        throw std::invalid_argument(std::string("admin.listen ") + e.what());
    }
    impl_->endpoint.start(at.address, at.port);
    impl_->thread = std::thread([this] { impl_->io.run(); });
    return at.address + ":" + std::to_string(impl_->endpoint.port());
}

const std::string& AdminPort::token() const { return impl_->endpoint.token(); }

void AdminPort::stop() {
    if (!impl_->thread.joinable()) return;
    impl_->endpoint.stop();
    impl_->io.stop();
    impl_->thread.join();
}

}  // namespace atmbench::terminal
