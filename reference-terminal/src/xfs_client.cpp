#include "atmbench/terminal/xfs_client.hpp"

#include "atmbench/common/host_port.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <thread>

namespace atmbench::terminal {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = asio::ip::tcp;

bool XfsReply::has_event(const std::string& name) const { return event(name) != nullptr; }

const XfsEvent* XfsReply::event(const std::string& name) const {
    for (const auto& e : events)
        if (e.name == name) return &e;
    return nullptr;
}

namespace {

struct Uri {
    std::string host, port, path;
};

Uri parse_uri(const std::string& uri) {
    const std::string scheme = "ws://";
    if (uri.rfind(scheme, 0) != 0)
        throw XfsError("device URI '" + uri + "': expected ws://HOST:PORT/PATH (this terminal speaks plain ws:// only)");
    std::string rest = uri.substr(scheme.size());
    auto slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    common::HostPort at;
    try {
        at = common::parse_host_port(authority);
    } catch (const common::HostPortError& e) {
        throw XfsError("device URI '" + uri + "': " + e.what());
    }
    return {at.address, std::to_string(at.port), slash == std::string::npos ? "/" : rest.substr(slash)};
}

std::string text_of(const json::object& o, const char* key) {
    const json::value* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

struct XfsClient::Impl {
    struct Connection {
        explicit Connection(asio::io_context& io) : ws(io) {}
        websocket::stream<beast::tcp_stream> ws;
        beast::flat_buffer buffer;
        std::deque<std::string> outbox;  // one write at a time per connection (Beast's rule)
        bool writing = false;
        bool open = true;
        std::string service;
    };
    struct Pending {
        std::string service;
        std::vector<XfsEvent> events;
        std::optional<XfsReply> done;
    };

    asio::io_context io;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work{io.get_executor()};
    std::thread thread;
    std::map<std::string, std::shared_ptr<Connection>> connections;  // by service name (io thread after connect)
    std::map<std::string, std::string> interfaces;                     // interface → service

    std::mutex mutex;  // guards pending, events, next_id
    std::condition_variable changed;
    std::map<int, Pending> pending;
    std::deque<XfsEvent> events;
    int next_id = 1;
    bool interrupted = false;  // interrupt_wait() since the last interruptible wait

    Impl() {
        thread = std::thread([this] { io.run(); });
    }

    ~Impl() { shutdown(); }

    void shutdown() {
        if (!thread.joinable()) return;
        asio::post(io, [this] {
            for (auto& [name, c] : connections) {
                c->open = false;
                beast::error_code ec;
                beast::get_lowest_layer(c->ws).socket().close(ec);
            }
        });
        work.reset();
        io.stop();
        thread.join();
    }

    std::shared_ptr<Connection> connect(const std::string& service, const std::string& uri,
                                        std::chrono::milliseconds timeout) {
        Uri u = parse_uri(uri);
        auto conn = std::make_shared<Connection>(io);
        conn->service = service;
        // Shared with the handlers, which may still run after the wait below gave up: nothing of this frame is
        // touched by them (a late answer lands in the shared promise and is dropped with it).
        auto done = std::make_shared<std::promise<std::string>>();
        auto result = done->get_future();
        asio::post(io, [done, conn, u, timeout] {
            auto& stream = beast::get_lowest_layer(conn->ws);
            stream.expires_after(timeout);
            beast::error_code ec;
            auto addr = asio::ip::make_address(u.host, ec);
            if (ec) return done->set_value("'" + u.host + "' is not an IP address");
            unsigned long port = std::strtoul(u.port.c_str(), nullptr, 10);
            stream.async_connect(tcp::endpoint(addr, static_cast<unsigned short>(port)), [done, conn, u, timeout](beast::error_code e) {
                if (e) return done->set_value("connect: " + e.message());
                beast::get_lowest_layer(conn->ws).expires_never();
                websocket::stream_base::timeout opt{timeout, websocket::stream_base::none(), false};
                conn->ws.set_option(opt);
                conn->ws.async_handshake(u.host + ":" + u.port, u.path, [done, conn](beast::error_code h) {
                    if (h) return done->set_value("WebSocket handshake: " + h.message());
                    done->set_value("");
                });
            });
        });
        if (result.wait_for(timeout + std::chrono::milliseconds(500)) != std::future_status::ready)
            throw XfsError("connecting to " + uri + " did not finish within " + std::to_string(timeout.count()) + " ms");
        std::string error = result.get();
        if (!error.empty()) throw XfsError(uri + ": " + error);
        asio::post(io, [this, conn] {
            connections[conn->service] = conn;
            read(conn);
        });
        return conn;
    }

    void read(const std::shared_ptr<Connection>& c) {
        c->ws.async_read(c->buffer, [this, c](beast::error_code ec, std::size_t) {
            if (ec) {
                c->open = false;
                fail_connection(c->service, "connection to " + c->service + " lost: " + ec.message());
                return;
            }
            std::string text = beast::buffers_to_string(c->buffer.data());
            c->buffer.consume(c->buffer.size());
            deliver(c->service, text);
            read(c);
        });
    }

    void fail_connection(const std::string& service, const std::string& why) {
        std::lock_guard lock(mutex);
        for (auto& [id, p] : pending)
            if (p.service == service && !p.done) p.done = XfsReply{"connectionLost", "", why, nullptr, p.events};
        changed.notify_all();
    }

    void deliver(const std::string& service, const std::string& text) {
        json::error_code ec;
        json::value v = json::parse(text, ec);
        // A message that is not a JSON object with a header is the device's fault; a waiting command ends with
        // "malformedAnswer" when its id can be found, otherwise the message is dropped (reference §1.3).
        if (ec || !v.is_object() || !v.as_object().if_contains("header") ||
            !v.as_object().at("header").is_object()) {
            std::lock_guard lock(mutex);
            for (auto& [id, p] : pending)
                if (p.service == service && !p.done)
                    p.done = XfsReply{"malformedAnswer", "", "not an XFS4IoT message: " + text.substr(0, 120), nullptr, p.events};
            changed.notify_all();
            return;
        }
        const json::object& header = v.as_object().at("header").as_object();
        json::value payload = v.as_object().if_contains("payload") ? v.as_object().at("payload") : json::value();
        std::string type = text_of(header, "type");
        std::string name = text_of(header, "name");
        const json::value* rid = header.if_contains("requestId");
        std::lock_guard lock(mutex);
        if (type == "unsolicited") {
            events.push_back({service, name, std::move(payload)});
            changed.notify_all();
            return;
        }
        if (!rid || !rid->is_int64()) {
            // A solicited message without an id: the device broke the envelope. The oldest waiting command of this
            // service cannot be matched any more; end it rather than wait forever.
            for (auto& [id, p] : pending)
                if (p.service == service && !p.done) {
                    p.done = XfsReply{"malformedAnswer", "", type + " without requestId", nullptr, p.events};
                    break;
                }
            changed.notify_all();
            return;
        }
        auto it = pending.find(static_cast<int>(rid->as_int64()));
        if (it == pending.end() || it->second.done) return;  // late answer to something given up on, or unknown id
        Pending& p = it->second;
        if (type == "acknowledge") {
            const json::value* status = header.if_contains("status");
            if (status && status->is_string())
                p.done = XfsReply{"rejected:" + std::string(status->as_string()), "", text_of(header, "errorDescription"),
                                  nullptr, p.events};
        } else if (type == "event") {
            p.events.push_back({service, name, std::move(payload)});
        } else if (type == "completion") {
            XfsReply r;
            r.code = text_of(header, "completionCode");
            if (r.code.empty()) r.code = "malformedAnswer";
            r.description = text_of(header, "errorDescription");
            if (payload.is_object()) r.error_code = text_of(payload.as_object(), "errorCode");
            r.payload = std::move(payload);
            r.events = std::move(p.events);
            p.done = std::move(r);
        }
        changed.notify_all();
    }

    void write(const std::shared_ptr<Connection>& c, std::string text) {
        asio::post(io, [this, c, text = std::move(text)]() mutable {
            if (!c->open) return;
            c->outbox.push_back(std::move(text));
            if (!c->writing) pump(c);
        });
    }

    void pump(const std::shared_ptr<Connection>& c) {
        if (c->outbox.empty() || !c->open) {
            c->writing = false;
            return;
        }
        c->writing = true;
        c->ws.text(true);
        c->ws.async_write(asio::buffer(c->outbox.front()), [this, c](beast::error_code ec, std::size_t) {
            c->outbox.pop_front();
            if (ec) {
                c->open = false;
                fail_connection(c->service, "sending to " + c->service + " failed: " + ec.message());
                return;
            }
            pump(c);
        });
    }

    std::shared_ptr<Connection> route(const std::string& command, const std::string& via) {
        std::string iface = via.empty() ? command.substr(0, command.find('.')) : via;
        auto it = interfaces.find(iface);
        if (it == interfaces.end()) throw XfsError("no service implements the " + iface + " interface");
        auto c = connections_snapshot(it->second);
        if (!c) throw XfsError("service " + it->second + " is not connected");
        return c;
    }

    std::shared_ptr<Connection> connections_snapshot(const std::string& service) {
        // Shared with the handler, which may run after the bound below (see connect()).
        auto p = std::make_shared<std::promise<std::shared_ptr<Connection>>>();
        auto f = p->get_future();
        asio::post(io, [this, p, service] {
            auto it = connections.find(service);
            p->set_value(it == connections.end() ? nullptr : it->second);
        });
        if (f.wait_for(std::chrono::seconds(2)) != std::future_status::ready) return nullptr;
        return f.get();
    }

    int send(const std::shared_ptr<Connection>& c, const std::string& command, const json::value& payload,
             std::chrono::milliseconds header_timeout) {
        int id;
        {
            std::lock_guard lock(mutex);
            id = next_id++;
            pending[id].service = c->service;
        }
        json::object header{{"type", "command"}, {"name", command}, {"requestId", id}, {"version", "2.0"}};
        if (header_timeout.count() > 0) header["timeout"] = header_timeout.count();
        json::object msg{{"header", std::move(header)}, {"payload", payload.is_null() ? json::value(json::object{}) : payload}};
        write(c, json::serialize(msg));
        return id;
    }

    std::optional<XfsReply> wait(int id, std::chrono::milliseconds bound, bool interruptible) {
        std::unique_lock lock(mutex);
        auto it = pending.find(id);
        if (it == pending.end()) return XfsReply{"unknownRequest", "", "no such request", nullptr, {}};
        bool ended = changed.wait_for(lock, bound, [&] { return it->second.done.has_value() || (interruptible && interrupted); });
        if (interruptible) interrupted = false;
        if (!ended || !it->second.done) return std::nullopt;
        XfsReply r = std::move(*it->second.done);
        pending.erase(it);
        return r;
    }
};

XfsClient::XfsClient() : impl_(std::make_unique<Impl>()) {}
XfsClient::~XfsClient() = default;

void XfsClient::discover(const std::string& publisher_uri, std::chrono::milliseconds timeout) {
    auto publisher = impl_->connect("publisher", publisher_uri, timeout);
    impl_->interfaces["ServicePublisher"] = "publisher";
    XfsReply services = call("ServicePublisher.GetServices", json::object{}, timeout);
    if (!services.ok()) throw XfsError("ServicePublisher.GetServices: " + services.code + " " + services.description);
    const json::value* list = services.payload.is_object() ? services.payload.as_object().if_contains("services") : nullptr;
    if (!list || !list->is_array()) throw XfsError("ServicePublisher.GetServices: completion without services[]");
    for (const auto& s : list->as_array()) {
        std::string uri = s.is_object() ? text_of(s.as_object(), "serviceURI") : "";
        if (uri.empty()) throw XfsError("ServicePublisher.GetServices: a service without serviceURI");
        std::string trimmed = uri.back() == '/' ? uri.substr(0, uri.size() - 1) : uri;
        std::string name = trimmed.substr(trimmed.rfind('/') + 1);
        impl_->connect(name, uri, timeout);
        impl_->interfaces["@" + name] = name;  // lets Common.Capabilities be routed to this very service
        XfsReply caps = call("Common.Capabilities", json::object{}, timeout, "@" + name);
        if (!caps.ok()) throw XfsError(name + ": Common.Capabilities ended " + caps.code);
        const json::value* ifs = caps.payload.is_object() ? caps.payload.as_object().if_contains("interfaces") : nullptr;
        if (!ifs || !ifs->is_array()) throw XfsError(name + ": Common.Capabilities without interfaces[]");
        for (const auto& i : ifs->as_array()) {
            std::string iface = i.is_object() ? text_of(i.as_object(), "name") : "";
            // Every service implements Common; the first service with any other interface owns it.
            if (!iface.empty() && iface != "Common" && !impl_->interfaces.count(iface)) impl_->interfaces[iface] = name;
        }
    }
}

std::optional<std::string> XfsClient::service_for(const std::string& interface_name) const {
    auto it = impl_->interfaces.find(interface_name);
    if (it == impl_->interfaces.end()) return std::nullopt;
    return it->second;
}

XfsReply XfsClient::call(const std::string& command, const json::value& payload, std::chrono::milliseconds wait,
                         const std::string& via, std::chrono::milliseconds header_timeout) {
    int id = start(command, payload, via, header_timeout);
    if (auto r = finish(id, wait)) return *r;
    cancel(id);
    // The cancel's own completion (canceled) is what a sound device sends next; give it a moment, then give up.
    if (auto r = finish(id, std::chrono::milliseconds(1000))) {
        r->description = "no completion within " + std::to_string(wait.count()) + " ms, cancelled (" + r->code + ")";
        r->code = "noAnswer";
        return *r;
    }
    std::lock_guard lock(impl_->mutex);
    impl_->pending.erase(id);
    return XfsReply{"noAnswer", "", command + ": no completion within " + std::to_string(wait.count()) + " ms", nullptr, {}};
}

int XfsClient::start(const std::string& command, const json::value& payload, const std::string& via,
                     std::chrono::milliseconds header_timeout) {
    return impl_->send(impl_->route(command, via), command, payload, header_timeout);
}

std::optional<XfsReply> XfsClient::finish(int request_id, std::chrono::milliseconds wait, bool interruptible) {
    return impl_->wait(request_id, wait, interruptible);
}

void XfsClient::interrupt_wait() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->interrupted = true;
    }
    impl_->changed.notify_all();
}

void XfsClient::cancel(int request_id) {
    std::string service;
    {
        std::lock_guard lock(impl_->mutex);
        auto it = impl_->pending.find(request_id);
        if (it == impl_->pending.end() || it->second.done) return;
        service = it->second.service;
    }
    if (auto c = impl_->connections_snapshot(service))
        impl_->send(c, "Common.Cancel", json::object{{"requestIds", json::array{request_id}}}, std::chrono::milliseconds(0));
}

bool XfsClient::has_event(int request_id, const std::string& name) const {
    std::lock_guard lock(impl_->mutex);
    auto it = impl_->pending.find(request_id);
    if (it == impl_->pending.end()) return false;
    const auto& events = it->second.done ? it->second.done->events : it->second.events;
    return std::any_of(events.begin(), events.end(), [&](const XfsEvent& e) { return e.name == name; });
}

std::optional<XfsEvent> XfsClient::next_event(std::chrono::milliseconds wait) {
    std::unique_lock lock(impl_->mutex);
    if (!impl_->changed.wait_for(lock, wait, [&] { return !impl_->events.empty(); })) return std::nullopt;
    XfsEvent e = std::move(impl_->events.front());
    impl_->events.pop_front();
    return e;
}

std::vector<XfsEvent> XfsClient::drain_events() {
    std::lock_guard lock(impl_->mutex);
    std::vector<XfsEvent> out(impl_->events.begin(), impl_->events.end());
    impl_->events.clear();
    return out;
}

void XfsClient::close() { impl_->shutdown(); }

}  // namespace atmbench::terminal
