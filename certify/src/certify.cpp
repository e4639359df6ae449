#include "atmbench/certify/certify.hpp"

#include "atmbench/certify/service_session.hpp"
#include "atmbench/certify/suite.hpp"
#include "atmbench/certify/wire_audit.hpp"

#include <boost/json.hpp>

#include <ctime>
#include <thread>

namespace atmbench::certify {

namespace json = boost::json;

namespace {

std::string utc_now() {
    std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

std::string service_name_of(const std::string& uri) {
    std::string u = uri;
    while (!u.empty() && u.back() == '/') u.pop_back();
    auto slash = u.rfind('/');
    return slash == std::string::npos ? u : u.substr(slash + 1);
}

// ServicePublisher.GetServices (§1 discovery): the services, and checks of the publisher itself.
std::vector<std::string> discover(XfsWire& wire, const CertifyOptions& o, Operator& op, ServiceReport& publisher,
                                  std::string& vendor_name) {
    int conn = wire.open(o.publisher, "ServicePublisher", o.connect_bound);
    ServiceSession s(wire, conn, "ServicePublisher");
    ServiceInfo info;
    info.name = "ServicePublisher";
    info.uri = o.publisher;
    std::vector<std::string> uris;
    SuiteContext ctx(s, op, info, publisher.checks, [&] { return ServiceSession(wire, wire.open(o.publisher, "ServicePublisher", o.connect_bound), "ServicePublisher"); });
    ctx.check("ServicePublisher", "PUBLISHER-GET-SERVICES", "GetServices answers success with {vendorName, services:[{serviceURI}]}, not listing the publisher itself",
              "XFS4IoT 2024-03 §1 Discovery (ServicePublisher.GetServices)", [&](Check& c) {
                  Exchange ex = s.call("ServicePublisher.GetServices", nullptr, {std::chrono::milliseconds(10000)});
                  c.evidence(ex);
                  if (!c.expect(ex.code() == "success", "GetServices: " + ex.summary())) return;
                  const json::value* services = ex.payload().if_contains("services");
                  if (!c.expect(services && services->is_array(), "payload.services is not an array")) return;
                  for (const auto& sv : services->as_array()) {
                      const json::value* u = sv.is_object() ? sv.as_object().if_contains("serviceURI") : nullptr;
                      if (!c.expect(u && u->is_string(), "a services[] entry without a serviceURI string: " + json::serialize(sv))) continue;
                      std::string uri(u->as_string());
                      c.expect(uri != o.publisher && uri != o.publisher + "/", "the publisher lists itself among its services (" + uri + ")");
                      if (uri != o.publisher && uri != o.publisher + "/") uris.push_back(uri);
                  }
                  c.expect(!uris.empty(), "the publisher lists no service");
                  const json::value* vendor = ex.payload().if_contains("vendorName");
                  c.expect(!vendor || vendor->is_string(), "vendorName is not a string");
                  if (vendor && vendor->is_string()) vendor_name = std::string(vendor->as_string());
                  c.measure("services", static_cast<std::int64_t>(uris.size()));
              });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    AuditInput in{wire.record(), conn, "ServicePublisher", s.deliberate_ids(), {}};
    for (auto& r : audit_wire(in)) publisher.checks.push_back(std::move(r));
    return uris;
}

void read_declared(ServiceInfo& info, ServiceReport& report) {
    const json::value* interfaces = info.capabilities.if_contains("interfaces");
    if (!interfaces || !interfaces->is_array()) return;
    for (const auto& i : interfaces->as_array()) {
        if (!i.is_object()) continue;
        const json::value* n = i.as_object().if_contains("name");
        if (!n || !n->is_string()) continue;
        std::string iname(n->as_string());
        info.interfaces.insert(iname);
        report.interfaces.push_back(iname);
        for (const char* group : {"commands", "events"}) {
            const json::value* g = i.as_object().if_contains(group);
            if (!g || !g->is_object()) continue;
            for (const auto& [msg, detail] : g->as_object()) {
                (std::string(group) == "commands" ? info.commands : info.events).insert(std::string(msg));
                const json::value* v = detail.is_object() ? detail.as_object().if_contains("versions") : nullptr;
                report.versions.push_back(json::object{{"interface", iname}, {"message", msg}, {"kind", group},
                                                       {"versions", v ? *v : json::value(nullptr)}});
            }
        }
    }
}

}  // namespace

std::vector<std::string> certifiable_interfaces() {
    std::vector<std::string> out;
    for (const auto& s : suites()) out.push_back(s.interface_name);
    return out;
}

Certificate certify(const CertifyOptions& o, Operator& op) {
    Certificate cert;
    cert.publisher = o.publisher;
    cert.started_utc = utc_now();
    auto t0 = std::chrono::steady_clock::now();
    json::object env = o.environment;
    env["bench"] = std::string("atmbench ") + ATMBENCH_BENCH_VERSION;
    env["specification"] = "XFS4IoT 2024-03";
    env["operator"] = op.kind();
    for (const auto& [k, v] : op.environment()) env[k] = v;
    if (!o.classes.empty()) {
        json::array cls;
        for (const auto& c : o.classes) cls.push_back(json::value(c));
        env["classes"] = std::move(cls);
    }
    try {
        XfsWire wire(o.tls);
        ServiceReport publisher;
        publisher.name = "ServicePublisher";
        publisher.uri = o.publisher;
        publisher.interfaces = {"ServicePublisher"};
        std::vector<std::string> uris = discover(wire, o, op, publisher, cert.vendor_name);
        env["transport"] = wire.transport();
        cert.services.push_back(std::move(publisher));
        for (const auto& uri : uris) {
            ServiceReport report;
            report.name = service_name_of(uri);
            report.uri = uri;
            int conn = wire.open(uri, report.name, o.connect_bound);
            ServiceSession session(wire, conn, report.name);
            ServiceInfo info;
            info.name = report.name;
            info.uri = uri;
            Exchange caps = session.call("Common.Capabilities", nullptr, {std::chrono::milliseconds(10000)});
            info.capabilities = caps.payload();
            report.capabilities = info.capabilities;
            read_declared(info, report);
            Exchange status = session.call("Common.Status", nullptr, {std::chrono::milliseconds(10000)});
            info.status = status.payload();
            report.status = info.status;
            if (const json::value* c = info.capabilities.if_contains("common"); c && c->is_object())
                if (const json::value* d = c->as_object().if_contains("deviceInformation")) env["device:" + report.name] = *d;
            bool wanted = o.classes.empty();
            for (const auto& i : info.interfaces) wanted = wanted || o.classes.count(i);
            if (!wanted) {
                wire.close(conn);
                continue;
            }
            std::vector<int> extra;
            // One console line per check from `from` on, as each suite (and the audit) ends.
            auto report_progress = [&](std::size_t from) {
                if (!o.progress) return;
                for (std::size_t i = from; i < report.checks.size(); ++i) {
                    const CheckResult& r = report.checks[i];
                    o.progress(std::string(to_string(r.outcome)) + "  " + report.name + "  " + r.id +
                               (r.findings.empty() ? "" : "  — " + r.findings.front()));
                }
            };
            SuiteContext ctx(session, op, info, report.checks, [&] {
                int c = wire.open(uri, report.name, o.connect_bound);
                extra.push_back(c);
                return ServiceSession(wire, c, report.name);
            });
            for (const auto& suite : suites()) {
                if (suite.interface_name != "Common" && !info.interfaces.count(suite.interface_name)) continue;
                if (suite.interface_name != "Common" && !o.classes.empty() && !o.classes.count(suite.interface_name)) continue;
                std::size_t before = report.checks.size();
                suite.run(ctx);
                report_progress(before);
            }
            // Trailing messages (an event after a completion) land before the conversation is judged.
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            auto record = wire.record();
            const json::value* declared = info.capabilities.if_contains("interfaces");
            json::array declared_interfaces = declared && declared->is_array() ? declared->as_array() : json::array{};
            std::size_t before = report.checks.size();
            for (auto& r : audit_wire({record, conn, report.name, session.deliberate_ids(), declared_interfaces}))
                report.checks.push_back(std::move(r));
            // A second connection's violations fold into the first connection's result of the same rule.
            for (int c : extra) {
                for (auto& r : audit_wire({record, c, report.name, {}, declared_interfaces})) {
                    if (r.outcome != Outcome::Fail) continue;
                    for (std::size_t i = before; i < report.checks.size(); ++i) {
                        auto& into = report.checks[i];
                        if (into.id != r.id) continue;
                        into.outcome = Outcome::Fail;
                        into.findings.insert(into.findings.end(), r.findings.begin(), r.findings.end());
                        for (auto& e : r.evidence) into.evidence.push_back(e);
                    }
                }
                wire.close(c);
            }
            report_progress(before);
            wire.close(conn);
            cert.services.push_back(std::move(report));
        }
        if (cert.services.size() == 1) cert.errors.push_back("the publisher offered no service of the classes asked for");
    } catch (const CertifyError& e) {
        cert.errors.push_back(e.what());
    } catch (const std::exception& e) {
        cert.errors.push_back(std::string("the bench failed: ") + e.what());
    }
    cert.environment = std::move(env);
    cert.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return cert;
}

}  // namespace atmbench::certify
