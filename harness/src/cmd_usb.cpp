// `atmbench usb probe [--match VID:PID[:SERIAL]|BUSPATH] [--json]` (and `usb sniff`, cmd_usb_sniff.cpp): what libusb sees of the USB devices on this
// machine — one line each, or for the matched one its identity, strings, interfaces and endpoints (USB 2.0 §9.6) —
// so a lab machine's set-up (cabling, udev permissions, usb/README.md) is checked before a run.
// Exit status (commands.hpp): 0 listed, 1 --match matched nothing, 2 bad input or libusb could not start.
#include "cli_common.hpp"

#include "atmbench/usb/usb_context.hpp"
#include "atmbench/usb/usb_match.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>

namespace atmbench::cli {

namespace {

std::string hex4(std::uint16_t v) {
    char text[8];
    std::snprintf(text, sizeof text, "%04x", v);
    return text;
}

std::string hex2(std::uint8_t v) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02x", v);
    return text;
}

boost::json::value optional_string(const std::optional<std::string>& s) {
    return s ? boost::json::value(*s) : boost::json::value(nullptr);
}

boost::json::object device_json(const usb::UsbDeviceInfo& d) {
    boost::json::array interfaces;
    for (const auto& itf : d.interfaces) {
        boost::json::array endpoints;
        for (const auto& ep : itf.endpoints)
            endpoints.push_back({{"address", hex2(ep.address)}, {"direction", ep.in() ? "in" : "out"},
                                 {"type", ep.transfer_type()}, {"max_packet", ep.max_packet}, {"interval", ep.interval}});
        interfaces.push_back({{"number", itf.number}, {"alternate", itf.alternate}, {"class", itf.interface_class},
                              {"subclass", itf.interface_subclass}, {"protocol", itf.interface_protocol},
                              {"endpoints", std::move(endpoints)}});
    }
    boost::json::object o{{"bus_path", d.bus_path}, {"bus", d.bus}, {"address", d.address}, {"id", d.id()},
                          {"vendor_id", hex4(d.vendor_id)}, {"product_id", hex4(d.product_id)},
                          {"bcd_usb", hex4(d.bcd_usb)}, {"bcd_device", hex4(d.bcd_device)},
                          {"class", d.device_class}, {"subclass", d.device_subclass}, {"protocol", d.device_protocol},
                          {"manufacturer", optional_string(d.manufacturer)}, {"product", optional_string(d.product)},
                          {"serial", optional_string(d.serial)}, {"interfaces", std::move(interfaces)}};
    if (!d.strings_error.empty()) o["strings_error"] = d.strings_error;
    return o;
}

std::string strings_text(const usb::UsbDeviceInfo& d) {
    std::string s = d.manufacturer.value_or("") + (d.manufacturer && d.product ? " " : "") + d.product.value_or("");
    if (d.serial) s += " (serial " + *d.serial + ")";
    if (!d.strings_error.empty()) s += std::string(s.empty() ? "" : " ") + "[strings: " + d.strings_error + "]";
    return s;
}

void print_details(const usb::UsbDeviceInfo& d) {
    std::cout << d.describe() << ": bus " << int(d.bus) << " address " << int(d.address) << ", USB " << hex4(d.bcd_usb)
              << ", device " << hex4(d.bcd_device) << ", class " << hex2(d.device_class) << "\n  " << strings_text(d) << "\n";
    for (const auto& itf : d.interfaces) {
        std::cout << "  interface " << int(itf.number) << " alt " << int(itf.alternate) << ": class "
                  << hex2(itf.interface_class) << " subclass " << hex2(itf.interface_subclass) << " protocol "
                  << hex2(itf.interface_protocol) << "\n";
        for (const auto& ep : itf.endpoints)
            std::cout << "    endpoint " << hex2(ep.address) << " " << (ep.in() ? "IN " : "OUT ") << ep.transfer_type()
                      << ", max packet " << ep.max_packet << (ep.transfer_type() == "interrupt" ? ", interval " + std::to_string(ep.interval) : "")
                      << "\n";
    }
}

}  // namespace

int run_usb(int argc, char** argv) {
    const std::string usage =
        "atmbench usb probe [--match VID:PID[:SERIAL]|BUSPATH] [--json]\n"
        "       atmbench usb sniff --match VID:PID[:SERIAL]|BUSPATH --usbip ADDRESS:PORT [--expose] --pcapng FILE [--duration-ms N]";
    if (argc >= 2 && std::string_view(argv[1]) == "sniff") return run_usb_sniff(argc - 1, argv + 1);
    if (argc < 2 || std::string_view(argv[1]) != "probe") {
        if (argc >= 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h")) {
            std::cout << "usage: " << usage << "\n";
            return kExitOk;
        }
        std::cerr << "atmbench usb: error: " << (argc < 2 ? "missing subcommand" : "unknown subcommand '" + std::string(argv[1]) + "'")
                  << " (usage: " << usage << ")\n";
        return kExitError;
    }
    po::options_description opts("options");
    opts.add_options()("match", po::value<std::string>(), "only the device VID:PID (0b00:0001), VID:PID:SERIAL or at bus path 1-2.3, in detail")(
        "json", "JSON instead of text");
    po::variables_map vm;
    int code = 0;
    if (!parse_options("usb probe", usage, opts, argc - 1, argv + 1, vm, code)) return code;
    return guarded("usb probe", [&] {
        std::optional<usb::UsbMatch> match;
        if (vm.count("match")) match = usb::UsbMatch::parse(vm["match"].as<std::string>());
        usb::UsbContext context;
        std::vector<usb::UsbDeviceInfo> devices = context.devices();
        std::sort(devices.begin(), devices.end(), [](const auto& a, const auto& b) { return a.bus_path < b.bus_path; });
        std::vector<usb::UsbDeviceInfo> shown;
        for (auto& d : devices)
            if (!match || match->matches(d)) shown.push_back(d);
        if (match && shown.empty()) {
            std::string present;
            for (const auto& d : devices) present += (present.empty() ? "" : ", ") + d.bus_path + " " + d.id();
            std::cerr << "atmbench usb probe: no device matches '" << match->text() << "' (present: "
                      << (present.empty() ? "none" : present) << ")\n";
            if (!vm.count("json")) return kExitFail;
        }
        if (vm.count("json")) {
            boost::json::array list;
            for (const auto& d : shown) list.push_back(device_json(d));
            boost::json::object out{{"devices", std::move(list)}};
            if (match) out["match"] = match->text();
            std::cout << boost::json::serialize(out) << "\n";
        } else if (match) {
            for (const auto& d : shown) print_details(d);
        } else {
            if (shown.empty()) std::cout << "no USB devices\n";
            for (const auto& d : shown) std::cout << d.bus_path << "  " << d.id() << "  " << strings_text(d) << "\n";
        }
        return match && shown.empty() ? kExitFail : kExitOk;
    });
}

}  // namespace atmbench::cli
