#include "atmbench/xfs4iot/xfs_server.hpp"

#include "publisher.hpp"
#include "service_endpoint.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <deque>
#include <mutex>
#include <thread>

namespace atmbench::xfs4iot {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

constexpr std::string_view kRoot = "/xfs4iot/v1.0";

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

struct XfsServer::Impl {
    explicit Impl(ServerOptions o) : options(std::move(o)), acceptor(io) {}

    ServerOptions options;
    asio::io_context io;
    tcp::acceptor acceptor;
    tcp::endpoint bound;
    std::thread thread;
    std::vector<std::shared_ptr<Service>> pending;
    std::map<std::string, std::unique_ptr<detail::ServiceEndpoint>> endpoints;  // by service name
    std::unique_ptr<detail::ServiceEndpoint> publisher;
    std::uint64_t next_connection = 1;
    bool running = false;

    mutable std::mutex wire_mutex;
    std::deque<WireRecord> wire;  // grows without moving what it holds (a vector re-allocates under load)
    std::function<void(const WireRecord&)> wire_listener;

    void record(const std::string& service, std::uint64_t conn, bool inbound, std::string_view text) {
        WireRecord r{now_ns(), service, conn, inbound, std::string(text)};
        std::lock_guard lock(wire_mutex);
        if (wire_listener) wire_listener(r);
        wire.push_back(std::move(r));
    }

    std::string base_uri() const {
        return "ws://" + bound.address().to_string() + ":" + std::to_string(bound.port()) + std::string(kRoot);
    }

    detail::ServiceEndpoint* route(std::string_view target) {
        std::string t(target.substr(0, target.find('?')));
        if (t == kRoot || t == std::string(kRoot) + "/") return publisher.get();
        if (t.rfind(std::string(kRoot) + "/", 0) != 0) return nullptr;
        std::string name = t.substr(kRoot.size() + 1);
        if (!name.empty() && name.back() == '/') name.pop_back();
        auto it = endpoints.find(name);
        return it == endpoints.end() ? nullptr : it->second.get();
    }

    void accept();
};

namespace detail {

// One WebSocket connection to one endpoint. Reads whole messages (Beast reassembles fragments), writes one at a
// time from a queue (KAL PR #9: concurrent sends are not allowed).
class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, XfsServer::Impl& server)
        : ws_(std::move(socket)), server_(server), id_(server.next_connection++) {}

    void start() {
        beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));  // bounded handshake
        http::async_read(ws_.next_layer(), buffer_, request_,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_request(ec); });
    }

private:
    void on_request(beast::error_code ec) {
        if (ec) return;
        endpoint_ = server_.route(request_.target());
        if (!websocket::is_upgrade(request_) || !endpoint_) {
            // KAL EndPoint: a plain HTTP request gets 400; an unknown service 404.
            auto res = std::make_shared<http::response<http::string_body>>(
                endpoint_ ? http::status::bad_request : http::status::not_found, request_.version());
            res->set(http::field::content_type, "text/plain");
            res->body() = endpoint_ ? "XFS4IoT endpoints speak WebSocket\n" : "no such XFS4IoT service\n";
            res->prepare_payload();
            http::async_write(ws_.next_layer(), *res, [self = shared_from_this(), res](beast::error_code, std::size_t) {
                beast::error_code ignored;
                beast::get_lowest_layer(self->ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
            });
            return;
        }
        beast::get_lowest_layer(ws_).expires_never();
        ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        ws_.read_message_max(2 * 1024 * 1024);  // KAL's receive buffer
        ws_.async_accept(request_, [self = shared_from_this()](beast::error_code aec) {
            if (aec) return;
            self->open();
        });
    }

    void open() {
        std::weak_ptr<Session> weak = shared_from_this();
        endpoint_->connected(id_, [weak](const std::string& text) {
            if (auto s = weak.lock()) s->send(text);
        });
        read();
    }

    void read() {
        ws_.async_read(in_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) {
                self->endpoint_->disconnected(self->id_);
                return;
            }
            std::string text = beast::buffers_to_string(self->in_.data());
            self->in_.consume(self->in_.size());
            self->server_.record(self->endpoint_->name(), self->id_, true, text);
            self->endpoint_->received(self->id_, text);
            self->read();
        });
    }

    void send(const std::string& text) {
        server_.record(endpoint_->name(), id_, false, text);
        out_.push_back(text);
        if (out_.size() == 1) write();
    }

    void write() {
        ws_.text(true);
        ws_.async_write(asio::buffer(out_.front()), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            self->out_.pop_front();
            if (ec) return;
            if (!self->out_.empty()) self->write();
        });
    }

    websocket::stream<beast::tcp_stream> ws_;
    XfsServer::Impl& server_;
    std::uint64_t id_;
    beast::flat_buffer buffer_;
    http::request<http::string_body> request_;
    beast::flat_buffer in_;
    std::deque<std::string> out_;
    detail::ServiceEndpoint* endpoint_ = nullptr;
};

}  // namespace detail

void XfsServer::Impl::accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
        if (ec) return;
        boost::system::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        std::make_shared<detail::Session>(std::move(socket), *this)->start();
        accept();
    });
}

XfsServer::XfsServer(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

XfsServer::~XfsServer() { stop(); }

void XfsServer::add_service(std::shared_ptr<Service> service) {
    if (impl_->running) throw std::logic_error("add_service after start");
    impl_->pending.push_back(std::move(service));
}

void XfsServer::start() {
    std::string listen = impl_->options.listen;
    std::size_t colon = listen.rfind(':');
    if (colon == std::string::npos) throw std::runtime_error("listen address '" + listen + "': expected ADDRESS:PORT");
    boost::system::error_code ec;
    auto addr = asio::ip::make_address(listen.substr(0, colon), ec);
    if (ec) throw std::runtime_error("listen address '" + listen + "': not an IP address");
    unsigned long port = 0;
    try {
        port = std::stoul(listen.substr(colon + 1));
    } catch (const std::exception&) {
        port = 70000;
    }
    if (port > 65535) throw std::runtime_error("listen address '" + listen + "': port must be 0-65535");
    tcp::endpoint ep(addr, static_cast<unsigned short>(port));
    try {
        impl_->acceptor.open(ep.protocol());
        impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
        impl_->acceptor.bind(ep);
        impl_->acceptor.listen();
    } catch (const boost::system::system_error& e) {
        throw std::runtime_error("cannot listen on " + listen + ": " + e.code().message());
    }
    impl_->bound = impl_->acceptor.local_endpoint();
    for (auto& s : impl_->pending) {
        std::string name = s->name();
        impl_->endpoints[name] =
            std::make_unique<detail::ServiceEndpoint>(std::move(s), impl_->io, impl_->options.max_requests_per_connection);
    }
    impl_->pending.clear();
    auto pub = std::make_shared<detail::Publisher>(impl_->options.vendor_name, [this] {
        std::vector<std::string> uris;
        for (const auto& [name, ep] : impl_->endpoints) uris.push_back(service_uri(name));
        return uris;
    });
    impl_->publisher =
        std::make_unique<detail::ServiceEndpoint>(pub, impl_->io, impl_->options.max_requests_per_connection);
    impl_->accept();
    impl_->running = true;
    impl_->thread = std::thread([this] { impl_->io.run(); });
}

void XfsServer::stop() {
    if (!impl_->running) return;
    impl_->running = false;
    asio::post(impl_->io, [this] {
        boost::system::error_code ignored;
        impl_->acceptor.close(ignored);
    });
    impl_->io.stop();
    if (impl_->thread.joinable()) impl_->thread.join();
}

std::string XfsServer::address() const {
    return impl_->bound.address().to_string() + ":" + std::to_string(impl_->bound.port());
}

std::string XfsServer::publisher_uri() const { return impl_->base_uri(); }

std::string XfsServer::service_uri(const std::string& name) const { return impl_->base_uri() + "/" + name + "/"; }

void XfsServer::post(std::function<void()> fn) { asio::post(impl_->io, std::move(fn)); }

void XfsServer::call(const std::function<void()>& fn, std::chrono::milliseconds bound) {
    if (!impl_->running) {
        fn();
        return;
    }
    if (impl_->thread.get_id() == std::this_thread::get_id()) {
        fn();
        return;
    }
    auto done = std::make_shared<std::promise<void>>();
    auto future = done->get_future();
    asio::post(impl_->io, [fn, done] {
        try {
            fn();
            done->set_value();
        } catch (...) {
            done->set_exception(std::current_exception());
        }
    });
    if (future.wait_for(bound) != std::future_status::ready)
        throw std::runtime_error("device server did not run the request within " + std::to_string(bound.count()) + " ms");
    future.get();
}

void check_answer_fault_kind(const std::string& kind) {
    if (kind != "invalidJson" && kind != "missingFields" && kind != "unknownCompletionCode" && kind != "wrongRequestId")
        throw std::invalid_argument("answer fault '" + kind +
                                    "': expected invalidJson, missingFields, unknownCompletionCode or wrongRequestId");
}

void XfsServer::arm_answer_fault(const std::string& service, AnswerFault fault) {
    check_answer_fault_kind(fault.kind);
    call([&] {
        auto it = impl_->endpoints.find(service);
        if (it == impl_->endpoints.end()) throw std::invalid_argument("no service " + service);
        it->second->arm_answer_fault(fault);
    });
}

void XfsServer::clear_answer_faults(const std::string& service) {
    call([&] {
        if (auto it = impl_->endpoints.find(service); it != impl_->endpoints.end()) it->second->clear_answer_faults();
    });
}

std::vector<WireRecord> XfsServer::wire(std::size_t since) const {
    std::lock_guard lock(impl_->wire_mutex);
    if (since >= impl_->wire.size()) return {};
    return {impl_->wire.begin() + static_cast<std::ptrdiff_t>(since), impl_->wire.end()};
}

void XfsServer::set_wire_listener(std::function<void(const WireRecord&)> listener) {
    std::lock_guard lock(impl_->wire_mutex);
    impl_->wire_listener = std::move(listener);
}

}  // namespace atmbench::xfs4iot
