// atmbench-terminal: the reference terminal application as its own process.
//   atmbench-terminal --config terminal.yaml [--defect NAME]… | --list-defects
// Exit 0 after an admin shutdown or SIGTERM, 2 when the configuration cannot be used.
#include "atmbench/common/accept_backoff.hpp"
#include "atmbench/host/yaml_source.hpp"
#include "atmbench/terminal/admin_port.hpp"
#include "atmbench/terminal/terminal.hpp"

#include <csignal>
#include <iostream>

namespace {

atmbench::terminal::Terminal* g_terminal = nullptr;

void on_signal(int) {
    if (g_terminal) g_terminal->stop();
}

int usage() {
    std::cerr << "usage: atmbench-terminal --config FILE [--defect NAME]...\n"
                 "       atmbench-terminal --list-defects\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace atmbench::terminal;
    atmbench::common::raise_open_file_limit();
    std::string config_path;
    std::vector<std::string> defects;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--list-defects") {
            for (const auto& d : defect_catalogue()) std::cout << d.name << "\t" << d.rule << "\t" << d.what << "\n";
            return 0;
        }
        if ((a == "--config" || a == "--defect") && i + 1 < argc) {
            (a == "--config" ? config_path : defects.emplace_back()) = argv[++i];
            continue;
        }
        std::cerr << "atmbench-terminal: unknown argument '" << a << "'\n";
        return usage();
    }
    if (config_path.empty()) return usage();
    try {
        TerminalConfig config = TerminalConfig::load(config_path);
        for (const auto& d : config.defects) defects.push_back(d);
        Terminal terminal(std::move(config), Defects(defects));
        AdminPort admin(terminal);
        terminal.set_admin_address(admin.start(TerminalConfig::load(config_path).admin_listen), admin.token());
        g_terminal = &terminal;
        std::signal(SIGTERM, on_signal);
        std::signal(SIGINT, on_signal);
        std::signal(SIGPIPE, SIG_IGN);  // a host that went away is an error to handle, not a reason to die
        int code = terminal.run();
        admin.stop();
        return code;
    } catch (const atmbench::host::FixtureError& e) {
        std::cerr << "atmbench-terminal: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "atmbench-terminal: " << e.what() << "\n";
        return 2;
    }
}
