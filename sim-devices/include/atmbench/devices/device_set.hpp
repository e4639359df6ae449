// The simulated devices of one terminal, running: every device of a fixture (cash module, card reader, PIN pad,
// printer, text terminal, lights, sensors) on one XFS4IoT server, plus a loopback JSON control endpoint through
// which a scenario acts as the customer, injects faults and reads physical truth and the wire record:
//   GET    /health                       publisher URI, services, devices with their actions and faults
//   POST   /devices/ID/actions/NAME      body: JSON arguments → what happened
//   POST   /devices/ID/faults            body: fault spec {name, at?, occurrence?, persistent?, target?, …}
//   DELETE /devices/ID/faults            clear that device's faults
//   GET    /truth                        physical truth of every device
//   GET    /wire?since=N                 every XFS4IoT message in both directions (monotonic ns), and every
//                                        exchange of a device with its own protocol as {"deviceLine": …}
//   POST   /shutdown
#pragma once

#include "atmbench/common/bounded_record.hpp"
#include "atmbench/devices/card_catalogue.hpp"
#include "atmbench/devices/device_fixture.hpp"
#include "atmbench/devices/simulated_device.hpp"

#include <boost/json/array.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::devices {

struct DeviceSetup {
    DeviceFixture fixture;
    CardCatalogue cards;
    std::string listen = "127.0.0.1:0";
    std::string control_listen = "127.0.0.1:0";  // empty: no control endpoint
    // PEM files: both set = the XFS4IoT server speaks wss:// only (start() throws naming a bad file).
    std::string tls_certificate = {};
    std::string tls_key = {};
    // What the wire record keeps for GET /wire and wire_json() (the wire listener sees every message).
    common::RecordLimits wire_limits = {};
    // Devices whose face is their own protocol on USB (ccnetValidator, escposPrinter): exported on one USB/IP
    // server at this ADDRESS:PORT (busid 1-1, 1-2, … in the set's order; beyond loopback only with
    // usbip_exposed), or, when empty, each on its own pty.
    std::string usbip_listen = {};
    bool usbip_exposed = false;
};

// A device set YAML (fixtures/devices/*.yaml): the device fixture plus the set's own optional section
//   tls: {certificate: PATH, key: PATH}      # PEM; relative paths are relative to the YAML file
// Errors are common::FixtureError naming the file, the line and the key (a missing PEM file included).
struct TlsFiles {
    std::string certificate;
    std::string key;
};
struct DeviceSetConfig {
    DeviceFixture fixture;
    std::optional<TlsFiles> tls;
};
DeviceSetConfig load_device_set_config(const std::filesystem::path& file);

// A secret value the wire record redacted (track data, a PIN block, a key value) and what carried it
// ("PinPad.GetPinBlock pinBlock"). Held in memory only, so a bench can search the terminal's own records for it.
struct RedactedSecret {
    std::string value;  // as on the wire (base64 for binary data)
    std::string carrier;
    bool operator<(const RedactedSecret& o) const { return value < o.value; }
};

class DeviceSet {
public:
    explicit DeviceSet(DeviceSetup setup);
    ~DeviceSet();
    DeviceSet(const DeviceSet&) = delete;
    DeviceSet& operator=(const DeviceSet&) = delete;

    void start();  // throws std::runtime_error (address in use, bad address)
    void stop();
    void wait();   // until stop() or POST /shutdown
    void request_shutdown();

    std::string publisher_uri() const;
    std::string control_address() const;  // "" without a control endpoint
    std::string control_token() const;    // the token every control request carries (docs/security.md), "" if none
    std::vector<std::string> service_uris() const;
    // Where each USB device of the set is served once started: [{id, protocol, vendor, product, busid, usbip} |
    // {id, protocol, vendor, product, pty}], in the set's order; empty for a set without one.
    boost::json::array usb_devices() const;

    // Thread-safe: each runs on the devices' I/O thread. Throw ActionError for an unknown device, action or fault.
    // `performed_ns`: when the device performed it (steady clock ns, the wire record's time base).
    boost::json::value act(const std::string& device, const std::string& action, const boost::json::object& args,
                           std::int64_t* performed_ns = nullptr);
    // Refuses (FaultSpecError, HTTP 400 naming the field and the supported values) a fault the device does not
    // have or a point (`at`) it never reaches: armed, it would never fire and the scenario would run without it.
    void inject_fault(const std::string& device, const boost::json::object& spec);
    // The same check without a running set, for a set built from `fixture` (the scenario loader's): throws
    // ActionError for no such device or a malformed spec, FaultSpecError for a fault that could never fire.
    static void check_fault(const DeviceFixture& fixture, const std::string& device, const boost::json::object& spec);
    // The devices a set built from `fixture` has (control-endpoint ids) with their customer actions' names.
    static std::vector<std::pair<std::string, std::vector<std::string>>> device_actions(const DeviceFixture& fixture);
    void clear_faults(const std::string& device);
    boost::json::object physical_truth();
    boost::json::object describe();
    boost::json::array wire_json(std::size_t since = 0) const;
    // One window as GET /wire answers it: {messages, more, recorded, kept, dropped, bytes, max_messages, max_bytes}.
    boost::json::object wire_page(const common::ViewQuery& query) const;
    // Every distinct secret wire_json() or the wire listener has redacted so far (they decode lazily).
    std::vector<RedactedSecret> redacted_secrets() const;
    // Called on the devices' I/O thread with each XFS4IoT message as it is recorded, as wire_json() shows it
    // (seq, time_ns, service, connection, direction, redacted message): in record order, and for a message to the
    // application before it is written (the harness feeds its trace here, and its power_cut step cuts the
    // terminal's power here). It must not call back into the device set. Empty: no listener.
    using WireListener = std::function<void(boost::json::object view)>;
    void set_wire_listener(WireListener listener);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace atmbench::devices
