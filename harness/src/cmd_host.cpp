// `atmbench host`: the simulated bank host, standalone. Prints one JSON line with its addresses, then serves until
// SIGINT/SIGTERM or POST /shutdown on the control endpoint.
#include "cli_common.hpp"
#include "record_flags.hpp"

#include "atmbench/host/host_server.hpp"

#include <boost/json.hpp>

#include <unistd.h>

namespace atmbench::cli {

namespace {

host::HostSetup make_setup(const po::variables_map& vm) {
    using namespace atmbench::host;
    HostSetup setup{iso8583::Profile::find(vm["profile"].as<std::string>()), {}, {}, {}, {}, {}, {}, 1, {}};
    if (vm.count("length-header"))
        setup.profile.framing.length_header = iso8583::parse_length_header(vm["length-header"].as<std::string>());
    if (vm.count("length-inclusive")) setup.profile.framing.length_inclusive = true;
    std::vector<std::filesystem::path> accounts, keys;
    for (const auto& a : vm["accounts"].as<std::vector<std::string>>()) accounts.emplace_back(a);
    for (const auto& k : vm["keys"].as<std::vector<std::string>>()) keys.emplace_back(k);
    setup.accounts = AccountBook::load(accounts);
    setup.terminals = TerminalDirectory::load(keys);
    setup.options.seed = vm["seed"].as<std::uint64_t>();
    if (vm.count("rules")) {
        RuleFile rules = load_rules(vm["rules"].as<std::string>());
        setup.rules = std::move(rules.rules);
        if (!rules.retain_cash_codes.empty()) setup.options.retain_cash_codes = rules.retain_cash_codes;
    }
    setup.listen = vm["listen"].as<std::string>();
    std::string control = vm["control"].as<std::string>();
    setup.control_listen = control == "none" ? "" : control;
    setup.threads = vm["threads"].as<int>();
    if (setup.threads < 1 || setup.threads > 64) throw std::invalid_argument("--threads must be 1..64");
    if (vm.count("record")) setup.record_file = vm["record"].as<std::string>();
    setup.record_limits = record_limits(vm, "record");
    // A record nobody can read (no control endpoint to ask, no file) is not kept at all.
    if (setup.control_listen.empty() && !setup.record_file) setup.record_limits.max_messages = 0;
    setup.max_connections = vm["max-connections"].as<std::size_t>();
    if (setup.max_connections < 1) throw std::invalid_argument("--max-connections must be at least 1");
    setup.read_timeout = std::chrono::milliseconds(vm["read-timeout"].as<std::uint64_t>());
    if (setup.read_timeout.count() < 1) throw std::invalid_argument("--read-timeout must be at least 1 ms");
    setup.idle_timeout = std::chrono::milliseconds(vm["idle-timeout"].as<std::uint64_t>());
    return setup;
}

}  // namespace

int run_host(int argc, char** argv) {
    po::options_description opts("options");
    opts.add_options()
        ("profile", po::value<std::string>()->required(), "ISO 8583 profile: a shipped name (cup-atm, ascii-1987) or a JSON file")
        ("accounts", po::value<std::vector<std::string>>()->required()->multitoken(), "accounts YAML file(s) or folder (fixtures/accounts)")
        ("keys", po::value<std::vector<std::string>>()->required()->multitoken(), "terminal keys YAML file(s) (fixtures/keys/terminals.yaml)")
        ("rules", po::value<std::string>(), "response rules YAML file (fixtures/host-rules)")
        ("listen", po::value<std::string>()->default_value("127.0.0.1:0"), "ISO 8583 listen address; port 0 = ephemeral")
        ("expose", "allow a --listen address beyond loopback (the host has no authentication; prints a warning)")
        ("control", po::value<std::string>()->default_value("127.0.0.1:0"), "loopback HTTP control endpoint address, or 'none'")
        ("seed", po::value<std::uint64_t>()->default_value(1), "seed for working keys, RRNs and garbage replies")
        ("length-header", po::value<std::string>(), "override the profile's length header: binary2, bcd2, ascii4, binary4, none")
        ("length-inclusive", "the length header counts its own bytes")
        ("threads", po::value<int>()->default_value(1), "I/O threads")
        ("record", po::value<std::string>(), "write every message as a JSON line to this file as it happens (never bounded)")
        ("record-max-messages", po::value<std::size_t>()->default_value(common::RecordLimits{}.max_messages),
         "messages the record keeps for GET /messages; older ones are dropped and counted")
        ("record-max-bytes", po::value<std::size_t>()->default_value(common::RecordLimits{}.max_bytes),
         "bytes the record keeps for GET /messages")
        ("max-connections", po::value<std::size_t>()->default_value(host::HostSetup{}.max_connections),
         "open ISO 8583 connections; the next one is closed at once")
        ("read-timeout", po::value<std::uint64_t>()->default_value(10000),
         "ms a partial message (length header or body) may stay incomplete before the connection is closed")
        ("idle-timeout", po::value<std::uint64_t>()->default_value(600000),
         "ms a connection may stay silent before it is closed; 0 = never");
    po::variables_map vm;
    int code = 0;
    if (!parse_options("host", "atmbench host --profile P --accounts A --keys K [--rules R] [--listen 127.0.0.1:0 [--expose]]", opts,
                       argc, argv, vm, code))
        return code;
    return guarded("host", [&] {
        StopSignals signals;
        check_exposure("host", vm["listen"].as<std::string>(), vm.count("expose") > 0, "ISO 8583 host");
        host::HostServer server(make_setup(vm));
        server.start();
        boost::json::object line{{"host", server.address()},
                                 {"profile", vm["profile"].as<std::string>()},
                                 {"pid", static_cast<std::int64_t>(::getpid())},
                                 {"seed", vm["seed"].as<std::uint64_t>()}};
        if (!server.control_address().empty()) {
            line["control"] = "http://" + server.control_address();
            line["token"] = server.control_token();  // every control request carries it (docs/security.md)
        }
        std::cout << boost::json::serialize(line) << std::endl;

        signals.serve([&] { server.request_shutdown(); }, [&] { server.wait(); }, [&] { server.stop(); });
        return kExitOk;
    });
}

}  // namespace atmbench::cli
