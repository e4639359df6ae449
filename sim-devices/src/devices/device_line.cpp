#include "devices/device_line.hpp"

#include "atmbench/device_link/loop_link.hpp"
#include "atmbench/device_link/serial_link.hpp"
#include "atmbench/usb/usb_bulk_link.hpp"
#include "atmbench/usb/usb_context.hpp"
#include "atmbench/usb/usb_device.hpp"
#include "atmbench/usb/usb_match.hpp"

#include <cstdio>
#include <optional>

namespace atmbench::devices {

namespace json = boost::json;
using namespace device_link;

DeviceLineConfig parse_device_line(const common::YamlReader& r) {
    r.require_map("line");
    r.allow_only({"transport", "path", "baud", "match"});
    DeviceLineConfig c;
    c.transport = r.string_or("transport", c.transport);
    if (c.transport == "serial") {
        c.path = r.string("path");
        c.baud = static_cast<int>(r.integer_or("baud", c.baud, 1200, 115200));
    } else if (c.transport == "usb") {
        c.match = r.string("match");
        try {
            (void)usb::UsbMatch::parse(c.match);
        } catch (const std::exception& e) {
            r.fail("match", e.what());
        }
    } else if (c.transport != "simulated") {
        r.fail("transport", "expected simulated, serial or usb (found \"" + c.transport + "\")");
    }
    if (c.transport != "serial" && (r.has("path") || r.has("baud")))
        r.fail(r.has("path") ? "path" : "baud", "only a serial line has it (transport: serial)");
    if (c.transport != "usb" && r.has("match")) r.fail("match", "only a USB line has it (transport: usb)");
    return c;
}

json::object device_line_view(const std::string& protocol, const LinkExchange& exchange) {
    std::string text;
    for (std::uint8_t b : exchange.bytes) {
        if (b >= 0x20 && b < 0x7F && b != '\\') {
            text.push_back(static_cast<char>(b));
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02X", b);
            text += hex;
        }
    }
    json::object o{{"protocol", protocol},
                   {"direction", exchange.direction == LinkDirection::ToDevice ? "toDevice" : "fromDevice"},
                   {"length", exchange.bytes.size()},
                   {"text", std::move(text)}};
    if (!exchange.injected.empty()) o["injected"] = exchange.injected;
    return o;
}

DeviceLineListener record_line(const std::function<void(const std::string&, json::object)>& sink,
                               const std::string& service) {
    if (!sink) return {};
    return [sink, service](const std::string& protocol, const LinkExchange& e) { sink(service, device_line_view(protocol, e)); };
}

struct DeviceLine::Transport {
    std::optional<usb::UsbContext> usb_context;  // before the link: the link's device lives in the context
    std::unique_ptr<ByteLink> link;
};

DeviceLine::DeviceLine(const DeviceLineConfig& config, WireDevice* simulated, std::string protocol,
                       DeviceLineListener listener)
    : config_(config), transport_(std::make_unique<Transport>()) {
    if (config.transport == "simulated") {
        if (!simulated) throw std::invalid_argument("a simulated line needs its device model");
        transport_->link = std::make_unique<LoopLink>(*simulated, "simulated " + protocol);
    } else if (config.transport == "serial") {
        transport_->link = std::make_unique<SerialLink>(config.path, SerialSettings{config.baud});
    } else if (config.transport == "usb") {
        try {
            transport_->usb_context.emplace();
            transport_->link = std::make_unique<usb::UsbBulkLink>(
                usb::UsbDevice(*transport_->usb_context, usb::UsbMatch::parse(config.match)));
        } catch (const LinkError&) {
            throw;
        } catch (const std::exception& e) {
            throw LinkError("usb " + config.match + ": " + e.what());
        }
    } else {
        throw std::invalid_argument("device line: unknown transport '" + config.transport + "'");
    }
    auto notify = [protocol, listener](const LinkExchange& e) {
        if (listener) listener(protocol, e);
    };
    injector_ = std::make_unique<InjectingLink>(*transport_->link, notify);
    tap_ = std::make_unique<TappedLink>(*injector_, notify);
}

DeviceLine::~DeviceLine() {
    // The decorators before the link they wrap, the link before the context its device belongs to.
    tap_.reset();
    injector_.reset();
    transport_->link.reset();
}

ByteLink& DeviceLine::link() { return *tap_; }
void DeviceLine::arm(const LineFault& fault) { injector_->arm(fault); }
void DeviceLine::arm(const std::string& target, std::int64_t count) {
    std::string text = target.empty() ? "lose" : target;
    if (count > 1) text += ",count=" + std::to_string(count);
    arm(parse_line_fault(text));
}

void DeviceLine::clear_faults() { injector_->clear(); }
std::string DeviceLine::describe() const { return transport_->link->describe(); }

}  // namespace atmbench::devices
