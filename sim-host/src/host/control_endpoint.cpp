#include "atmbench/host/control_endpoint.hpp"

#include "atmbench/host/host_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

namespace atmbench::host {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

Response json_response(const Request& req, http::status status, const boost::json::value& body) {
    Response res{status, req.version()};
    res.set(http::field::content_type, "application/json");
    res.keep_alive(req.keep_alive());
    res.body() = boost::json::serialize(body) + "\n";
    res.prepare_payload();
    return res;
}

Response error_response(const Request& req, http::status status, const std::string& message) {
    return json_response(req, status, boost::json::object{{"error", message}});
}

Response handle(HostServer& server, const Request& req) {
    std::string target(req.target());
    std::string path = target.substr(0, target.find('?'));
    std::string query = target.find('?') == std::string::npos ? "" : target.substr(target.find('?') + 1);
    auto method = req.method();
    auto wrong_method = [&] { return error_response(req, http::status::method_not_allowed, "method not allowed on " + path); };

    if (path == "/health") {
        if (method != http::verb::get) return wrong_method();
        return json_response(req, http::status::ok, server.status_json());
    }
    if (path == "/messages") {
        if (method != http::verb::get) return wrong_method();
        std::uint64_t since = 0;
        if (query.rfind("since=", 0) == 0) {
            try {
                since = std::stoull(query.substr(6));
            } catch (const std::exception&) {
                return error_response(req, http::status::bad_request, "since must be a message sequence number");
            }
        }
        return json_response(req, http::status::ok, boost::json::object{{"messages", server.messages_json(since)}});
    }
    if (path == "/ledger") {
        if (method != http::verb::get) return wrong_method();
        return json_response(req, http::status::ok, server.ledger_json());
    }
    if (path == "/rules") {
        if (method == http::verb::get)
            return json_response(req, http::status::ok, boost::json::object{{"rules", server.rules_json()}});
        if (method == http::verb::delete_) {
            server.clear_rules();
            return json_response(req, http::status::ok, boost::json::object{{"removed", "all"}});
        }
        if (method == http::verb::post) {
            try {
                RuleFile file = parse_rules(load_yaml_text(req.body(), "control request"), "control request");
                if (file.rules.empty()) return error_response(req, http::status::bad_request, "no rule in the request body");
                boost::json::array ids;
                for (auto& r : file.rules) ids.push_back(boost::json::value(server.add_rule(std::move(r))));
                return json_response(req, http::status::ok, boost::json::object{{"added", ids}});
            } catch (const FixtureError& e) {
                return error_response(req, http::status::bad_request, e.what());
            }
        }
        return wrong_method();
    }
    if (path.rfind("/rules/", 0) == 0) {
        if (method != http::verb::delete_) return wrong_method();
        std::string id = path.substr(7);
        if (!server.remove_rule(id)) return error_response(req, http::status::not_found, "no rule " + id);
        return json_response(req, http::status::ok, boost::json::object{{"removed", id}});
    }
    if (path == "/shutdown") {
        if (method != http::verb::post) return wrong_method();
        server.request_shutdown();
        return json_response(req, http::status::ok, boost::json::object{{"status", "shutting down"}});
    }
    return error_response(req, http::status::not_found, "no such endpoint: " + path);
}

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, HostServer& server) : stream_(std::move(socket)), server_(server) {}
    void start() { read(); }

private:
    void read() {
        request_ = {};
        stream_.expires_after(std::chrono::seconds(30));  // an idle control client cannot hold a session forever
        http::async_read(stream_, buffer_, request_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) {
                beast::error_code ignored;
                self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
                return;
            }
            self->response_ = handle(self->server_, self->request_);
            http::async_write(self->stream_, self->response_, [self](beast::error_code wec, std::size_t) {
                if (!wec && self->response_.keep_alive()) self->read();
                else {
                    beast::error_code ignored;
                    self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                }
            });
        });
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    Request request_;
    Response response_;
    HostServer& server_;
};

}  // namespace

struct ControlEndpoint::Impl {
    Impl(asio::io_context& io, HostServer& s) : io(io), server(s), acceptor(io) {}
    asio::io_context& io;
    HostServer& server;
    tcp::acceptor acceptor;
    unsigned short port = 0;

    void accept() {
        acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
            if (ec) return;
            std::make_shared<Session>(std::move(socket), server)->start();
            accept();
        });
    }
};

ControlEndpoint::ControlEndpoint(asio::io_context& io, HostServer& server)
    : impl_(std::make_unique<Impl>(io, server)) {}

ControlEndpoint::~ControlEndpoint() = default;

void ControlEndpoint::start(const std::string& address, unsigned short port) {
    auto addr = asio::ip::make_address(address);
    // The control endpoint changes host behaviour and reveals the ledger: loopback only (DESIGN.md).
    if (!addr.is_loopback()) throw std::invalid_argument("control endpoint must listen on loopback, not " + address);
    tcp::endpoint ep(addr, port);
    try {
        impl_->acceptor.open(ep.protocol());
        impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
        impl_->acceptor.bind(ep);
        impl_->acceptor.listen();
        impl_->port = impl_->acceptor.local_endpoint().port();
    } catch (const boost::system::system_error& e) {
        throw std::runtime_error("cannot listen for control on " + address + ":" + std::to_string(port) + ": " +
                                 e.code().message());
    }
    impl_->accept();
}

void ControlEndpoint::stop() {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
}

unsigned short ControlEndpoint::port() const { return impl_->port; }

}  // namespace atmbench::host
