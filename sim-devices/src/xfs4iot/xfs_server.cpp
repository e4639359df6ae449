#include "atmbench/xfs4iot/xfs_server.hpp"

#include "atmbench/common/host_port.hpp"
#include "atmbench/common/accept_backoff.hpp"

#include "publisher.hpp"

#include "atmbench/common/listen_address.hpp"
#include "server_core.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>

#include <condition_variable>
#include <cstring>
#include <exception>
#include <mutex>

namespace atmbench::xfs4iot {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr std::string_view kRoot = "/xfs4iot/v1.0";

}  // namespace

namespace detail {

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::uint32_t WireLog::intern(const std::string& service) {
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < services_.size(); ++i)
        if (services_[i] == service) return static_cast<std::uint32_t>(i);
    services_.push_back(service);
    return static_cast<std::uint32_t>(services_.size() - 1);
}

void WireLog::record(std::uint32_t service, std::uint64_t connection, bool inbound, std::string_view text,
                     std::int64_t t) {
    std::lock_guard lock(mutex_);
    const std::size_t seq = entries_.recorded() + 1;
    if (listener_) listener_(WireRecord{t, services_[service], connection, inbound, std::string(text), seq});
    if (entries_.limits().keeps_nothing()) {
        entries_.push(Entry{}, 0);  // counted, not kept
        return;
    }
    Entry e{t, connection, 0, 0, static_cast<std::uint32_t>(text.size()), service, inbound};
    if (text.size() > kChunk - used_) {
        // A new chunk: the usual size, or exactly this message's when it is larger. What was left in the old
        // chunk stays unused (at most one message's worth).
        chunks_.push_back(std::make_unique_for_overwrite<char[]>(std::max(kChunk, text.size())));
        used_ = 0;
    }
    e.chunk = first_chunk_ + chunks_.size() - 1;
    e.offset = static_cast<std::uint32_t>(used_);
    if (!text.empty()) std::memcpy(chunks_.back().get() + used_, text.data(), text.size());
    used_ = text.size() > kChunk ? kChunk : used_ + text.size();
    entries_.push(e, sizeof(Entry) + text.size());
    // Chunks older than the oldest kept entry's hold only dropped messages.
    const std::uint64_t keep_from = entries_.oldest() ? entries_.oldest()->chunk : first_chunk_ + chunks_.size() - 1;
    while (first_chunk_ < keep_from && chunks_.size() > 1) {
        chunks_.pop_front();
        ++first_chunk_;
    }
}

WireRecord WireLog::make(const Entry& e, std::size_t seq) const {
    return WireRecord{e.time_ns, services_[e.service], e.connection, e.inbound,
                      std::string(chunks_[e.chunk - first_chunk_].get() + e.offset, e.length), seq};
}

std::vector<WireRecord> WireLog::since(std::size_t index, std::size_t limit, bool* more) const {
    std::lock_guard lock(mutex_);
    std::vector<WireRecord> out;
    entries_.for_each_since(index, limit, [&](const Entry& e, std::uint64_t seq) { out.push_back(make(e, seq)); });
    if (more) *more = !out.empty() && out.back().seq < entries_.recorded();
    return out;
}

WireCounters WireLog::counters() const {
    std::lock_guard lock(mutex_);
    return {entries_.recorded(), entries_.size(), entries_.dropped(), entries_.bytes(), entries_.limits()};
}

void WireLog::set_listener(std::function<void(const WireRecord&)> listener) {
    std::lock_guard lock(mutex_);
    listener_ = std::move(listener);
}

}  // namespace detail

std::string XfsServer::Impl::base_uri() const {
    return std::string(tls ? "wss://" : "ws://") + net::host_port(bound.address().to_string(), bound.port()) +
           std::string(kRoot);
}

detail::ServiceEndpoint* XfsServer::Impl::route(std::string_view target) {
    std::string t(target.substr(0, target.find('?')));
    if (t == kRoot || t == std::string(kRoot) + "/") return publisher.get();
    if (t.rfind(std::string(kRoot) + "/", 0) != 0) return nullptr;
    std::string name = t.substr(kRoot.size() + 1);
    if (!name.empty() && name.back() == '/') name.pop_back();
    auto it = endpoints.find(name);
    return it == endpoints.end() ? nullptr : it->second.get();
}

void XfsServer::Impl::accept() {
    acceptor.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
        if (ec == boost::asio::error::operation_aborted || !acceptor.is_open()) return;
        if (common::out_of_descriptors(ec)) {
            accept_retry.expires_after(common::kAcceptBackoff);
            accept_retry.async_wait([this](boost::system::error_code e) {
                if (!e) accept();
            });
            return;
        }
        if (ec) return accept();  // this connection failed (reset before accept); the next may not
        boost::system::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        if (tls) detail::start_tls_session(std::move(socket), *this);
        else detail::start_plain_session(std::move(socket), *this);
        accept();
    });
}

void XfsServer::Impl::sweep_sessions() {
    // Keep-alive check (Session::check_alive): every 10 s, or more often when the ping interval is shorter, so a
    // silent connection is pinged or dropped at most one sweep late.
    auto every = std::min<std::chrono::milliseconds>(std::chrono::seconds(10), options.keepalive_ping_after / 2);
    sweep.expires_after(std::max<std::chrono::milliseconds>(every, std::chrono::milliseconds(10)));
    sweep.async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        std::int64_t now = detail::now_ns();
        std::vector<std::shared_ptr<detail::SessionBase>> live;
        for (auto& [id, weak] : sessions)
            if (auto s = weak.lock()) live.push_back(std::move(s));
        for (auto& s : live) s->check_alive(now);  // may close sessions, which erase themselves from `sessions`
        sweep_sessions();
    });
}

XfsServer::XfsServer(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

XfsServer::~XfsServer() { stop(); }

void XfsServer::add_service(std::shared_ptr<Service> service) {
    if (impl_->running) throw std::logic_error("add_service after start");
    impl_->pending.push_back(std::move(service));
}

void XfsServer::start() {
    const ServerOptions& o = impl_->options;
    if (o.tls_certificate.empty() != o.tls_key.empty())
        throw std::runtime_error("TLS needs both a certificate and a key (got only the " +
                                 std::string(o.tls_certificate.empty() ? "key" : "certificate") + ")");
    // The certificate and key are loaded before anything listens: a bad file is an error at start, not a
    // handshake failure on the first connection.
    if (!o.tls_certificate.empty()) impl_->tls = detail::make_tls_context(o.tls_certificate, o.tls_key);
    std::string listen = o.listen;
    common::HostPort at;
    try {
        at = common::parse_host_port(listen);
    } catch (const common::HostPortError& e) {
        throw std::runtime_error(std::string("listen address ") + e.what());
    }
    boost::system::error_code ec;
    auto addr = asio::ip::make_address(at.address, ec);
    if (ec) throw std::runtime_error("listen address '" + listen + "': not an IP address");
    tcp::endpoint ep(addr, at.port);
    try {
        impl_->acceptor.open(ep.protocol());
        impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
        impl_->acceptor.bind(ep);
        impl_->acceptor.listen();
    } catch (const boost::system::system_error& e) {
        boost::system::error_code ignored;
        impl_->acceptor.close(ignored);
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
    impl_->sweep_sessions();
    impl_->running = true;
    impl_->thread = std::thread([this] { impl_->io.run(); });
}

void XfsServer::stop() {
    if (!impl_->running) return;
    impl_->running = false;
    asio::post(impl_->io, [this] {
        boost::system::error_code ignored;
        impl_->acceptor.close(ignored);
        impl_->accept_retry.cancel();
    });
    impl_->io.stop();
    if (impl_->thread.joinable()) impl_->thread.join();
}

std::string XfsServer::address() const {
    return net::host_port(impl_->bound.address().to_string(), impl_->bound.port());
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
    // `fn` usually refers to the caller's stack frame ([&]). The request's state is shared with the posted
    // handler, so whichever of the two comes last is safe: a request the I/O thread has not taken up by the bound
    // is abandoned and never runs (running it later would write into a frame that is gone); one it has taken up
    // is waited for to its end, because it is using that frame right now.
    struct Request {
        std::mutex mutex;
        std::condition_variable changed;
        enum class Stage { Queued, Running, Done, Abandoned } stage = Stage::Queued;
        std::exception_ptr error;
    };
    auto request = std::make_shared<Request>();
    asio::post(impl_->io, [fn, request] {
        {
            std::lock_guard lock(request->mutex);
            if (request->stage == Request::Stage::Abandoned) return;
            request->stage = Request::Stage::Running;
        }
        std::exception_ptr error;
        try {
            fn();
        } catch (...) {
            error = std::current_exception();
        }
        std::lock_guard lock(request->mutex);
        request->error = error;
        request->stage = Request::Stage::Done;
        request->changed.notify_all();
    });
    std::unique_lock lock(request->mutex);
    auto done = [&] { return request->stage == Request::Stage::Done; };
    if (!request->changed.wait_for(lock, bound, done)) {
        if (request->stage == Request::Stage::Queued) {
            request->stage = Request::Stage::Abandoned;
            throw std::runtime_error("device server did not run the request within " + std::to_string(bound.count()) + " ms");
        }
        // Running: the I/O thread is inside fn, which ends on its own (device work never waits on this thread).
        request->changed.wait(lock, done);
    }
    if (request->error) std::rethrow_exception(request->error);
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

std::vector<WireRecord> XfsServer::wire(std::size_t since, std::size_t limit, bool* more) const {
    return impl_->wire.since(since, limit, more);
}

WireCounters XfsServer::wire_counters() const { return impl_->wire.counters(); }

void XfsServer::set_wire_listener(std::function<void(const WireRecord&)> listener) {
    impl_->wire.set_listener(std::move(listener));
}

void XfsServer::record_device_line(const std::string& service, bool inbound, const std::string& text) {
    impl_->wire.record(impl_->wire.intern(service), 0, inbound, text, detail::now_ns());
}

}  // namespace atmbench::xfs4iot
