#include "atmbench/common/json_endpoint.hpp"

#include "atmbench/common/accept_backoff.hpp"
#include "atmbench/common/listen_address.hpp"
#include "atmbench/common/request_guard.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

namespace atmbench::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

Response error(int status, const std::string& message) { return {status, boost::json::object{{"error", message}}}; }

namespace {

std::optional<std::string> header(const bhttp::request<bhttp::string_body>& r, bhttp::field f) {
    auto it = r.find(f);
    if (it == r.end()) return std::nullopt;
    return std::string(it->value());
}

std::optional<std::string> header(const bhttp::request<bhttp::string_body>& r, std::string_view name) {
    auto it = r.find(name);
    if (it == r.end()) return std::nullopt;
    return std::string(it->value());
}

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, const JsonEndpoint::Handler& handler, const RequestGuard& guard)
        : stream_(std::move(socket)), handler_(handler), guard_(guard) {}
    void start() { read(); }

private:
    void read() {
        request_ = {};
        stream_.expires_after(std::chrono::seconds(30));  // an idle client cannot hold a session forever
        bhttp::async_read(stream_, buffer_, request_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) {
                beast::error_code ignored;
                self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
                return;
            }
            self->respond();
        });
    }

    void respond() {
        std::string target(request_.target());
        std::size_t q = target.find('?');
        Request req{std::string(request_.method_string()), target.substr(0, q),
                    q == std::string::npos ? "" : target.substr(q + 1), request_.body()};
        Response res;
        RequestHeaders seen{req.method,
                            header(request_, bhttp::field::host),
                            header(request_, bhttp::field::origin),
                            header(request_, bhttp::field::content_type),
                            header(request_, bhttp::field::authorization),
                            header(request_, "X-Atmbench-Token")};
        if (std::optional<Refusal> refused = guard_.check(seen)) {
            res = error(refused->status, refused->message);
        } else {
            try {
                res = handler_(req);
            } catch (const std::exception& e) {
                res = error(500, std::string("internal error: ") + e.what());
            }
        }
        response_ = {static_cast<bhttp::status>(res.status), request_.version()};
        response_.set(bhttp::field::content_type, "application/json");
        response_.keep_alive(request_.keep_alive());
        response_.body() = boost::json::serialize(res.body) + "\n";
        response_.prepare_payload();
        bhttp::async_write(stream_, response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (!ec && self->response_.keep_alive()) {
                self->read();
                return;
            }
            beast::error_code ignored;
            self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        });
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    bhttp::request<bhttp::string_body> request_;
    bhttp::response<bhttp::string_body> response_;
    const JsonEndpoint::Handler& handler_;
    const RequestGuard& guard_;
};

}  // namespace

struct JsonEndpoint::Impl {
    Impl(asio::io_context& io, Handler h)
        : io(io), handler(std::move(h)), acceptor(io), guard(0, new_run_token()), accept_retry(io) {}
    asio::io_context& io;
    Handler handler;
    tcp::acceptor acceptor;
    RequestGuard guard;  // its port is the bound one, set in start() before the first accept
    asio::steady_timer accept_retry;  // out of descriptors: accept again after common::kAcceptBackoff
    unsigned short port = 0;

    void accept() {
        acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
            if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
            if (common::out_of_descriptors(ec)) {
                accept_retry.expires_after(common::kAcceptBackoff);
                accept_retry.async_wait([this](beast::error_code e) {
                    if (!e) accept();
                });
                return;
            }
            if (ec) return accept();  // this one connection failed; the next may not
            std::make_shared<Session>(std::move(socket), handler, guard)->start();
            accept();
        });
    }
};

JsonEndpoint::JsonEndpoint(asio::io_context& io, Handler handler) : impl_(std::make_unique<Impl>(io, std::move(handler))) {}

JsonEndpoint::~JsonEndpoint() = default;

void JsonEndpoint::start(const std::string& address, unsigned short port) {
    boost::system::error_code ec;
    auto addr = asio::ip::make_address(net::listen_host(address + ":0"), ec);  // "[::1]" as well as "::1"
    if (ec) throw std::invalid_argument("control address '" + address + "' is not an IP address");
    if (!addr.is_loopback()) throw std::invalid_argument("control endpoint must listen on loopback, not " + address);
    tcp::endpoint ep(addr, port);
    try {
        impl_->acceptor.open(ep.protocol());
        impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
        impl_->acceptor.bind(ep);
        impl_->acceptor.listen();
        impl_->port = impl_->acceptor.local_endpoint().port();
        impl_->guard = RequestGuard(impl_->port, impl_->guard.token());
    } catch (const boost::system::system_error& e) {
        throw std::runtime_error("cannot listen for control on " + address + ":" + std::to_string(port) + ": " +
                                 e.code().message());
    }
    impl_->accept();
}

void JsonEndpoint::stop() {
    boost::system::error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->accept_retry.cancel();
}

unsigned short JsonEndpoint::port() const { return impl_->port; }

const std::string& JsonEndpoint::token() const { return impl_->guard.token(); }

}  // namespace atmbench::http
