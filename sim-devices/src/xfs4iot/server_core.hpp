// What the server and its connections share (private to the xfs4iot library): the I/O context, the endpoints,
// the wire record and the live connections. Connections are in session.hpp, compiled once per transport
// (session_plain.cpp, session_tls.cpp) so the TLS headers stay out of everything else.
#pragma once

#include "atmbench/xfs4iot/xfs_server.hpp"
#include "service_endpoint.hpp"

#include "atmbench/common/bounded_record.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace atmbench::xfs4iot {

namespace detail {

std::int64_t now_ns();  // steady clock, ns: the wire record's time base

// Everything that crossed the wire, both directions. Recording is on the hot path of every message, so it only
// copies the text into large shared chunks with the time and who sent it: no allocation per message, no JSON
// work. WireRecord objects are built when someone asks (wire(), a listener). What is kept is bounded
// (common::RecordLimits, oldest dropped and counted); a chunk is freed once no kept entry is in it. The listener
// sees every message.
class WireLog {
public:
    explicit WireLog(common::RecordLimits limits = {}) : entries_(limits) {}
    std::uint32_t intern(const std::string& service);  // a small id for a service name, once per connection
    void record(std::uint32_t service, std::uint64_t connection, bool inbound, std::string_view text, std::int64_t t);
    // The kept entries after sequence number `since`, at most `limit`; `more`: kept entries follow them.
    std::vector<WireRecord> since(std::size_t index, std::size_t limit = SIZE_MAX, bool* more = nullptr) const;
    WireCounters counters() const;
    void set_listener(std::function<void(const WireRecord&)> listener);

private:
    struct Entry {
        std::int64_t time_ns;
        std::uint64_t connection;
        std::uint64_t chunk;  // counts every chunk ever made; chunks_.front() is chunk first_chunk_
        std::uint32_t offset;
        std::uint32_t length;
        std::uint32_t service;
        bool inbound;
    };
    static constexpr std::size_t kChunk = 4 << 20;  // a message larger than this gets a chunk of its own

    WireRecord make(const Entry& e, std::size_t seq) const;

    mutable std::mutex mutex_;
    common::BoundedRecord<Entry> entries_;
    std::deque<std::unique_ptr<char[]>> chunks_;
    std::uint64_t first_chunk_ = 0;
    std::size_t used_ = kChunk;  // bytes used in chunks_.back(); kChunk = full (or none yet)
    std::vector<std::string> services_;
    std::function<void(const WireRecord&)> listener_;
};

// What the server needs of a live connection, whatever its transport.
class SessionBase {
public:
    virtual ~SessionBase() = default;
    // Keep-alive, from a periodic sweep: ping a connection that has been silent, drop one silent far too long.
    virtual void check_alive(std::int64_t now) = 0;
};

}  // namespace detail

struct XfsServer::Impl {
    explicit Impl(ServerOptions o) : options(std::move(o)), acceptor(io), accept_retry(io), sweep(io), wire(options.wire_limits) {}

    ServerOptions options;
    // One thread runs it (the I/O thread): the hint lets Asio queue handlers posted from that thread without a
    // lock or wake-up. Other threads may still post (call(), post()).
    boost::asio::io_context io{1};
    boost::asio::ip::tcp::acceptor acceptor;
    boost::asio::steady_timer accept_retry;  // out of descriptors: accept again after common::kAcceptBackoff
    boost::asio::ip::tcp::endpoint bound;
    boost::asio::steady_timer sweep;
    std::thread thread;
    std::vector<std::shared_ptr<Service>> pending;
    std::map<std::string, std::unique_ptr<detail::ServiceEndpoint>> endpoints;  // by service name
    std::unique_ptr<detail::ServiceEndpoint> publisher;
    std::uint64_t next_connection = 1;
    bool running = false;
    std::shared_ptr<void> tls;  // the OpenSSL context (session_tls.cpp) when TLS is configured
    std::unordered_map<std::uint64_t, std::weak_ptr<detail::SessionBase>> sessions;  // open WebSockets, by id
    detail::WireLog wire;

    std::string base_uri() const;
    detail::ServiceEndpoint* route(std::string_view target);
    void accept();
    void sweep_sessions();
};

namespace detail {

// One accepted TCP connection, served as a WebSocket (session_plain.cpp) or TLS WebSocket (session_tls.cpp).
void start_plain_session(boost::asio::ip::tcp::socket socket, XfsServer::Impl& server);
void start_tls_session(boost::asio::ip::tcp::socket socket, XfsServer::Impl& server);
// The OpenSSL server context from PEM files; std::runtime_error naming the file otherwise.
std::shared_ptr<void> make_tls_context(const std::string& certificate, const std::string& key);

}  // namespace detail

}  // namespace atmbench::xfs4iot
