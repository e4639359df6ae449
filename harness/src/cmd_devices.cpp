// `atmbench devices`: the simulated devices of a fixture as XFS4IoT services, standalone. Prints one JSON line with
// the publisher URI, the service URIs and the control endpoint, then serves until SIGINT/SIGTERM or POST /shutdown.
// With --cert/--key (or the config's `tls` section) the services are wss:// and so are the printed URIs; a
// missing or bad PEM file is an error naming it (exit 2) before anything listens. The set's USB devices
// (ccnetValidator, escposPrinter) are on one USB/IP server with --usbip, else each on its own pty: the ready line's
// "usb" says where.
#include "cli_common.hpp"
#include "record_flags.hpp"

#include "atmbench/common/pan_scan.hpp"
#include "atmbench/devices/device_set.hpp"
#include "atmbench/share_folder.hpp"

#include <boost/json.hpp>

#include <fstream>
#include <mutex>
#include <stdexcept>

#include <unistd.h>

namespace atmbench::cli {

int run_devices(int argc, char** argv) {
    po::options_description opts("options");
    opts.add_options()
        ("config", po::value<std::string>()->required(), "device set YAML (fixtures/devices/standard.yaml)")
        ("cards", po::value<std::string>(), "test cards YAML file or folder (default: the fixtures' cards/)")
        ("listen", po::value<std::string>()->default_value("127.0.0.1:0"), "XFS4IoT WebSocket listen address")
        ("usbip", po::value<std::string>(),
         "export the set's USB devices (ccnetValidator, escposPrinter) on one USB/IP server at ADDRESS:PORT, busid "
         "1-1, 1-2, … in the set's order (port 0 picks a free one); without it each is on its own pty")
        ("expose", "allow a --listen or --usbip address beyond loopback (the devices have no authentication; prints a warning)")
        ("control", po::value<std::string>()->default_value("127.0.0.1:0"), "loopback HTTP control endpoint, or 'none'")
        ("cert", po::value<std::string>(), "TLS certificate (PEM): serve wss:// only; overrides the config's tls")
        ("key", po::value<std::string>(), "TLS private key (PEM, unencrypted), with --cert")
        ("wire-max-messages", po::value<std::size_t>()->default_value(common::RecordLimits{}.max_messages),
         "messages the wire record keeps for GET /wire; older ones are dropped and counted")
        ("wire-max-bytes", po::value<std::size_t>()->default_value(common::RecordLimits{}.max_bytes),
         "bytes the wire record keeps for GET /wire")
        ("record", po::value<std::string>(),
         "write every XFS4IoT message as a JSON line to this file as it happens (never bounded; redacted and "
         "card numbers masked as GET /wire shows them)");
    po::variables_map vm;
    int code = 0;
    if (!parse_options("devices",
                       "atmbench devices --config fixtures/devices/standard.yaml [--listen 127.0.0.1:0 [--expose]] "
                       "[--usbip ADDRESS:PORT] [--cert PEM --key PEM] [--record FILE]",
                       opts, argc, argv, vm, code))
        return code;
    if (vm.count("cert") != vm.count("key")) {
        std::cerr << "atmbench devices: error: --cert and --key go together (TLS needs both)\n";
        return kExitError;
    }
    return guarded("devices", [&] {
        StopSignals signals;
        check_exposure("devices", vm["listen"].as<std::string>(), vm.count("expose") > 0, "XFS4IoT services (PIN pad, card reader, dispenser)");
        if (vm.count("usbip"))
            check_exposure("devices", vm["usbip"].as<std::string>(), vm.count("expose") > 0, "USB devices (bill validator, printer)", "--usbip");
        devices::DeviceSetConfig config = devices::load_device_set_config(vm["config"].as<std::string>());
        // Looked up only when not given, so an explicit --cards works where no fixtures are installed.
        const std::filesystem::path cards = vm.count("cards") ? std::filesystem::path(vm["cards"].as<std::string>())
                                                              : share_folder::fixtures() / "cards";
        devices::DeviceSetup setup{std::move(config.fixture), devices::CardCatalogue::load(cards),
                                   vm["listen"].as<std::string>(), vm["control"].as<std::string>()};
        if (setup.control_listen == "none") setup.control_listen.clear();
        if (vm.count("usbip")) setup.usbip_listen = vm["usbip"].as<std::string>();
        setup.usbip_exposed = vm.count("expose") > 0;
        setup.wire_limits = record_limits(vm, "wire");
        if (setup.control_listen.empty()) setup.wire_limits.max_messages = 0;  // nobody could read it
        // TLS from the command line wins over the config's `tls` section; either way the URIs become wss://.
        if (vm.count("cert")) {
            setup.tls_certificate = vm["cert"].as<std::string>();
            setup.tls_key = vm["key"].as<std::string>();
        } else if (config.tls) {
            setup.tls_certificate = config.tls->certificate;
            setup.tls_key = config.tls->key;
        }
        devices::DeviceSet set(std::move(setup));
        // The spill file of a long run (issue 13): the wire record keeps a window, this keeps everything. Opened
        // before anything listens, so a path that cannot be written is an error (exit 2), not a silent loss.
        std::ofstream record;
        std::mutex record_mutex;
        if (vm.count("record")) {
            const std::string file = vm["record"].as<std::string>();
            record.open(file, std::ios::out | std::ios::trunc);
            if (!record) throw std::runtime_error(file + ": cannot open for writing the wire record (--record)");
            set.set_wire_listener([&record, &record_mutex](boost::json::object view) {
                boost::json::value v(std::move(view));
                mask_pans(v);  // a saved output holds no full card number (docs/security.md)
                std::lock_guard lock(record_mutex);
                record << boost::json::serialize(v) << '\n';
                record.flush();  // whoever tails the file sees each message as it happens
            });
        }
        set.start();
        boost::json::array services;
        for (const auto& u : set.service_uris()) services.push_back(boost::json::value(u));
        boost::json::object line{{"publisher", set.publisher_uri()},
                                 {"services", services},
                                 {"pid", static_cast<std::int64_t>(::getpid())}};
        if (auto usb = set.usb_devices(); !usb.empty()) line["usb"] = std::move(usb);  // where a host or driver reaches each
        if (!set.control_address().empty()) {
            line["control"] = "http://" + set.control_address();
            line["token"] = set.control_token();  // every control request carries it (docs/security.md)
        }
        std::cout << boost::json::serialize(line) << std::endl;

        signals.serve([&] { set.request_shutdown(); }, [&] { set.wait(); }, [&] { set.stop(); });
        return kExitOk;
    });
}

}  // namespace atmbench::cli
