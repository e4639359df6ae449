#include "atmbench/certify/wire.hpp"

#include "atmbench/common/host_port.hpp"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <thread>

namespace atmbench::certify {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

struct Uri {
    bool tls = false;
    std::string host, port, path;
};

Uri parse_uri(const std::string& uri) {
    Uri u;
    std::string rest;
    if (uri.rfind("ws://", 0) == 0) {
        rest = uri.substr(5);
    } else if (uri.rfind("wss://", 0) == 0) {
        u.tls = true;
        rest = uri.substr(6);
    } else {
        throw CertifyError("'" + uri + "': expected ws://HOST:PORT/PATH or wss://HOST:PORT/PATH");
    }
    auto slash = rest.find('/');
    try {
        auto at = common::parse_host_port(rest.substr(0, slash));
        u.host = at.address;
        u.port = std::to_string(at.port);
    } catch (const common::HostPortError& e) {
        throw CertifyError("'" + uri + "': " + e.what());
    }
    u.path = slash == std::string::npos ? "/" : rest.substr(slash);
    return u;
}

}  // namespace

// One connection, plain or TLS: the two differ only in their stream type and handshake.
struct Link {
    virtual ~Link() = default;
    virtual void start(const Uri& u, std::chrono::milliseconds bound, std::function<void(std::string)> done) = 0;
    virtual void read() = 0;
    virtual void write_next() = 0;
    virtual void shut() = 0;

    int id = 0;
    std::string service;
    std::deque<std::string> outbox;
    bool writing = false;
    bool open = false;
    std::function<void(Link&, std::string)> on_message;
    std::function<void(Link&)> on_closed;
};

template <class Stream>
struct LinkOf : Link, std::enable_shared_from_this<LinkOf<Stream>> {
    template <class... A>
    explicit LinkOf(A&&... a) : ws(std::forward<A>(a)...) {}
    websocket::stream<Stream> ws;
    beast::flat_buffer buffer;
    tcp::resolver* resolver = nullptr;

    void start(const Uri& u, std::chrono::milliseconds bound, std::function<void(std::string)> done) override {
        auto self = this->shared_from_this();
        auto& stream = beast::get_lowest_layer(ws);
        stream.expires_after(bound);
        auto res = std::make_shared<tcp::resolver>(ws.get_executor());
        res->async_resolve(u.host, u.port, [self, res, u, bound, done](beast::error_code ec, tcp::resolver::results_type r) {
            if (ec) return done("resolve " + u.host + ": " + ec.message());
            beast::get_lowest_layer(self->ws).async_connect(r, [self, u, bound, done](beast::error_code e, const tcp::endpoint&) {
                if (e) return done("connect: " + e.message());
                self->after_connect(u, bound, done);
            });
        });
    }

    void after_connect(const Uri& u, std::chrono::milliseconds bound, std::function<void(std::string)> done);

    void websocket_handshake(const Uri& u, std::chrono::milliseconds bound, std::function<void(std::string)> done) {
        auto self = this->shared_from_this();
        beast::get_lowest_layer(ws).expires_never();
        ws.set_option(websocket::stream_base::timeout{bound, websocket::stream_base::none(), false});
        ws.read_message_max(8u << 20);
        ws.async_handshake(u.host + ":" + u.port, u.path, [self, done](beast::error_code h) {
            if (h) return done("WebSocket handshake: " + h.message());
            self->open = true;
            done("");
        });
    }

    void read() override {
        auto self = this->shared_from_this();
        ws.async_read(buffer, [self](beast::error_code ec, std::size_t) {
            if (ec) {
                self->open = false;
                if (self->on_closed) self->on_closed(*self);
                return;
            }
            std::string text = beast::buffers_to_string(self->buffer.data());
            self->buffer.consume(self->buffer.size());
            self->on_message(*self, std::move(text));
            self->read();
        });
    }

    void write_next() override {
        if (writing || outbox.empty() || !open) return;
        writing = true;
        auto self = this->shared_from_this();
        ws.text(true);
        ws.async_write(asio::buffer(outbox.front()), [self](beast::error_code ec, std::size_t) {
            self->writing = false;
            self->outbox.pop_front();
            if (ec) {
                self->open = false;
                return;
            }
            self->write_next();
        });
    }

    void shut() override {
        open = false;
        beast::error_code ec;
        beast::get_lowest_layer(ws).socket().close(ec);
    }
};

template <>
void LinkOf<beast::tcp_stream>::after_connect(const Uri& u, std::chrono::milliseconds bound,
                                              std::function<void(std::string)> done) {
    websocket_handshake(u, bound, std::move(done));
}

template <>
void LinkOf<ssl::stream<beast::tcp_stream>>::after_connect(const Uri& u, std::chrono::milliseconds bound,
                                                           std::function<void(std::string)> done) {
    auto self = shared_from_this();
    auto& tls = ws.next_layer();
    // SNI and the name the certificate must carry (an IP SAN for an address).
    boost::system::error_code ec;
    asio::ip::make_address(u.host, ec);
    if (ec) SSL_set_tlsext_host_name(tls.native_handle(), u.host.c_str());
    tls.set_verify_callback(ssl::host_name_verification(u.host));
    tls.async_handshake(ssl::stream_base::client, [self, u, bound, done](beast::error_code h) {
        if (h) return done("TLS handshake: " + h.message());
        self->websocket_handshake(u, bound, done);
    });
}

struct XfsWire::Impl {
    TlsClientOptions tls_options;
    asio::io_context io;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work{io.get_executor()};
    std::optional<ssl::context> tls;
    std::thread thread;
    std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();

    mutable std::mutex mutex;
    mutable std::condition_variable changed;
    std::vector<WireMessage> messages;
    std::map<int, std::shared_ptr<Link>> links;  // io thread only after open()
    std::map<int, bool> closed;                  // guarded by mutex
    int next_id = 1;
    bool used_tls = false;

    Impl() {
        thread = std::thread([this] { io.run(); });
    }
    ~Impl() {
        asio::post(io, [this] {
            for (auto& [id, l] : links) l->shut();
        });
        work.reset();
        io.stop();
        if (thread.joinable()) thread.join();
    }

    void append(int connection, const std::string& service, bool outbound, std::string text) {
        std::lock_guard lock(mutex);
        WireMessage m;
        m.seq = messages.size();
        m.connection = connection;
        m.service = service;
        m.outbound = outbound;
        m.time_us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
        m.text = std::move(text);
        messages.push_back(std::move(m));
        changed.notify_all();
    }

    ssl::context& tls_context() {
        if (!tls) {
            tls.emplace(ssl::context::tls_client);
            tls->set_options(ssl::context::no_sslv2 | ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                             ssl::context::no_tlsv1_1);
            boost::system::error_code ec;
            if (!tls_options.ca_file.empty()) {
                tls->load_verify_file(tls_options.ca_file, ec);
                if (ec) throw CertifyError("--ca '" + tls_options.ca_file + "': " + ec.message());
            } else {
                tls->set_default_verify_paths(ec);
            }
            tls->set_verify_mode(tls_options.verify ? ssl::verify_peer : ssl::verify_none);
        }
        return *tls;
    }
};

XfsWire::XfsWire(TlsClientOptions tls) : impl_(std::make_unique<Impl>()) { impl_->tls_options = std::move(tls); }
XfsWire::~XfsWire() = default;

int XfsWire::open(const std::string& uri, const std::string& service, std::chrono::milliseconds bound) {
    Uri u = parse_uri(uri);
    std::shared_ptr<Link> link;
    if (u.tls) {
        impl_->used_tls = true;
        link = std::make_shared<LinkOf<ssl::stream<beast::tcp_stream>>>(impl_->io, impl_->tls_context());
    } else {
        link = std::make_shared<LinkOf<beast::tcp_stream>>(impl_->io);
    }
    int id;
    {
        std::lock_guard lock(impl_->mutex);
        id = impl_->next_id++;
        impl_->closed[id] = false;
    }
    link->id = id;
    link->service = service;
    link->on_message = [this](Link& l, std::string text) { impl_->append(l.id, l.service, false, std::move(text)); };
    link->on_closed = [this](Link& l) {
        std::lock_guard lock(impl_->mutex);
        impl_->closed[l.id] = true;
        impl_->changed.notify_all();
    };
    auto done = std::make_shared<std::promise<std::string>>();
    auto result = done->get_future();
    asio::post(impl_->io, [this, link, u, bound, done] {
        impl_->links[link->id] = link;
        link->start(u, bound, [link, done](std::string err) {
            if (err.empty()) link->read();
            done->set_value(std::move(err));
        });
    });
    if (result.wait_for(bound + std::chrono::milliseconds(500)) != std::future_status::ready)
        throw CertifyError("connecting to " + uri + " did not finish within " + std::to_string(bound.count()) + " ms");
    std::string err = result.get();
    if (!err.empty()) throw CertifyError("connecting to " + uri + ": " + err);
    return id;
}

void XfsWire::send(int connection, const std::string& text) {
    std::string service;
    {
        std::lock_guard lock(impl_->mutex);
        auto it = impl_->closed.find(connection);
        if (it == impl_->closed.end() || it->second)
            throw CertifyError("connection " + std::to_string(connection) + " is closed: the service went away");
    }
    auto sent = std::make_shared<std::promise<std::string>>();
    auto f = sent->get_future();
    asio::post(impl_->io, [this, connection, text, sent] {
        auto it = impl_->links.find(connection);
        if (it == impl_->links.end() || !it->second->open) return sent->set_value("");
        sent->set_value(it->second->service);
        // Recorded before it is written: the record never shows an answer before its command.
        impl_->append(connection, it->second->service, true, text);
        it->second->outbox.push_back(text);
        it->second->write_next();
    });
    f.wait();
    if (f.get().empty()) throw CertifyError("connection " + std::to_string(connection) + " is closed: the service went away");
}

void XfsWire::close(int connection) {
    std::promise<void> done;
    asio::post(impl_->io, [&] {
        if (auto it = impl_->links.find(connection); it != impl_->links.end()) it->second->shut();
        done.set_value();
    });
    done.get_future().wait();
    std::lock_guard lock(impl_->mutex);
    impl_->closed[connection] = true;
}

bool XfsWire::is_open(int connection) const {
    std::lock_guard lock(impl_->mutex);
    auto it = impl_->closed.find(connection);
    return it != impl_->closed.end() && !it->second;
}

std::optional<WireMessage> XfsWire::wait(int connection, std::size_t from,
                                         const std::function<bool(const WireMessage&)>& match,
                                         std::chrono::milliseconds bound) const {
    auto deadline = std::chrono::steady_clock::now() + bound;
    std::unique_lock lock(impl_->mutex);
    std::size_t scanned = from;
    for (;;) {
        for (; scanned < impl_->messages.size(); ++scanned) {
            const auto& m = impl_->messages[scanned];
            if (m.connection == connection && !m.outbound && match(m)) return m;
        }
        auto c = impl_->closed.find(connection);
        if (c != impl_->closed.end() && c->second) return std::nullopt;
        if (impl_->changed.wait_until(lock, deadline) == std::cv_status::timeout) {
            for (; scanned < impl_->messages.size(); ++scanned) {
                const auto& m = impl_->messages[scanned];
                if (m.connection == connection && !m.outbound && match(m)) return m;
            }
            return std::nullopt;
        }
    }
}

std::size_t XfsWire::size() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->messages.size();
}

std::vector<WireMessage> XfsWire::record(std::size_t from) const {
    std::lock_guard lock(impl_->mutex);
    if (from >= impl_->messages.size()) return {};
    return {impl_->messages.begin() + static_cast<std::ptrdiff_t>(from), impl_->messages.end()};
}

std::string XfsWire::transport() const {
    if (!impl_->used_tls) return "ws (plain WebSocket, not encrypted)";
    return impl_->tls_options.verify ? "wss (TLS, service certificate verified" +
                                           (impl_->tls_options.ca_file.empty() ? std::string(" against the system store)")
                                                                               : " against " + impl_->tls_options.ca_file + ")")
                                     : "wss (TLS, service certificate NOT verified: --insecure)";
}

}  // namespace atmbench::certify
