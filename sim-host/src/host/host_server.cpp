#include "atmbench/host/host_server.hpp"

#include "atmbench/common/host_port.hpp"
#include "atmbench/common/accept_backoff.hpp"

#include "atmbench/host/control_endpoint.hpp"
#include "atmbench/common/listen_address.hpp"
#include "atmbench/http/json_endpoint.hpp"
#include "atmbench/host/held_port.hpp"
#include "atmbench/host/recorder.hpp"
#include "atmbench/host/response_codes.hpp"
#include "atmbench/host/reply_faults.hpp"
#include "atmbench/iso8583/envelope.hpp"
#include "atmbench/iso8583/framing.hpp"

#include <boost/asio.hpp>
#include <boost/json.hpp>

#include <condition_variable>
#include <deque>
#include <atomic>
#include <functional>
#include <future>
#include <set>
#include <thread>

namespace atmbench::host {

namespace asio = boost::asio;
using asio::ip::tcp;
using iso8583::Message;

std::pair<std::string, unsigned short> parse_endpoint(const std::string& text) {
    common::HostPort at = common::parse_host_port(text);  // HostPortError is an invalid_argument
    boost::system::error_code ec;
    asio::ip::make_address(at.address, ec);
    if (ec) throw std::invalid_argument("'" + text + "': '" + at.address + "' is not an IP address");
    return {at.address, at.port};
}

namespace {

// One reply as it will go on the wire, with what the recording should say about it.
struct Outgoing {
    Bytes frame;
    std::string note;
    std::string rule;
    bool retain_cash = false;
    std::vector<std::string> spoiled;  // faults that change the reply's meaning (RecordedMessage::spoiled)
    std::size_t split_at = 0;  // >0: write the first split_at bytes, the rest 50 ms later
};

constexpr auto kSplitPause = std::chrono::milliseconds(50);

}  // namespace

class Connection;

struct HostServer::Impl {
    explicit Impl(HostSetup s)
        : setup(std::move(s)),
          codec(setup.profile),
          framer(setup.profile.framing),
          recorder(setup.profile, setup.record_limits),
          fault_rng(setup.options.seed ^ 0x9E3779B97F4A7C15ULL),
          acceptor(io),
          accept_retry(io) {
        model = std::make_unique<HostModel>(setup.profile, std::move(setup.accounts), std::move(setup.terminals),
                                            setup.options);
    }

    HostSetup setup;
    iso8583::Codec codec;
    iso8583::Framer framer;
    Recorder recorder;
    std::unique_ptr<HostModel> model;
    std::mutex model_mutex;  // guards model and fault_rng
    std::mt19937_64 fault_rng;
    RuleBook rules;

    asio::io_context io;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    tcp::acceptor acceptor;
    asio::steady_timer accept_retry;  // out of descriptors: accept again after common::kAcceptBackoff
    bool accept_starved = false;      // recorded once per spell, not every 100 ms
    tcp::endpoint bound;
    std::unique_ptr<HeldPort> held;  // while a refuse-connections rule has the listener closed
    // The control endpoint has its own I/O thread: a big view is copied under the recorder's lock but decoded
    // and serialised here, never on a thread that answers terminals.
    asio::io_context control_io{1};
    std::unique_ptr<http::JsonEndpoint> control;
    std::thread control_thread;
    std::vector<std::thread> threads;

    std::mutex connections_mutex;
    std::set<std::shared_ptr<Connection>> connections;
    std::atomic<std::uint64_t> next_connection{1};

    std::mutex state_mutex;
    std::condition_variable state_cv;
    bool running = false;
    bool shutdown_requested = false;

    void open_listener();
    // Closes the listener for a refuse-connections rule, holding its port so the reopen gets it back.
    void close_listener(const std::string& why);
    void accept();
    void update_listener();  // refuse-connections rules close the listening socket; removing them reopens it
    void event(std::uint64_t conn, std::string note, std::string rule = {}, std::string kind = {}) {
        RecordedMessage m;
        m.direction = Direction::Event;
        m.connection = conn;
        m.note = std::move(note);
        m.rule = std::move(rule);
        m.event = std::move(kind);
        recorder.record(std::move(m));
    }
    void reset_open_connections(const std::string& rule);
    void forget(const std::shared_ptr<Connection>& c) {
        std::lock_guard lock(connections_mutex);
        connections.erase(c);
    }
    std::vector<Outgoing> answer(const Message& request, ByteView body, std::optional<ResponseRule>& rule,
                                 bool& close_after, std::string& note);
};

class Connection : public std::enable_shared_from_this<Connection> {
public:
    Connection(HostServer::Impl& host, tcp::socket socket, std::uint64_t id)
        : host_(host), socket_(std::move(socket)), strand_(asio::make_strand(host.io)), deadline_(strand_), id_(id) {}

    void start(bool read) {
        boost::system::error_code ec;
        socket_.set_option(tcp::no_delay(true), ec);
        if (read)
            asio::post(strand_, [self = shared_from_this()] {
                self->arm_deadline();
                self->read();
            });
    }

    // An abortive close: SO_LINGER 0, so the kernel sends RST (not FIN) and drops whatever the terminal sent that
    // the host has not read; the terminal's next write or read fails with ECONNRESET/EPIPE (7.3.6.7 c 2).
    void reset(const std::string& why, const std::string& rule) {
        asio::post(strand_, [self = shared_from_this(), why, rule] { self->reset_now(why, rule); });
    }

    void close(const std::string& why, std::function<void()> then = {}) {
        asio::post(strand_, [self = shared_from_this(), why, then = std::move(then)] {
            self->close_now(why);
            if (then) then();
        });
    }

private:
    void read() {
        socket_.async_read_some(asio::buffer(chunk_),
                                asio::bind_executor(strand_, [self = shared_from_this()](auto ec, std::size_t n) {
                                    self->on_read(ec, n);
                                }));
    }

    void on_read(const boost::system::error_code& ec, std::size_t n) {
        if (ec) {
            close_now(ec == asio::error::eof ? "terminal closed the connection"
                      : ec == asio::error::operation_aborted ? ""
                                                              : "read failed: " + ec.message());
            return;
        }
        if (inbox_.empty() && n > 0) partial_since_ = std::chrono::steady_clock::now();
        last_read_ = std::chrono::steady_clock::now();
        inbox_.insert(inbox_.end(), chunk_.begin(), chunk_.begin() + static_cast<std::ptrdiff_t>(n));
        while (!closed_) {
            std::optional<std::size_t> len;
            try {
                len = host_.framer.payload_length(ByteView(inbox_));
            } catch (const iso8583::DecodeError& e) {
                RecordedMessage m;
                m.direction = Direction::In;
                m.connection = id_;
                m.frame = inbox_;
                m.error = std::string("length header: ") + e.what();
                host_.recorder.record(std::move(m));
                close_now("unframeable input; connection closed");
                return;
            }
            if (len && *len > host_.setup.profile.framing.max_frame) return refuse_oversize(*len);
            std::size_t total = host_.framer.header_size() + (len ? *len : 0);
            if (!len || inbox_.size() < total) break;
            Bytes frame(inbox_.begin(), inbox_.begin() + static_cast<std::ptrdiff_t>(total));
            inbox_.erase(inbox_.begin(), inbox_.begin() + static_cast<std::ptrdiff_t>(total));
            if (!inbox_.empty()) partial_since_ = std::chrono::steady_clock::now();
            on_frame(std::move(frame));
        }
        if (closed_) return;
        arm_deadline();
        read();
    }

    // A length header announcing more than the profile's max_frame: the host would have to buffer it all (up to
    // 4 GiB behind binary4) before it could even look at it. Only the header is recorded.
    void refuse_oversize(std::size_t announced) {
        const std::size_t hs = std::min(host_.framer.header_size(), inbox_.size());
        RecordedMessage m;
        m.direction = Direction::In;
        m.connection = id_;
        m.frame.assign(inbox_.begin(), inbox_.begin() + static_cast<std::ptrdiff_t>(hs));
        m.error = "length header announces " + std::to_string(announced) + " bytes, more than the profile's max_frame " +
                  std::to_string(host_.setup.profile.framing.max_frame);
        host_.recorder.record(std::move(m));
        close_now("oversize frame (" + std::to_string(announced) + " bytes announced, max_frame " +
                  std::to_string(host_.setup.profile.framing.max_frame) + "); connection closed");
    }

    // The read and idle bounds (HostSetup): a partial message must complete within read_timeout of its first
    // byte (so half a header sent one byte at a time is closed all the same); a silent connection is closed
    // after idle_timeout. Re-armed after every read; a stale expiry finds its bound not reached and re-arms.
    void arm_deadline() {
        using clock = std::chrono::steady_clock;
        clock::time_point at;
        if (!inbox_.empty()) at = partial_since_ + host_.setup.read_timeout;
        else if (host_.setup.idle_timeout.count() > 0) at = last_read_ + host_.setup.idle_timeout;
        else return;
        deadline_.expires_at(at);
        deadline_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (!ec) self->on_deadline();
        });
    }

    void on_deadline() {
        if (closed_) return;
        const auto now = std::chrono::steady_clock::now();
        auto ms = [](auto d) { return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count()); };
        if (!inbox_.empty() && now >= partial_since_ + host_.setup.read_timeout)
            return close_now("read timeout: " + std::to_string(inbox_.size()) + " bytes of an incomplete message for " +
                             ms(now - partial_since_) + " ms (bound " + ms(host_.setup.read_timeout) +
                             " ms); connection closed");
        if (inbox_.empty() && host_.setup.idle_timeout.count() > 0 && now >= last_read_ + host_.setup.idle_timeout)
            return close_now("idle timeout: nothing received for " + ms(now - last_read_) + " ms; connection closed");
        arm_deadline();
    }

    void on_frame(Bytes frame) {
        const std::size_t hs = host_.framer.header_size();
        ByteView payload(frame.data() + hs, frame.size() - hs);
        RecordedMessage in;
        in.direction = Direction::In;
        in.connection = id_;
        Message request;
        bool decoded = false;
        try {
            host_.codec.decode_payload(payload, request);
            decoded = true;
        } catch (const iso8583::DecodeError&) {
            // The recorder's view shows the decode error.
        }
        in.frame = std::move(frame);
        if (!decoded) {
            answer_undecodable(std::move(in), hs);
            return;
        }
        if (std::optional<ResponseRule> reset = host_.rules.fire_reset(request)) {
            // The request is dropped unread: not recorded as received, not processed, never answered.
            reset_now("connection reset before the host read the request (" + std::to_string(in.frame.size()) +
                          " bytes discarded; response rule)",
                      reset->id);
            return;
        }
        ByteView body = ByteView(in.frame).subspan(hs + host_.codec.envelope_length());
        std::optional<ResponseRule> rule;
        bool close_after = false;
        std::string note;
        std::vector<Outgoing> replies = host_.answer(request, body, rule, close_after, note);
        in.note = note;
        if (rule) in.rule = rule->id;
        host_.recorder.record(std::move(in));
        if (rule && rule->action == RuleAction::NoReply) host_.event(id_, "no reply (response rule)", rule->id);
        for (auto& out : replies) send(std::move(out), rule ? rule->delay : std::chrono::milliseconds(0));
        if (close_after) close_now("closed without a reply (response rule " + rule->id + ")");
    }

    // A request the host cannot decode is answered as an acquirer does (docs/security.md "Strict input"): when the
    // TPDU, header and MTI are readable and the MTI is a request, with its response MTI and F39 = 30 "format error"
    // (CUP 格式错误, class C: fail, do not retry) — the terminal learns at once instead of timing out and reversing
    // a request the host never took. Nothing else is echoed (the fields did not decode) and no MAC is added (the
    // host cannot tell under which key). When not even the MTI reads, the stream cannot be trusted to be framed
    // right any more: the connection is closed, so the terminal reconnects rather than waits.
    void answer_undecodable(RecordedMessage in, std::size_t header_size) {
        ByteView payload = ByteView(in.frame).subspan(header_size);
        std::optional<Message> envelope = iso8583::read_envelope(host_.codec, payload);
        const bool request = envelope && (envelope->mti[2] - '0') % 2 == 0;
        if (!request) {
            in.note = envelope ? "undecodable message with MTI " + envelope->mti + ", not a request: nothing to answer"
                               : "undecodable request, MTI unreadable";
            host_.recorder.record(std::move(in));
            if (!envelope) close_now("connection closed: a request whose MTI cannot be read (the framing cannot be trusted)");
            return;
        }
        in.note = "undecodable request: answered 30 (format error)";
        host_.recorder.record(std::move(in));
        Message reply;
        reply.mti = iso8583::response_mti(envelope->mti);
        reply.tpdu = iso8583::swap_tpdu(envelope->tpdu);
        reply.header = envelope->header;
        reply.set(39, rc::kFormatError);
        Outgoing out;
        out.frame = host_.framer.frame(host_.codec.encode_payload(reply));
        out.note = "format error: the request did not decode";
        enqueue(std::move(out));
    }

    void send(Outgoing out, std::chrono::milliseconds delay) {
        if (delay.count() == 0) {
            enqueue(std::move(out));
            return;
        }
        auto timer = std::make_shared<asio::steady_timer>(strand_, delay);
        timer->async_wait([self = shared_from_this(), timer, out = std::move(out)](auto ec) mutable {
            if (!ec) self->enqueue(std::move(out));
        });
    }

    void enqueue(Outgoing out) {
        if (closed_) return;
        RecordedMessage m;
        m.direction = Direction::Out;
        m.connection = id_;
        m.note = out.note;
        m.rule = out.rule;
        m.retain_cash = out.retain_cash;
        m.spoiled = out.spoiled;
        m.frame = out.frame;  // exactly what goes on the wire; the view decodes it as the terminal will
        host_.recorder.record(std::move(m));
        if (out.split_at > 0 && out.split_at < out.frame.size()) {
            Bytes rest(out.frame.begin() + static_cast<std::ptrdiff_t>(out.split_at), out.frame.end());
            out.frame.resize(out.split_at);
            writes_.push_back(std::move(out.frame));
            auto timer = std::make_shared<asio::steady_timer>(strand_, kSplitPause);
            timer->async_wait([self = shared_from_this(), timer, rest = std::move(rest)](auto ec) mutable {
                if (!ec && !self->closed_) {
                    self->writes_.push_back(std::move(rest));
                    self->write_next();
                }
            });
        } else {
            writes_.push_back(std::move(out.frame));
        }
        write_next();
    }

    void write_next() {
        if (writing_ || writes_.empty() || closed_) return;
        writing_ = true;
        asio::async_write(socket_, asio::buffer(writes_.front()),
                          asio::bind_executor(strand_, [self = shared_from_this()](auto ec, std::size_t) {
                              self->writing_ = false;
                              self->writes_.pop_front();
                              if (ec) {
                                  self->close_now(ec == asio::error::operation_aborted ? "" : "write failed: " + ec.message());
                                  return;
                              }
                              self->write_next();
                          }));
    }

    void reset_now(const std::string& why, const std::string& rule) {
        if (closed_) return;
        closed_ = true;
        deadline_.cancel();
        boost::system::error_code ignored;
        socket_.set_option(asio::socket_base::linger(true, 0), ignored);
        socket_.close(ignored);
        host_.event(id_, why, rule, "reset");
        host_.forget(shared_from_this());
    }

    void close_now(const std::string& why) {
        if (closed_) return;
        closed_ = true;
        deadline_.cancel();
        boost::system::error_code ignored;
        socket_.shutdown(tcp::socket::shutdown_both, ignored);
        socket_.close(ignored);
        if (!why.empty()) host_.event(id_, why);
        host_.forget(shared_from_this());
    }

    HostServer::Impl& host_;
    tcp::socket socket_;
    asio::strand<asio::io_context::executor_type> strand_;
    asio::steady_timer deadline_;
    std::uint64_t id_;
    std::array<std::uint8_t, 4096> chunk_{};
    Bytes inbox_;
    std::chrono::steady_clock::time_point partial_since_{};                      // first byte of what inbox_ holds
    std::chrono::steady_clock::time_point last_read_ = std::chrono::steady_clock::now();
    std::deque<Bytes> writes_;
    bool writing_ = false;
    bool closed_ = false;
};

std::vector<Outgoing> HostServer::Impl::answer(const Message& request, ByteView body,
                                               std::optional<ResponseRule>& rule, bool& close_after,
                                               std::string& note) {
    rule = rules.fire(request);
    std::lock_guard lock(model_mutex);
    std::optional<std::string> forced;
    if (rule && rule->code) {
        forced = *rule->code == kRetainCashCode ? model->options().retain_cash_codes.front() : *rule->code;
    }
    Outcome outcome = model->handle(request, body, forced);
    note = outcome.note;
    if (rule) note += (note.empty() ? "" : "; ") + std::string("response rule ") + rule->id +
                      (rule->name.empty() ? "" : " (" + rule->name + ")");
    if (!outcome.reply) return {};
    if (rule && rule->action == RuleAction::NoReply) return {};
    if (rule && rule->action == RuleAction::Close) {
        close_after = true;
        return {};
    }
    Message& reply = *outcome.reply;
    Outgoing out;
    if (rule) out.rule = rule->id;
    std::vector<std::string> faults;
    if (rule && rule->mutate != KeyField::None) {
        faults.push_back(mutate_key_field(reply, rule->mutate));
        out.spoiled.push_back("mutate: " + faults.back());
        model->sign(reply, request.find(41) ? request.at(41) : std::string());  // a valid MAC over the wrong value: only the terminal's field check can catch it
    }
    if (rule && rule->bad_mac && corrupt_mac(reply)) {
        faults.push_back("MAC corrupted");
        out.spoiled.push_back("bad-mac");
    }
    if (rule && rule->no_mac && drop_mac(reply)) {
        faults.push_back("MAC removed");
        out.spoiled.push_back("no-mac");
    }
    if (const std::string* rc = reply.find(39)) out.retain_cash = model->is_retain_cash_code(*rc);
    Bytes payload = codec.encode_payload(reply);
    Malformation malform = rule ? rule->malform : Malformation::None;
    out.frame = malformed_frame(malform, payload, codec, framer, fault_rng);
    if (malform != Malformation::None) {
        faults.push_back("malformed: " + to_string(malform));
        out.spoiled.push_back(faults.back());
    }
    if (rule && rule->delay.count()) faults.push_back("delayed " + std::to_string(rule->delay.count()) + " ms");
    if (rule && rule->split) {
        out.split_at = framer.header_size() + (out.frame.size() - framer.header_size()) / 2;
        faults.push_back("split across two writes");
    }
    for (const auto& f : faults) out.note += (out.note.empty() ? "" : "; ") + f;
    std::vector<Outgoing> replies;
    if (rule && rule->coalesce) {
        Bytes twice = out.frame;
        twice.insert(twice.end(), out.frame.begin(), out.frame.end());
        out.frame = std::move(twice);
        out.note += (out.note.empty() ? "" : "; ") + std::string("two replies in one write");
        replies.push_back(std::move(out));
    } else {
        replies.push_back(out);
        if (rule && rule->duplicate) {
            out.note += (out.note.empty() ? "" : "; ") + std::string("duplicate reply");
            replies.push_back(std::move(out));
        }
    }
    return replies;
}

void HostServer::Impl::open_listener() {
    tcp::endpoint ep = bound;
    acceptor.open(ep.protocol());
    acceptor.set_option(tcp::acceptor::reuse_address(true));
    acceptor.bind(ep);
    acceptor.listen(asio::socket_base::max_listen_connections);
    bound = acceptor.local_endpoint();
}

void HostServer::Impl::close_listener(const std::string& why) {
    boost::system::error_code ignored;
    acceptor.close(ignored);
    try {
        held = std::make_unique<HeldPort>(bound.address().to_string() + ":" + std::to_string(bound.port()));
    } catch (const std::runtime_error& e) {
        event(0, std::string("the closed listener's port could not be held: ") + e.what());
    }
    event(0, why);
}

void HostServer::Impl::accept() {
    if (!acceptor.is_open()) return;
    acceptor.async_accept(asio::make_strand(io), [this](const boost::system::error_code& ec, tcp::socket socket) {
        if (ec) {
            if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
            if (!common::out_of_descriptors(ec)) return accept();
            if (!accept_starved) event(0, "accept failed: " + ec.message() + "; accepting again every 100 ms");
            accept_starved = true;
            accept_retry.expires_after(common::kAcceptBackoff);
            accept_retry.async_wait([this](const boost::system::error_code& e) {
                if (!e) accept();
            });
            return;
        }
        if (accept_starved) event(0, "accepting again");
        accept_starved = false;
        std::uint64_t id = next_connection++;
        std::optional<ResponseRule> link = rules.fire_link();
        std::string peer;
        boost::system::error_code pe;
        auto remote = socket.remote_endpoint(pe);
        if (!pe) peer = remote.address().to_string() + ":" + std::to_string(remote.port());
        std::size_t open = 0;
        {
            std::lock_guard lock(connections_mutex);
            open = connections.size();
        }
        if (open >= setup.max_connections) {
            boost::system::error_code ignored;
            socket.close(ignored);
            event(id, "connection from " + peer + " refused: " + std::to_string(open) +
                          " connections open (max_connections " + std::to_string(setup.max_connections) + ")");
        } else if (link && link->action == RuleAction::ResetOnAccept) {
            boost::system::error_code ignored;
            socket.set_option(asio::socket_base::linger(true, 0), ignored);
            socket.close(ignored);
            event(id, "connection from " + peer + " accepted and reset before reading (response rule)", link->id, "reset");
        } else if (link && link->action == RuleAction::CloseOnAccept) {
            event(id, "connection from " + peer + " accepted and closed before reading (response rule)", link->id);
            boost::system::error_code ignored;
            socket.close(ignored);
        } else {
            auto conn = std::make_shared<Connection>(*this, std::move(socket), id);
            {
                std::lock_guard lock(connections_mutex);
                connections.insert(conn);
            }
            bool reading = !(link && link->action == RuleAction::StopReading);
            event(id, "connection from " + peer + " accepted" + (reading ? "" : "; host will never read it"),
                  link ? link->id : "");
            conn->start(reading);
        }
        accept();
    });
}

void HostServer::Impl::update_listener() {
    asio::post(acceptor.get_executor(), [this] {
        bool refuse = rules.refusing();
        if (refuse && acceptor.is_open()) {
            close_listener("listener closed: connections are refused (response rule)");
        } else if (!refuse && !acceptor.is_open()) {
            try {
                open_listener();
                held.reset();
                event(0, "listener reopened on " + bound.address().to_string() + ":" + std::to_string(bound.port()));
                accept();
            } catch (const std::exception& e) {
                event(0, std::string("listener could not be reopened: ") + e.what());
            }
        }
    });
}

HostServer::HostServer(HostSetup setup) : impl_(std::make_unique<Impl>(std::move(setup))) {
    for (auto& r : impl_->setup.rules) impl_->rules.add(std::move(r));
    impl_->setup.rules.clear();
    if (impl_->setup.record_file) impl_->recorder.open_sink(*impl_->setup.record_file);
}

HostServer::~HostServer() { stop(); }

void HostServer::start() {
    auto [addr, port] = parse_endpoint(impl_->setup.listen);
    impl_->bound = tcp::endpoint(asio::ip::make_address(addr), port);
    try {
        impl_->open_listener();
    } catch (const boost::system::system_error& e) {
        throw std::runtime_error("cannot listen on " + impl_->setup.listen + ": " + e.code().message());
    }
    if (!impl_->setup.control_listen.empty()) {
        auto [caddr, cport] = parse_endpoint(impl_->setup.control_listen);
        impl_->control = std::make_unique<http::JsonEndpoint>(
            impl_->control_io, [this](const http::Request& r) { return control_request(*this, r); });
        impl_->control->start(caddr, cport);
        impl_->control_thread = std::thread([this] { impl_->control_io.run(); });
    }
    if (impl_->rules.refusing()) impl_->close_listener("listener closed at start: connections are refused (response rule)");
    impl_->work.emplace(impl_->io.get_executor());
    impl_->accept();
    {
        std::lock_guard lock(impl_->state_mutex);
        impl_->running = true;
    }
    int n = std::max(1, impl_->setup.threads);
    for (int i = 0; i < n; ++i) impl_->threads.emplace_back([this] { impl_->io.run(); });
}

void HostServer::stop() {
    {
        std::lock_guard lock(impl_->state_mutex);
        if (!impl_->running) return;
        impl_->running = false;
    }
    // The listener and every connection are closed on the I/O threads (each on its strand; closing sends the FIN at
    // once); the loop is stopped as soon as the last one closed, bounded in case a handler holds a thread.
    auto closed = std::make_shared<std::promise<void>>();
    std::future<void> done = closed->get_future();
    asio::post(impl_->io, [this, closed] {
        boost::system::error_code ignored;
        impl_->acceptor.close(ignored);
        impl_->accept_retry.cancel();
        std::set<std::shared_ptr<Connection>> conns;
        {
            std::lock_guard lock(impl_->connections_mutex);
            conns = impl_->connections;
        }
        impl_->work.reset();
        if (conns.empty()) return closed->set_value();
        auto left = std::make_shared<std::atomic<std::size_t>>(conns.size());
        for (const auto& c : conns)
            c->close("", [closed, left] {
                if (--*left == 0) closed->set_value();
            });
    });
    done.wait_for(std::chrono::milliseconds(500));
    if (impl_->control) {
        impl_->control_io.stop();
        if (impl_->control_thread.joinable()) impl_->control_thread.join();
        impl_->control->stop();  // no thread runs its context any more
    }
    impl_->io.stop();
    for (auto& t : impl_->threads)
        if (t.joinable()) t.join();
    impl_->threads.clear();
    {
        std::lock_guard lock(impl_->connections_mutex);
        impl_->connections.clear();
    }
    impl_->state_cv.notify_all();
}

void HostServer::wait() {
    std::unique_lock lock(impl_->state_mutex);
    impl_->state_cv.wait(lock, [this] { return !impl_->running || impl_->shutdown_requested; });
}

void HostServer::request_shutdown() {
    std::lock_guard lock(impl_->state_mutex);
    impl_->shutdown_requested = true;
    impl_->state_cv.notify_all();
}

std::string HostServer::address() const {
    return net::host_port(impl_->bound.address().to_string(), impl_->bound.port());
}

std::string HostServer::control_address() const {
    if (!impl_->control) return "";
    return net::host_port(parse_endpoint(impl_->setup.control_listen).first, impl_->control->port());
}

std::string HostServer::control_token() const { return impl_->control ? impl_->control->token() : ""; }

std::string HostServer::add_rule(ResponseRule rule) {
    bool reset_open = rule.action == RuleAction::ResetOnAccept;
    std::string id = impl_->rules.add(std::move(rule));
    impl_->update_listener();
    if (reset_open) impl_->reset_open_connections(id);
    return id;
}

void HostServer::Impl::reset_open_connections(const std::string& rule) {
    // A terminal holding a link when a reset_on_accept rule is added must connect anew to meet it.
    std::set<std::shared_ptr<Connection>> conns;
    {
        std::lock_guard lock(connections_mutex);
        conns = connections;
    }
    for (const auto& c : conns) c->reset("open connection reset (response rule)", rule);
}

bool HostServer::remove_rule(const std::string& id) {
    bool removed = impl_->rules.remove(id);
    impl_->update_listener();
    return removed;
}

void HostServer::clear_rules() {
    impl_->rules.clear();
    impl_->update_listener();
}

void HostServer::set_record_listener(std::function<void(const boost::json::object&)> listener) {
    impl_->recorder.set_listener(std::move(listener));
}

boost::json::array HostServer::rules_json() const { return impl_->rules.to_json(); }

boost::json::array HostServer::messages_json(std::uint64_t since_seq) const { return impl_->recorder.to_json(since_seq); }

boost::json::object HostServer::messages_page(const common::ViewQuery& query) const {
    return impl_->recorder.page(query);
}

boost::json::object HostServer::ledger_json() const {
    std::lock_guard lock(impl_->model_mutex);
    boost::json::object o;
    o["postings"] = impl_->model->ledger().to_json();
    o["accounts"] = impl_->model->accounts_json();
    return o;
}

boost::json::object HostServer::status_json() const {
    boost::json::object o;
    o["status"] = "ok";
    o["host"] = address();
    o["profile"] = impl_->setup.profile.name;
    boost::json::object record = impl_->recorder.status();
    o["messages"] = record.at("recorded");  // every message ever recorded; the record keeps the last `kept`
    o["record"] = std::move(record);
    boost::json::array codes;
    for (const auto& c : impl_->model->options().retain_cash_codes) codes.push_back(boost::json::value(c));
    o["retain_cash_codes"] = std::move(codes);
    {
        std::lock_guard lock(impl_->model_mutex);
        o["terminals"] = impl_->model->terminals_json();
    }
    return o;
}

}  // namespace atmbench::host
