// `atmbench` — one program, one subcommand per job (DESIGN.md, "Interfaces users see").
#include "commands.hpp"

#include "atmbench/common/accept_backoff.hpp"
#include "atmbench/share_folder.hpp"

#include <cstring>
#include <iostream>
#include <string_view>

namespace {

struct Command {
    std::string_view name;
    int (*run)(int, char**);
    std::string_view summary;
};

constexpr Command kCommands[] = {
    {"run", atmbench::cli::run_run, "run scenario suites against a terminal and write JUnit/HTML/JSON reports"},
    {"validate", atmbench::cli::run_validate, "check scenario files (and terminal profiles) without running them"},
    {"rules", atmbench::cli::run_rules, "list the conformance rule catalogue with clause ids"},
    {"steps", atmbench::cli::run_steps, "the scenario step reference (Markdown, docs/steps.md; --json: the step table)"},
    {"schema", atmbench::cli::run_schema, "the scenario JSON Schema (scenarios/scenario.schema.json)"},
    {"host", atmbench::cli::run_host, "run the simulated bank host on a loopback TCP port"},
    {"iso8583", atmbench::cli::run_iso8583, "encode/decode ISO 8583 messages with a profile (JSON <-> hex)"},
    {"devices", atmbench::cli::run_devices, "run the simulated devices as XFS4IoT services on a loopback WebSocket port"},
    {"certify", atmbench::cli::run_certify, "certify a vendor's XFS4IoT service (or the simulated devices) and write a certificate"},
    {"link", atmbench::cli::run_link, "play a terminal's side of the host link from a script (sign-on, transactions)"},
    {"ccnet-validator", atmbench::cli::run_ccnet, "serve a simulated CashCode CCNET bill validator on a pseudo-terminal"},
    {"crypto", atmbench::cli::run_crypto, "PIN blocks, MACs and key check values for checking traces by hand"},
    {"escpos-printer", atmbench::cli::run_escpos_printer, "serve the simulated ESC/POS receipt printer on a pseudo-terminal"},
    {"usb", atmbench::cli::run_usb, "probe: the USB devices libusb sees (--match VID:PID|BUSPATH: descriptors, endpoints)"},
};

void usage(std::ostream& out) {
    out << "usage: atmbench <command> [options]\n\ncommands:\n";
    // Names are padded to a column of 10; a longer one gets two spaces (size_t arithmetic must not wrap).
    for (const auto& c : kCommands)
        out << "  " << c.name << std::string(c.name.size() < 10 ? 10 - c.name.size() : 2, ' ') << c.summary << "\n";
    out << "\n'atmbench <command> --help' shows a command's options.\n"
           "--fixtures DIR (anywhere on the line) takes the fixtures from DIR; otherwise $ATMBENCH_FIXTURES, a checkout\n"
           "above the program or the current folder, or PREFIX/share/atmbench (README.md, \"Install\").\n";
}

// Takes `--fixtures DIR` / `--fixtures=DIR` out of argv wherever it is, for every command alike (each command's own
// options never see it). Returns false, with the message printed, when DIR is missing.
bool take_fixtures_flag(int& argc, char** argv) {
    int out = 1;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--fixtures") {
            if (i + 1 >= argc) {
                std::cerr << "atmbench: --fixtures needs a folder\n";
                return false;
            }
            atmbench::share_folder::set_fixtures_flag(argv[++i]);
        } else if (a.substr(0, 11) == "--fixtures=") {
            atmbench::share_folder::set_fixtures_flag(std::string(a.substr(11)));
        } else {
            argv[out++] = argv[i];
        }
    }
    argc = out;
    argv[argc] = nullptr;
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    atmbench::common::raise_open_file_limit();  // servers and parallel scenarios need more than the default 1024
    if (!take_fixtures_flag(argc, argv)) return atmbench::cli::kExitError;
    if (argc < 2) {
        usage(std::cerr);
        return atmbench::cli::kExitError;
    }
    std::string_view name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        usage(std::cout);
        return atmbench::cli::kExitOk;
    }
    for (const auto& c : kCommands)
        if (c.name == name) return c.run(argc - 1, argv + 1);
    std::cerr << "atmbench: unknown command '" << name << "'\n";
    usage(std::cerr);
    return atmbench::cli::kExitError;
}
