#include "atmbench/devices/device_set.hpp"

#include "atmbench/common/host_port.hpp"
#include "atmbench/common/json_endpoint.hpp"
#include "atmbench/common/listen_address.hpp"
#include "atmbench/common/pan_scan.hpp"
#include "atmbench/common/strict_json.hpp"
#include "atmbench/devices/fault_table.hpp"
#include "atmbench/xfs4iot/xfs_server.hpp"
#include "devices/device_type.hpp"
#include "usb_serving.hpp"
#include "wire_redaction.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <set>
#include <thread>

namespace atmbench::devices {

namespace json = boost::json;

namespace {

// One device of the set: its id on the control endpoint (the fixture's, default its type) and its type.
struct PlacedDevice {
    std::string id;
    const DeviceType* type;
    std::unique_ptr<SimulatedDevice> device;
};

}  // namespace

struct DeviceSet::Impl {
    explicit Impl(DeviceSetup s) : setup(std::move(s)), server(server_options(setup)) {}

    static xfs4iot::ServerOptions server_options(const DeviceSetup& s) {
        xfs4iot::ServerOptions o;
        o.listen = s.listen;
        o.tls_certificate = s.tls_certificate;
        o.tls_key = s.tls_key;
        o.wire_limits = s.wire_limits;
        return o;
    }

    DeviceSetup setup;
    xfs4iot::XfsServer server;
    std::vector<PlacedDevice> devices;
    std::vector<std::pair<std::string, std::shared_ptr<UsbWireFace>>> usb_faces;  // {device id, face}, set order
    std::unique_ptr<UsbServing> usb;  // while running, when the set has USB faces
    boost::asio::io_context control_io;
    std::unique_ptr<http::JsonEndpoint> control;
    std::thread control_thread;
    std::mutex state_mutex;
    std::condition_variable state_cv;
    mutable std::mutex secrets_mutex;
    mutable std::set<RedactedSecret> secrets;  // what wire_json and the wire listener redacted; never written anywhere
    void keep_secrets(const std::vector<RedactedSecret>& seen) const;
    bool running = false;
    bool shutdown_requested = false;

    SimulatedDevice& device(const std::string& id);
};

namespace {

std::vector<PlacedDevice> make_devices(const DeviceFixture& f, const CardCatalogue& cards,
                                       xfs4iot::XfsServer* server = nullptr) {
    std::vector<PlacedDevice> d;
    DeviceContext context{cards};
    context.open_lines = server != nullptr;
    // Both in the one wire record as {"deviceLine": …}: a service's own line from the I/O thread, in order with the
    // XFS4IoT messages it explains; a USB face's exchange from its transport's thread, posted to the I/O thread,
    // where the wire listener is called (set_wire_listener).
    auto record = [server](const std::string& service, json::object view) {
        const bool inbound = view["direction"] == "fromDevice";
        server->record_device_line(service, inbound, json::serialize(json::object{{"deviceLine", std::move(view)}}));
    };
    if (server) {
        context.device_line = record;
        context.wire_exchange = [server, record](const std::string& face, json::object view) {
            server->post([record, face, view = std::move(view)]() mutable { record(face, std::move(view)); });
        };
    }
    for (const DeviceEntry& e : f.devices) {
        const DeviceType* type = find_device_type(e.type);
        if (!type) throw ActionError("device " + e.id + ": no device type '" + e.type + "'");
        context.id = e.id;
        d.push_back({e.id, type, type->make(e.config, context)});
    }
    return d;
}

PlacedDevice& find_device(std::vector<PlacedDevice>& devices, const std::string& id) {
    std::string known;
    for (auto& d : devices) {
        if (d.id == id) return d;
        known += (known.empty() ? "" : ", ") + d.id;
    }
    throw ActionError("no device '" + id + "' (devices: " + known + ")");
}

// The fault table's check for one device of the set; the answer faults' points are its services' commands.
// Reads only what the device and its services declare (const, fixed at construction): safe off the I/O thread.
void check_device_fault(PlacedDevice& placed, const FaultSpec& fault) {
    const auto& answers = answer_fault_names();
    if (placed.device->services().empty() && std::find(answers.begin(), answers.end(), fault.name) != answers.end()) {
        // A device without an XFS4IoT service (a USB device) sends no XFS4IoT answer to spoil: armed, it never fires.
        std::vector<std::string> own = fault_names(placed.type->faults);
        std::string listed;
        for (const auto& n : own) listed += (listed.empty() ? "" : ", ") + n;
        throw FaultSpecError({"name", "fault " + fault.name + " on " + placed.id + ": an XFS4IoT answer fault, and " +
                                          placed.id + " has no XFS4IoT service (its own faults: " + listed + ")",
                              own});
    }
    std::vector<std::string> commands = xfs4iot::framework_command_names();
    // missingEvent's points: every event the services declare, and the framework's Common.StatusChangedEvent.
    std::vector<std::string> events{"Common.StatusChangedEvent"};
    for (const auto& s : placed.device->services()) {
        for (const auto& [name, _] : s->commands()) commands.push_back(name);
        for (const auto& e : s->events())
            if (std::find(events.begin(), events.end(), e) == events.end()) events.push_back(e);
    }
    if (auto problem = check_fault(placed.id, placed.type->faults, fault, commands, events))
        throw FaultSpecError(std::move(*problem));
}

// The wire record's counters as /health and GET /wire show them.
json::object wire_counters_json(const xfs4iot::WireCounters& c) {
    return {{"recorded", c.recorded}, {"kept", c.kept}, {"dropped", c.dropped}, {"bytes", c.bytes},
            {"max_messages", c.limits.max_messages}, {"max_bytes", c.limits.max_bytes}};
}

}  // namespace

SimulatedDevice& DeviceSet::Impl::device(const std::string& id) { return *find_device(devices, id).device; }

DeviceSet::DeviceSet(DeviceSetup setup) : impl_(std::make_unique<Impl>(std::move(setup))) {
    impl_->devices = make_devices(impl_->setup.fixture, impl_->setup.cards, &impl_->server);
    // Two transports: the XFS4IoT server for the services, USB (USB/IP or ptys, usb_serving.hpp) for USB faces.
    for (auto& placed : impl_->devices)
        for (const auto& face : placed.device->wire_faces()) {
            if (auto usb = std::dynamic_pointer_cast<UsbWireFace>(face)) impl_->usb_faces.emplace_back(placed.id, usb);
            else if (face->protocol() != "xfs4iot")
                throw std::invalid_argument("device " + placed.id + ": no transport for its " + face->protocol() +
                                            " face " + face->face_name() + " (this device set serves xfs4iot and usb)");
        }
    if (!impl_->setup.usbip_listen.empty() && impl_->usb_faces.empty())  // asked for, it would export nothing
        throw std::invalid_argument("--usbip " + impl_->setup.usbip_listen +
                                    ": the device set has no USB device to export (types ccnetValidator, escposPrinter)");
    for (auto& placed : impl_->devices)
        for (auto& s : placed.device->services()) impl_->server.add_service(s);
}

std::vector<std::pair<std::string, std::vector<std::string>>> DeviceSet::device_actions(const DeviceFixture& fixture) {
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    for (const auto& d : make_devices(fixture, CardCatalogue{})) {
        std::vector<std::string> names;
        for (const auto& a : d.device->actions()) names.push_back(a.name);
        out.emplace_back(d.id, std::move(names));
    }
    return out;
}

void DeviceSet::check_fault(const DeviceFixture& fixture, const std::string& device, const json::object& spec) {
    FaultSpec fault = parse_fault_spec(spec);
    auto devices = make_devices(fixture, CardCatalogue{});
    check_device_fault(find_device(devices, device), fault);
}

DeviceSet::~DeviceSet() { stop(); }

namespace {

http::Response route(DeviceSet& set, const http::Request& req) {
    auto ok = [](json::value v) { return http::Response{200, std::move(v)}; };
    auto wrong_method = [&] { return http::error(405, "method " + req.method + " not allowed on " + req.path); };
    try {
        if (req.path == "/health") {
            if (req.method != "GET") return wrong_method();
            return ok(set.describe());
        }
        if (req.path == "/truth") {
            if (req.method != "GET") return wrong_method();
            return ok(set.physical_truth());
        }
        if (req.path == "/wire") {
            if (req.method != "GET") return wrong_method();
            // A view that leaves the process: card numbers masked by meaning, as in everything the bench saves
            // (docs/security.md); the wire listener the harness judges keeps them.
            json::value page = set.wire_page(common::parse_view_query(req.query));  // bad since/limit: 400 below
            mask_pans(page);
            return ok(std::move(page.as_object()));
        }
        if (req.path == "/shutdown") {
            if (req.method != "POST") return wrong_method();
            set.request_shutdown();
            return ok(json::object{{"status", "shutting down"}});
        }
        // /devices/ID/actions/NAME and /devices/ID/faults
        if (req.path.rfind("/devices/", 0) == 0) {
            std::string rest = req.path.substr(9);
            std::string id = rest.substr(0, rest.find('/'));
            std::string tail = rest.find('/') == std::string::npos ? "" : rest.substr(rest.find('/') + 1);
            json::object body;
            if (!req.body.empty()) {
                std::string problem;
                std::optional<json::value> v = common::try_parse_json(req.body, problem);
                if (!v) return http::error(400, "body: " + problem);
                if (!v->is_object()) return http::error(400, "body must be a JSON object");
                body = std::move(v->as_object());
            }
            if (tail.rfind("actions/", 0) == 0) {
                if (req.method != "POST") return wrong_method();
                return ok(json::object{{"result", set.act(id, tail.substr(8), body)}});
            }
            if (tail == "faults") {
                if (req.method == "POST") {
                    set.inject_fault(id, body);
                    return ok(json::object{{"armed", body}});
                }
                if (req.method == "DELETE") {
                    set.clear_faults(id);
                    return ok(json::object{{"cleared", id}});
                }
                return wrong_method();
            }
        }
    } catch (const FaultSpecError& e) {
        // The field and the values the device supports, so a client can say what to write instead.
        json::array expected;
        for (const auto& v : e.problem.expected) expected.push_back(json::value(v));
        return http::Response{400, json::object{{"error", e.what()}, {"field", e.problem.field}, {"expected", std::move(expected)}}};
    } catch (const ActionError& e) {
        return http::error(400, e.what());
    } catch (const std::invalid_argument& e) {
        return http::error(400, e.what());
    }
    return http::error(404, "no such endpoint: " + req.path);
}

}  // namespace

void DeviceSet::start() {
    impl_->server.start();
    if (!impl_->usb_faces.empty()) {
        try {
            impl_->usb = std::make_unique<UsbServing>(impl_->usb_faces, impl_->setup.usbip_listen, impl_->setup.usbip_exposed);
        } catch (...) {
            impl_->server.stop();
            throw;
        }
    }
    if (!impl_->setup.control_listen.empty()) {
        const std::string& c = impl_->setup.control_listen;
        common::HostPort at;
        try {
            at = common::parse_host_port(c);
        } catch (const common::HostPortError& e) {
            throw std::invalid_argument(std::string("control address ") + e.what());
        }
        impl_->control = std::make_unique<http::JsonEndpoint>(
            impl_->control_io, [this](const http::Request& r) { return route(*this, r); });
        impl_->control->start(at.address, at.port);
        impl_->control_thread = std::thread([this] { impl_->control_io.run(); });
    }
    std::lock_guard lock(impl_->state_mutex);
    impl_->running = true;
}

void DeviceSet::stop() {
    {
        std::lock_guard lock(impl_->state_mutex);
        if (!impl_->running) return;
        impl_->running = false;
    }
    if (impl_->control) impl_->control->stop();
    impl_->control_io.stop();
    if (impl_->control_thread.joinable()) impl_->control_thread.join();
    impl_->usb.reset();  // its threads record through the I/O thread: stopped before it
    impl_->server.stop();
    impl_->state_cv.notify_all();
}

void DeviceSet::wait() {
    std::unique_lock lock(impl_->state_mutex);
    impl_->state_cv.wait(lock, [this] { return !impl_->running || impl_->shutdown_requested; });
}

void DeviceSet::request_shutdown() {
    std::lock_guard lock(impl_->state_mutex);
    impl_->shutdown_requested = true;
    impl_->state_cv.notify_all();
}

std::string DeviceSet::publisher_uri() const { return impl_->server.publisher_uri(); }

std::string DeviceSet::control_address() const {
    if (!impl_->control) return "";
    return net::host_port(net::listen_host(impl_->setup.control_listen), impl_->control->port());
}

std::string DeviceSet::control_token() const { return impl_->control ? impl_->control->token() : ""; }

json::array DeviceSet::usb_devices() const { return impl_->usb ? impl_->usb->devices() : json::array{}; }

std::vector<std::string> DeviceSet::service_uris() const {
    std::vector<std::string> uris;
    for (const auto& d : impl_->devices)
        for (const auto& s : d.device->services()) uris.push_back(impl_->server.service_uri(s->name()));
    return uris;
}

json::value DeviceSet::act(const std::string& device, const std::string& action, const json::object& args,
                           std::int64_t* performed_ns) {
    json::value result;
    impl_->server.call([&] {
        // On the I/O thread: every XFS4IoT message the device got before is recorded before this moment, and
        // whatever the action makes it send, after.
        if (performed_ns)
            *performed_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
        result = impl_->device(device).act(action, args);
    });
    return result;
}

void DeviceSet::inject_fault(const std::string& device, const json::object& spec) {
    FaultSpec fault = parse_fault_spec(spec);
    std::vector<std::string> services;
    impl_->server.call([&] {
        check_device_fault(find_device(impl_->devices, device), fault);  // one that could never fire is refused, not armed
        for (const auto& s : impl_->device(device).services()) services.push_back(s->name());
    });
    // Malformed answers and deviations are the protocol layer's fault, the same for every device: the framework
    // spoils the message of the command (or the event) named in `at` (xfs4iot::answer_fault_kinds()).
    if (xfs4iot::find_answer_fault_kind(fault.name)) {
        for (const auto& s : services)
            impl_->server.arm_answer_fault(s, xfs4iot::AnswerFault{fault.name, fault.at, fault.occurrence, fault.persistent});
        return;
    }
    impl_->server.call([&] { impl_->device(device).inject_fault(fault); });
}

void DeviceSet::clear_faults(const std::string& device) {
    std::vector<std::string> services;
    impl_->server.call([&] {
        impl_->device(device).clear_faults();
        for (const auto& s : impl_->device(device).services()) services.push_back(s->name());
    });
    for (const auto& s : services) impl_->server.clear_answer_faults(s);
}

json::object DeviceSet::physical_truth() {
    json::object truth;
    impl_->server.call([&] {
        for (auto& d : impl_->devices) truth[d.id] = d.device->physical_truth();
    });
    return truth;
}

json::object DeviceSet::describe() {
    json::object o{{"status", "ok"}, {"publisher", publisher_uri()}, {"wire", wire_counters_json(impl_->server.wire_counters())}};
    json::array services;
    for (const auto& u : service_uris()) services.push_back(json::value(u));
    o["services"] = std::move(services);
    if (!impl_->usb_faces.empty()) o["usb"] = usb_devices();
    json::object devices;
    impl_->server.call([&] {
        for (auto& placed : impl_->devices) {
            const SimulatedDevice& d = *placed.device;
            json::object actions;
            for (const auto& a : d.actions()) actions[a.name] = a.description;
            json::array faults;
            for (const auto& f : d.fault_names()) faults.push_back(json::value(f));
            json::object points;  // fault → the points (`at`) it can fire at, from the device type's fault table
            for (const auto& k : placed.type->faults) points[k.name] = json::value_from(k.points);
            if (!placed.device->services().empty())  // the answer faults spoil an XFS4IoT answer: none without a service
                for (const auto& f : answer_fault_names()) faults.push_back(json::value(f));
            json::array service_names;  // which XFS4IoT services this device is behind (a certifier's operator maps them)
            for (const auto& s : placed.device->services()) service_names.push_back(json::value(s->name()));
            devices[placed.id] = json::object{{"type", placed.type->name}, {"services", std::move(service_names)},
                                              {"actions", std::move(actions)},
                                              {"faults", std::move(faults)}, {"fault_points", std::move(points)}};
        }
    });
    o["devices"] = std::move(devices);
    return o;
}

std::vector<RedactedSecret> DeviceSet::redacted_secrets() const {
    std::lock_guard lock(impl_->secrets_mutex);
    return {impl_->secrets.begin(), impl_->secrets.end()};
}

namespace {

// One wire record as wire_json() and the wire listener show it; the secrets it redacted are added to `seen`.
json::object wire_view(const xfs4iot::WireRecord& w, std::vector<RedactedSecret>& seen) {
    json::object m{{"seq", w.seq},
                   {"time_ns", w.time_ns},
                   {"service", w.service},
                   {"connection", w.connection},
                   {"direction", w.inbound ? "in" : "out"}};
    // Strict (strict_json.hpp): a client's 1e400 would come back out of /wire as Infinity, which is not JSON.
    std::string problem;
    std::optional<json::value> parsed = common::try_parse_json(w.text, problem);
    if (!parsed) m["text"] = w.text;  // what a client sent that is not (usable) JSON, kept as is
    else {
        redact_wire_message(*parsed, &seen);
        m["message"] = std::move(*parsed);
    }
    return m;
}

}  // namespace

void DeviceSet::Impl::keep_secrets(const std::vector<RedactedSecret>& seen) const {
    if (seen.empty()) return;
    std::lock_guard lock(secrets_mutex);
    secrets.insert(seen.begin(), seen.end());
}

json::array DeviceSet::wire_json(std::size_t since) const {
    json::array a;
    std::vector<RedactedSecret> seen;
    for (const auto& w : impl_->server.wire(since)) a.push_back(wire_view(w, seen));
    impl_->keep_secrets(seen);
    return a;
}

json::object DeviceSet::wire_page(const common::ViewQuery& query) const {
    bool more = false;
    // Copied under the wire record's lock; parsed, redacted and serialised here, on the control thread.
    std::vector<xfs4iot::WireRecord> window = impl_->server.wire(query.since, query.limit, &more);
    json::object o = wire_counters_json(impl_->server.wire_counters());
    json::array a;
    a.reserve(window.size());
    std::vector<RedactedSecret> seen;
    for (const auto& w : window) a.push_back(wire_view(w, seen));
    impl_->keep_secrets(seen);
    o["messages"] = std::move(a);
    o["more"] = more;
    return o;
}

void DeviceSet::set_wire_listener(WireListener listener) {
    if (!listener) return impl_->server.set_wire_listener({});
    impl_->server.set_wire_listener([impl = impl_.get(), l = std::move(listener)](const xfs4iot::WireRecord& w) {
        std::vector<RedactedSecret> seen;
        json::object view = wire_view(w, seen);
        impl->keep_secrets(seen);
        l(std::move(view));
    });
}

}  // namespace atmbench::devices
