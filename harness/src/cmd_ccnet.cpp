// `atmbench ccnet-validator`: the simulated CashCode bill validator (device-protocols/ccnet) on a pseudo-terminal,
// for a driver that opens a serial port — the bench's own, or a kiosk's. Prints one JSON line with the pty's path,
// then serves CCNET there while it reads control lines on stdin, each answered by one JSON line on stdout:
//   insert VALUE|counterfeit   a customer inserts a note          fault NAME   arm a fault (validator.hpp)
//   clear   the operator clears the fault     empty   the operator empties the cassette     power   power cycle
//   state   the state a POLL would report     truth   where every note went                 quit    stop
// It stops on quit, at the end of stdin, or on SIGINT/SIGTERM.
#include "cli_common.hpp"
#include "device_serving.hpp"

#include "atmbench/ccnet/validator.hpp"
#include "atmbench/ccnet/validator_json.hpp"
#include "atmbench/device_link/pty_device.hpp"
#include "atmbench/usbip/bench_devices.hpp"

#include <boost/json.hpp>

#include <atomic>
#include <poll.h>
#include <string_view>
#include <unistd.h>

namespace atmbench::cli {

namespace {

// One control line → its JSON answer. `quit` is handled by the caller.
boost::json::object control(ccnet::Validator& v, std::string_view line) {
    const auto space = line.find(' ');
    const std::string_view verb = line.substr(0, space);
    const std::string_view arg = space == std::string_view::npos ? std::string_view{} : line.substr(space + 1);
    struct Verb {
        std::string_view name;
        bool takes_argument;
        void (*act)(ccnet::Validator&, std::string_view);
    };
    static constexpr Verb kVerbs[] = {
        {"insert", true, [](ccnet::Validator& v, std::string_view a) { v.insert_note(a); }},
        {"fault", true, [](ccnet::Validator& v, std::string_view a) { v.arm(ccnet::parse_fault(a)); }},
        {"clear", false, [](ccnet::Validator& v, std::string_view) { v.clear_fault(); }},
        {"empty", false, [](ccnet::Validator& v, std::string_view) { v.empty_cassette(); }},
        {"power", false, [](ccnet::Validator& v, std::string_view) { v.power_cycle(); }},
        {"state", false, [](ccnet::Validator&, std::string_view) {}},
        {"truth", false, [](ccnet::Validator&, std::string_view) {}},
    };
    for (const auto& k : kVerbs) {
        if (k.name != verb) continue;
        if (k.takes_argument == arg.empty())
            return {{"ok", false},
                    {"error", std::string(verb) + (k.takes_argument ? " needs an argument" : " takes no argument")}};
        try {
            k.act(v, arg);
        } catch (const std::exception& e) {
            return {{"ok", false}, {"error", e.what()}, {"state", ccnet::state_text(v)}};
        }
        boost::json::object answer{{"ok", true}, {"state", ccnet::state_text(v)}};
        if (verb == "truth") answer["truth"] = ccnet::truth_json(v.truth());
        return answer;
    }
    return {{"ok", false},
            {"error", "unknown control line \"" + std::string(line) +
                          "\" (insert VALUE|counterfeit, fault NAME, clear, empty, power, state, truth, quit)"}};
}

}  // namespace

int run_ccnet(int argc, char** argv) {
    po::options_description opts("options");
    opts.add_options()
        ("bills", po::value<std::string>()->default_value("CNY:1,5,10,20,50,100"), "bill table: CURRENCY:VALUE,… as bill types 0, 1, …")
        ("capacity", po::value<std::size_t>()->default_value(1000), "notes the drop cassette holds")
        ("part-number", po::value<std::string>()->default_value(ccnet::Identification{}.part_number), "IDENTIFICATION: part number (15 characters at most)")
        ("serial", po::value<std::string>()->default_value(ccnet::Identification{}.serial_number), "IDENTIFICATION: serial number (12 characters at most)");
    add_serving_options(opts);
    po::variables_map vm;
    int code = 0;
    if (!parse_options("ccnet-validator",
                       "atmbench ccnet-validator [--bills CNY:1,5,10,20,50,100] [--capacity N] [--usbip ADDRESS:PORT [--expose]]\n"
                       "Serves a simulated CashCode CCNET bill validator on a pseudo-terminal (printed as JSON on one\n"
                       "line) and reads control lines on stdin: insert VALUE|counterfeit, fault NAME (jam, stacker-jam,\n"
                       "cheated, cassette-removed, cassette-full, failure[:CODE], power-up-bill), clear, empty, power,\n"
                       "state, truth, quit. Each control line is answered with one JSON line.",
                       opts, argc, argv, vm, code))
        return code;
    return guarded("ccnet-validator", [&] {
        ccnet::ValidatorSettings settings;
        settings.bill_table = ccnet::BillTable::parse(vm["bills"].as<std::string>());
        settings.cassette_capacity = vm["capacity"].as<std::size_t>();
        settings.identification.part_number = vm["part-number"].as<std::string>();
        settings.identification.serial_number = vm["serial"].as<std::string>();
        StopSignals signals;  // before the pty's thread starts, so that it never takes the signals
        ccnet::Validator validator(settings);
        DeviceServing serving(validator, vm, usbip::ccnet_validator_usb());
        boost::json::object ready = serving.ready_fields();
        ready["protocol"] = "ccnet";
        ready["address"] = 3;
        ready["bills"] = vm["bills"].as<std::string>();
        ready["pid"] = static_cast<std::int64_t>(::getpid());
        std::cout << boost::json::serialize(ready) << std::endl;
        std::atomic<bool> stop{false};
        signals.serve([&] { stop = true; },
                      [&] {
                          read_control_lines(stop, [&](const std::string& line) {
                              if (line == "quit") return false;
                              std::cout << boost::json::serialize(control(validator, line)) << std::endl;
                              return true;
                          });
                      },
                      [] {});
        return kExitOk;
    });
}

}  // namespace atmbench::cli
