// One WebSocket connection to one endpoint, over a transport (plain TCP or TLS): the HTTP upgrade, then whole
// messages in (Beast reassembles fragments: KAL PR #5) and messages out, serialised per connection (KAL PR #9:
// concurrent sends are not allowed). Included by session_plain.cpp and session_tls.cpp only.
//
// Why outgoing messages do not go through websocket::stream::async_write: a command produces its acknowledge and
// (for most information commands) its completion in the same handler, and one Beast write per message meant one
// sendmsg per message plus a completion hop each. Here every outgoing frame — our text frames and Beast's own
// control frames (101 response, pong, ping, close), which reach the socket through CoalescingStream below — is
// appended to one per-connection buffer, and the buffer goes out in one write when the handler that produced it
// is done. Reading stays Beast's (fragments, masking, control frames, size limit, close handshake).
#pragma once

#include "server_core.hpp"

#include "atmbench/common/request_guard.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket.hpp>

namespace atmbench::xfs4iot::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

// RFC 6455 §5.2 header of a final text frame (FIN, opcode 1), unmasked as every server-to-client frame is (§5.1).
inline void append_text_frame_header(std::string& out, std::size_t n) {
    out.push_back(static_cast<char>(0x81));
    if (n < 126) {
        out.push_back(static_cast<char>(n));
    } else if (n <= 0xFFFF) {
        out.push_back(static_cast<char>(126));
        out.push_back(static_cast<char>(n >> 8));
        out.push_back(static_cast<char>(n & 0xFF));
    } else {
        out.push_back(static_cast<char>(127));
        for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((static_cast<std::uint64_t>(n) >> shift) & 0xFF));
    }
}

// The stream under websocket::stream: reads pass through; writes are appended to a buffer that is written to
// `Next` in one go (one write in flight at a time). Beast's writes complete at once (posted), as if sent.
template <class Next>
class CoalescingStream {
public:
    using executor_type = typename Next::executor_type;

    template <class... Args>
    explicit CoalescingStream(Args&&... args) : next_(std::forward<Args>(args)...) {}

    executor_type get_executor() noexcept { return next_.get_executor(); }
    Next& next_layer() noexcept { return next_; }
    const Next& next_layer() const noexcept { return next_; }

    // The owner is kept alive by every write in flight.
    void set_owner(std::weak_ptr<void> owner) { owner_ = std::move(owner); }

    template <class MutableBuffers, class Handler>
    auto async_read_some(const MutableBuffers& buffers, Handler&& handler) {
        return next_.async_read_some(buffers, std::forward<Handler>(handler));
    }

    template <class ConstBuffers, class Handler>
    auto async_write_some(const ConstBuffers& buffers, Handler&& handler) {
        return asio::async_initiate<Handler, void(beast::error_code, std::size_t)>(
            [this](auto h, const ConstBuffers& b) {
                beast::error_code ec;
                std::size_t n = 0;
                if (failed_) {
                    ec = asio::error::broken_pipe;
                } else {
                    n = beast::buffer_bytes(b);
                    for (auto it = asio::buffer_sequence_begin(b); it != asio::buffer_sequence_end(b); ++it) {
                        asio::const_buffer cb(*it);
                        pending_.append(static_cast<const char*>(cb.data()), cb.size());
                    }
                    flush_soon();
                }
                auto ex = asio::get_associated_executor(h, next_.get_executor());
                asio::post(ex, beast::bind_front_handler(std::move(h), ec, n));
            },
            handler, buffers);
    }

    // One XFS4IoT message as one text frame. False when the connection is failing or closing (the text is dropped).
    bool append_text(std::string_view text) {
        if (failed_ || draining_) return false;
        append_text_frame_header(pending_, text.size());
        pending_.append(text);
        if (pending_.size() > kMaxPending) {
            // A client that stopped reading must not grow the server without bound: drop it (its commands are
            // then cancelled, as on any disconnect).
            fail();
            return false;
        }
        return true;
    }

    // Writes what is pending now (if no write is in flight; else when it completes).
    void flush() {
        if (writing_ || pending_.empty() || failed_) return;
        writing_ = true;
        sending_.swap(pending_);
        asio::async_write(next_, asio::buffer(sending_),
                          [this, keep = owner_.lock()](beast::error_code ec, std::size_t) {
                              writing_ = false;
                              if (sending_.capacity() > kKeepCapacity) std::string().swap(sending_);
                              else sending_.clear();
                              if (ec) {
                                  fail();
                                  finish_drain();
                                  return;
                              }
                              if (!pending_.empty()) flush();
                              else finish_drain();
                          });
    }

    // Writes what is pending once the current handler is done (one post per batch, not per message).
    void flush_soon() {
        if (flush_posted_) return;
        flush_posted_ = true;
        asio::post(next_.get_executor(), [this, keep = owner_.lock()] {
            flush_posted_ = false;
            flush();
        });
    }

    // For the WebSocket close (async_teardown below): `then` runs once everything appended so far is written (or
    // the write failed). Nothing more is accepted from us after this.
    template <class F>
    void async_drain(F&& then) {
        draining_ = true;
        if (!writing_ && (pending_.empty() || failed_)) {
            then();
            return;
        }
        drain_waiter_ = std::make_unique<Waiter<std::decay_t<F>>>(std::forward<F>(then));
        flush();
    }

private:
    static constexpr std::size_t kMaxPending = 64u << 20;
    static constexpr std::size_t kKeepCapacity = 1u << 20;

    struct WaiterBase {
        virtual ~WaiterBase() = default;
        virtual void done() = 0;
    };
    template <class F>
    struct Waiter : WaiterBase {
        explicit Waiter(F f) : fn(std::move(f)) {}
        void done() override { fn(); }
        F fn;
    };

    void fail() {
        failed_ = true;
        pending_.clear();
        beast::error_code ignored;
        beast::get_lowest_layer(next_).close(ignored);  // the pending read fails: the session sees the disconnect
    }

    void finish_drain() {
        if (!drain_waiter_ || writing_ || (!pending_.empty() && !failed_)) return;
        auto w = std::move(drain_waiter_);
        w->done();
    }

    Next next_;
    std::weak_ptr<void> owner_;
    std::string pending_;  // appended, not yet handed to the socket
    std::string sending_;  // being written
    bool writing_ = false;
    bool flush_posted_ = false;
    bool failed_ = false;
    bool draining_ = false;
    std::unique_ptr<WaiterBase> drain_waiter_;
};

// Beast's customisation point for closing a WebSocket's transport (found by argument-dependent lookup): send what
// is pending, the close frame included, then tear the next layer down as Beast would (TCP shutdown; TLS
// close_notify first).
template <class Next, class Handler>
void async_teardown(beast::role_type role, CoalescingStream<Next>& stream, Handler&& handler) {
    stream.async_drain([&stream, role, h = std::forward<Handler>(handler)]() mutable {
        using beast::websocket::async_teardown;
        async_teardown(role, stream.next_layer(), std::move(h));
    });
}

constexpr auto kHandshakeBound = std::chrono::seconds(10);  // TLS handshake + HTTP upgrade request

// Transport: { using Next = the stream under the WebSocket; template <class H> static void handshake(Next&, H); }
// (session_plain.cpp: the TCP socket, no handshake; session_tls.cpp: an SSL stream and its server handshake).
template <class Transport>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Transport>> {
    using Next = typename Transport::Next;

public:
    template <class... Args>
    explicit Session(XfsServer::Impl& server, Args&&... args)
        : ws_(std::forward<Args>(args)...), server_(server), id_(server.next_connection++), deadline_(server.io) {}

    void start() {
        ws_.next_layer().set_owner(this->weak_from_this());
        deadline_.expires_after(kHandshakeBound);
        deadline_.async_wait([weak = this->weak_from_this()](beast::error_code ec) {
            if (ec) return;
            if (auto self = weak.lock(); self && !self->opened_) self->abort();
        });
        Transport::handshake(inner(), [self = this->shared_from_this()](beast::error_code ec) {
            if (ec) return self->abort();  // e.g. plain ws:// to a wss:// server: the TLS handshake fails
            self->read_request();
        });
    }

    // Keep-alive (ServerOptions::keepalive_*). Why not Beast's idle timeout: it re-arms a timer on every read —
    // a cancel, a completion and often a timerfd_settime per message; this is one timestamp per message and a
    // sweep every few seconds (XfsServer::Impl::sweep_sessions).
    void check_alive(std::int64_t now) override {
        if (closed_) return;
        std::int64_t silent = now - last_rx_;
        auto ns = [](std::chrono::milliseconds d) { return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count(); };
        if (silent >= ns(server_.options.keepalive_drop_after)) {
            abort();
            return;
        }
        if (silent >= ns(server_.options.keepalive_ping_after) && !ping_outstanding_) {
            ping_outstanding_ = true;
            ws_.async_ping({}, [self = this->shared_from_this()](beast::error_code) {});
        }
    }

private:
    Next& inner() { return ws_.next_layer().next_layer(); }

    void abort() {
        deadline_.cancel();
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).close(ignored);
    }

    void read_request() {
        http::async_read(inner(), buffer_, request_,
                         [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_request(ec); });
    }

    void on_request(beast::error_code ec) {
        if (ec) return abort();
        // A web page can open a WebSocket to 127.0.0.1 (no CORS for WebSockets): browsers always send its Origin
        // (RFC 6455 §4.1 item 8, §10.2), XFS4IoT clients that are not browsers send none. A foreign one is refused.
        if (auto origin = request_.find(http::field::origin);
            origin != request_.end() && !::atmbench::http::is_loopback_origin(std::string_view(origin->value().data(), origin->value().size()))) {
            static const std::string forbidden =
                "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 43\r\nConnection: close\r\n\r\n"
                "a foreign Origin may not open this service\n";
            asio::async_write(inner(), asio::buffer(forbidden),
                              [self = this->shared_from_this()](beast::error_code, std::size_t) { self->abort(); });
            return;
        }
        endpoint_ = server_.route(request_.target());
        if (!websocket::is_upgrade(request_) || !endpoint_) {
            // KAL EndPoint: a plain HTTP request gets 400; an unknown service 404. Written as fixed text (not
            // http::async_write) because the HTTP serializer is a large template to instantiate per transport.
            static const std::string bad_request =
                "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 34\r\nConnection: close\r\n\r\n"
                "XFS4IoT endpoints speak WebSocket\n";
            static const std::string not_found =
                "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 24\r\nConnection: close\r\n\r\n"
                "no such XFS4IoT service\n";
            asio::async_write(inner(), asio::buffer(endpoint_ ? bad_request : not_found),
                              [self = this->shared_from_this()](beast::error_code, std::size_t) { self->abort(); });
            return;
        }
        websocket::stream_base::timeout timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
        timeouts.idle_timeout = websocket::stream_base::none();  // our keep-alive instead (check_alive)
        ws_.set_option(timeouts);
        ws_.read_message_max(2 * 1024 * 1024);  // KAL's receive buffer
        ws_.auto_fragment(false);
        ws_.control_callback([this](websocket::frame_type, beast::string_view) {
            last_rx_ = now_ns();  // a pong (or ping) is a sign of life too
            ping_outstanding_ = false;
        });
        ws_.async_accept(request_, [self = this->shared_from_this()](beast::error_code aec) {
            if (aec) {
                // Beast has answered the bad upgrade with an HTTP error: let that out before closing.
                self->ws_.next_layer().async_drain([self] { self->abort(); });
                return;
            }
            self->open();
        });
    }

    void open() {
        opened_ = true;
        deadline_.cancel();
        last_rx_ = now_ns();
        wire_service_ = server_.wire.intern(endpoint_->name());
        server_.sessions[id_] = this->weak_from_this();
        std::weak_ptr<Session> weak = this->shared_from_this();
        endpoint_->connected(id_, [weak](const std::string& text) {
            if (auto s = weak.lock()) s->send(text);
        });
        read();
    }

    void read() {
        ws_.async_read(in_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        if (ec) return closed();
        std::int64_t t = now_ns();
        last_rx_ = t;
        ping_outstanding_ = false;
        auto data = in_.cdata();
        std::string_view text(static_cast<const char*>(data.data()), data.size());
        server_.wire.record(wire_service_, id_, true, text, t);
        in_handler_ = true;
        endpoint_->received(id_, text);
        in_handler_ = false;
        in_.consume(in_.size());
        ws_.next_layer().flush();  // everything this command produced so far, in one write
        read();
    }

    void send(const std::string& text) {
        if (closed_) return;
        server_.wire.record(wire_service_, id_, false, text, now_ns());
        if (!ws_.next_layer().append_text(text)) return;
        if (!in_handler_) ws_.next_layer().flush_soon();
    }

    void closed() {
        if (closed_) return;
        closed_ = true;
        server_.sessions.erase(id_);
        endpoint_->disconnected(id_);
        abort();
    }

    websocket::stream<CoalescingStream<Next>> ws_;
    XfsServer::Impl& server_;
    std::uint64_t id_;
    asio::steady_timer deadline_;
    beast::flat_buffer buffer_;
    http::request<http::string_body> request_;
    beast::flat_buffer in_;
    ServiceEndpoint* endpoint_ = nullptr;
    std::uint32_t wire_service_ = 0;
    std::int64_t last_rx_ = 0;
    bool opened_ = false;
    bool closed_ = false;
    bool in_handler_ = false;
    bool ping_outstanding_ = false;
};

}  // namespace atmbench::xfs4iot::detail
