// The operator of the bench's own simulated devices: their control endpoint (sim-devices device_set.hpp:
// POST /devices/ID/actions/NAME, POST/DELETE /devices/ID/faults, GET /health), every request with the run token.
#include "atmbench/certify/operator.hpp"
#include "atmbench/certify/wire.hpp"

#include "atmbench/common/host_port.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <map>

namespace atmbench::certify {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;

namespace {

struct HttpAnswer {
    int status = 0;
    json::value body;
};

class ControlOperator final : public Operator {
public:
    ControlOperator(const std::string& url, std::string token) : url_(url), token_(std::move(token)) {
        std::string rest = url;
        if (rest.rfind("http://", 0) == 0) rest = rest.substr(7);
        if (!rest.empty() && rest.back() == '/') rest.pop_back();
        try {
            auto at = common::parse_host_port(rest);
            host_ = at.address;
            port_ = at.port;
        } catch (const common::HostPortError& e) {
            throw CertifyError("--operator control '" + url + "': " + e.what());
        }
        HttpAnswer health = request(http::verb::get, "/health", "", std::chrono::milliseconds(5000));
        if (health.status != 200 || !health.body.is_object())
            throw CertifyError("control endpoint " + url + " answered GET /health with HTTP " + std::to_string(health.status));
        const json::value* devices = health.body.as_object().if_contains("devices");
        if (devices && devices->is_object()) {
            for (const auto& [id, d] : devices->as_object()) {
                if (!d.is_object()) continue;
                const json::value* services = d.as_object().if_contains("services");
                const json::value* type = d.as_object().if_contains("type");
                if (!services || !services->is_array()) continue;
                for (const auto& s : services->as_array()) {
                    if (!s.is_string()) continue;
                    device_of_[std::string(s.as_string())] = std::string(id);
                    if (type && type->is_string()) type_of_[std::string(s.as_string())] = std::string(type->as_string());
                }
            }
        }
        if (device_of_.empty())
            throw CertifyError("control endpoint " + url + ": GET /health names no device behind an XFS4IoT service");
    }

    std::string kind() const override { return "control " + url_; }

    OperatorAnswer perform(const OperatorAction& a, std::chrono::milliseconds bound) override {
        auto dev = device_of_.find(a.service);
        if (dev == device_of_.end()) return {OperatorAnswer::Status::Unavailable, "no simulated device behind " + a.service};
        HttpAnswer r = request(http::verb::post, "/devices/" + dev->second + "/actions/" + a.action, json::serialize(a.args), bound);
        return answer(r, a.action);
    }

    OperatorAnswer inject(const OperatorFault& f, std::chrono::milliseconds bound) override {
        auto dev = device_of_.find(f.service);
        if (dev == device_of_.end()) return {OperatorAnswer::Status::Unavailable, "no simulated device behind " + f.service};
        HttpAnswer r = request(http::verb::post, "/devices/" + dev->second + "/faults", json::serialize(f.spec), bound);
        return answer(r, "fault " + json::serialize(f.spec));
    }

    void clear_faults(const std::string& service) override {
        auto dev = device_of_.find(service);
        if (dev == device_of_.end()) return;
        // The endpoint refuses a DELETE without Content-Type application/json: an empty object carries it.
        request(http::verb::delete_, "/devices/" + dev->second + "/faults", "{}", std::chrono::milliseconds(5000));
    }

    json::object environment() const override {
        json::object devices;
        for (const auto& [service, type] : type_of_) devices[service] = "simulated " + type + " (device " + device_of_.at(service) + ")";
        return {{"operator", kind()}, {"devices", std::move(devices)}};
    }

private:
    static OperatorAnswer answer(const HttpAnswer& r, const std::string& what) {
        if (r.status == 200) return {OperatorAnswer::Status::Done, what + ": " + json::serialize(r.body)};
        std::string why = r.body.is_object() && r.body.as_object().contains("error") ? json::serialize(r.body.at("error"))
                                                                                    : json::serialize(r.body);
        return {OperatorAnswer::Status::Declined, what + ": HTTP " + std::to_string(r.status) + " " + why};
    }

    HttpAnswer request(http::verb verb, const std::string& target, const std::string& body,
                       std::chrono::milliseconds bound) const {
        asio::io_context io;
        beast::tcp_stream stream(io);
        stream.expires_after(bound);
        beast::error_code ec;
        auto addr = asio::ip::make_address(host_, ec);
        if (ec) throw CertifyError("control endpoint " + url_ + ": '" + host_ + "' is not an IP address");
        HttpAnswer out;
        http::request<http::string_body> req{verb, target, 11};
        req.set(http::field::host, host_ + ":" + std::to_string(port_));
        req.set("X-Atmbench-Token", token_);
        // The control endpoint wants application/json on every request that changes something, an empty DELETE
        // (clear the faults) too.
        if (!body.empty() || verb == http::verb::delete_) req.set(http::field::content_type, "application/json");
        if (!body.empty()) req.body() = body;
        req.prepare_payload();
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        // Asynchronous with the stream's deadline: a control endpoint that hangs ends the request at `bound`.
        stream.async_connect(asio::ip::tcp::endpoint(addr, port_), [&](beast::error_code e) {
            if (e) return void(ec = e);
            http::async_write(stream, req, [&](beast::error_code w, std::size_t) {
                if (w) return void(ec = w);
                http::async_read(stream, buffer, res, [&](beast::error_code r, std::size_t) { ec = r; });
            });
        });
        io.run();
        if (ec) throw CertifyError("control endpoint " + url_ + " " + std::string(http::to_string(verb)) + " " + target + ": " + ec.message());
        out.status = static_cast<int>(res.result_int());
        boost::system::error_code pe;
        out.body = json::parse(res.body(), pe);
        if (pe) out.body = json::value(res.body());
        return out;
    }

    std::string url_;
    std::string token_;
    std::string host_;
    unsigned short port_ = 0;
    std::map<std::string, std::string> device_of_;  // service → device id
    std::map<std::string, std::string> type_of_;    // service → device type
};

}  // namespace

std::unique_ptr<Operator> control_operator(const std::string& url, const std::string& token) {
    return std::make_unique<ControlOperator>(url, token);
}

}  // namespace atmbench::certify
