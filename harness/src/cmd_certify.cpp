// `atmbench certify`: the bench as an XFS4IoT client certifying a vendor's service provider (certify/). Against a
// publisher somewhere (`--publisher ws[s]://…`, physical actions from a person: `--operator tty`) or against the
// bench's own simulated devices (`--devices FIXTURE`: started here, their control endpoint is the operator, so the
// whole suite runs unattended). Exit 0 certified, 1 non-conformant, 2 could not run — like `atmbench run`.
#include "cli_common.hpp"

#include "atmbench/certify/certificate_files.hpp"
#include "atmbench/certify/certify.hpp"
#include "atmbench/devices/device_set.hpp"
#include "atmbench/share_folder.hpp"

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace atmbench::cli {

namespace {

std::set<std::string> split_classes(const std::string& text) {
    std::set<std::string> out;
    std::stringstream ss(text);
    std::string item;
    const auto known = certify::certifiable_interfaces();
    while (std::getline(ss, item, ',')) {
        if (item.empty()) continue;
        // The suite names are accepted too (PinPad runs the Keyboard/PinPad/Crypto/KeyManagement suite).
        std::string name = item == "PinPad" || item == "Crypto" || item == "KeyManagement" ? "Keyboard"
                           : item == "CashManagement" || item == "Storage"                ? "CashDispenser"
                                                                                          : item;
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            std::string list;
            for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
            throw std::invalid_argument("--class '" + item + "': expected a comma-separated list of " + list);
        }
        out.insert(name);
    }
    return out;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error(path.string() + ": cannot open for writing");
    out << text;
    if (!out.flush()) throw std::runtime_error(path.string() + ": write failed");
}

}  // namespace

int run_certify(int argc, char** argv) {
    po::options_description opts("options");
    opts.add_options()
        ("publisher", po::value<std::string>(), "the vendor's service publisher, ws[s]://HOST:PORT/xfs4iot/v1.0")
        ("devices", po::value<std::string>(),
         "certify the bench's own simulated devices: start this device set (fixtures/devices/*.yaml) and drive its "
         "control endpoint as the operator")
        ("class", po::value<std::string>(), "only these interfaces, comma-separated (CardReader,CashDispenser,...)")
        ("operator", po::value<std::string>(),
         "who performs physical actions: tty (a person here, prompted), 'control URL' / --control URL "
         "(atmbench devices' control endpoint), or none (those checks SKIP). Default: control with --devices, else tty")
        ("control", po::value<std::string>(), "control endpoint URL for --operator control (http://127.0.0.1:PORT)")
        ("token", po::value<std::string>()->default_value(""), "the control endpoint's token (its start line)")
        ("ca", po::value<std::string>(), "PEM CA bundle that signed a wss:// service's certificate")
        ("insecure", "wss:// without verifying the service's certificate (recorded in the certificate)")
        ("out", po::value<std::string>()->default_value("certify-results"),
         "folder for certificate.json, certificate.html and junit.xml")
        ("json", po::value<std::string>(), "write the JSON certificate here instead")
        ("html", po::value<std::string>(), "write the HTML certificate here instead")
        ("junit", po::value<std::string>(), "write the JUnit XML here instead")
        ("quiet,q", "no line per check on the console");
    po::variables_map vm;
    int code = 0;
    if (!parse_options("certify",
                       "atmbench certify (--publisher ws[s]://HOST:PORT/xfs4iot/v1.0 | --devices fixtures/devices/standard.yaml) "
                       "[--class CardReader,...] [--operator tty|control|none [--control URL --token T]] [--out DIR]",
                       opts, argc, argv, vm, code))
        return code;
    if (vm.count("publisher") == vm.count("devices")) {
        std::cerr << "atmbench certify: error: give exactly one of --publisher (a vendor's service) or --devices (the "
                     "bench's own simulated devices)\n";
        return kExitError;
    }
    return guarded("certify", [&] {
        certify::CertifyOptions options;
        if (vm.count("class")) options.classes = split_classes(vm["class"].as<std::string>());
        if (vm.count("ca")) options.tls.ca_file = vm["ca"].as<std::string>();
        options.tls.verify = vm.count("insecure") == 0;
        if (!vm.count("quiet")) options.progress = [](const std::string& line) { std::cout << line << std::endl; };

        std::unique_ptr<devices::DeviceSet> set;
        std::string control_url = vm.count("control") ? vm["control"].as<std::string>() : "";
        std::string token = vm["token"].as<std::string>();
        if (vm.count("devices")) {
            const std::string file = vm["devices"].as<std::string>();
            devices::DeviceSetConfig config = devices::load_device_set_config(file);
            devices::DeviceSetup setup{std::move(config.fixture), devices::CardCatalogue::load(share_folder::fixtures() / "cards")};
            if (config.tls) {
                setup.tls_certificate = config.tls->certificate;
                setup.tls_key = config.tls->key;
            }
            set = std::make_unique<devices::DeviceSet>(std::move(setup));
            set->start();
            options.publisher = set->publisher_uri();
            control_url = "http://" + set->control_address();
            token = set->control_token();
            options.environment["deviceSet"] = file;
        } else {
            options.publisher = vm["publisher"].as<std::string>();
        }
        std::string who = vm.count("operator") ? vm["operator"].as<std::string>() : (set ? "control" : "tty");
        std::unique_ptr<certify::Operator> op;
        if (who == "tty") op = certify::tty_operator();
        else if (who == "none") op = certify::no_operator();
        else if (who == "control" || who.rfind("control ", 0) == 0) {
            if (who.size() > 8) control_url = who.substr(8);
            if (control_url.empty()) throw std::invalid_argument("--operator control needs the endpoint: --control http://127.0.0.1:PORT");
            op = certify::control_operator(control_url, token);
        } else {
            throw std::invalid_argument("--operator '" + who + "': expected tty, control (with --control URL) or none");
        }
        std::cout << "certifying " << options.publisher << " (operator: " << op->kind() << ")" << std::endl;
        certify::Certificate cert = certify::certify(options, *op);
        if (set) set->stop();

        std::filesystem::path out = vm["out"].as<std::string>();
        auto path = [&](const char* key, const char* file) {
            return vm.count(key) ? std::filesystem::path(vm[key].as<std::string>()) : out / file;
        };
        write_file(path("json", "certificate.json"), certify::certificate_json(cert));
        write_file(path("html", "certificate.html"), certify::certificate_html(cert));
        write_file(path("junit", "junit.xml"), certify::certificate_junit(cert));
        std::size_t n[4] = {0, 0, 0, 0};
        for (const auto& s : cert.services)
            for (const auto& r : s.checks) ++n[static_cast<int>(r.outcome)];
        for (const auto& e : cert.errors) std::cout << "ERROR  " << e << "\n";
        if (vm.count("quiet"))  // what did not pass, even when the lines per check were not wanted
            for (const auto& s : cert.services)
                for (const auto& r : s.checks)
                    if (r.outcome == certify::Outcome::Fail || r.outcome == certify::Outcome::Error)
                        std::cout << certify::to_string(r.outcome) << "  " << s.name << "  " << r.id
                                  << (r.findings.empty() ? "" : "  — " + r.findings.front()) << "\n";
        std::cout << (cert.exit_code() == 0 ? "CERTIFIED" : cert.exit_code() == 1 ? "NOT CONFORMANT" : "ERROR (could not run)")
                  << ": " << cert.services.size() << " service(s), " << n[0] << " pass, " << n[1] << " fail, " << n[2]
                  << " error, " << n[3] << " skip — " << path("html", "certificate.html").string() << std::endl;
        return cert.exit_code();
    });
}

}  // namespace atmbench::cli
