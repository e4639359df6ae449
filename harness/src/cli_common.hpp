// What every subcommand shares: turning its arguments into options with Boost.program_options and reporting
// bad input as the bench's ERROR (exit 2) with one clear line.
#pragma once

#include "commands.hpp"

#include "atmbench/common/listen_address.hpp"

#include <boost/program_options.hpp>

#include <csignal>
#include <functional>
#include <iostream>
#include <pthread.h>
#include <string>
#include <thread>

namespace atmbench::cli {

namespace po = boost::program_options;

// Parses argv against `options` (plus --help). Returns nullopt-equivalent via `exit_code` when the command should
// stop: help was printed (0) or the arguments were wrong (2, message on stderr).
inline bool parse_options(const std::string& command, const std::string& usage, const po::options_description& options,
                          int argc, char** argv, po::variables_map& vm, int& exit_code,
                          const po::positional_options_description* positional = nullptr) {
    po::options_description all;
    all.add_options()("help,h", "show this help");
    all.add(options);
    try {
        auto parser = po::command_line_parser(argc, argv).options(all);
        if (positional) parser.positional(*positional);
        po::store(parser.run(), vm);
        if (vm.count("help")) {
            std::cout << "usage: " << usage << "\n\n" << all << "\n";
            exit_code = kExitOk;
            return false;
        }
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "atmbench " << command << ": error: " << e.what() << "\n(try 'atmbench " << command
                  << " --help')\n";
        exit_code = kExitError;
        return false;
    }
    return true;
}

// Runs `body`, turning any exception into "atmbench COMMAND: error: …" and exit 2.
inline int guarded(const std::string& command, const std::function<int()>& body) {
    try {
        return body();
    } catch (const std::exception& e) {
        std::cerr << "atmbench " << command << ": error: " << e.what() << "\n";
        return kExitError;
    }
}

// For commands that serve until told to stop: construct before starting any server thread (so SIGINT/SIGTERM are
// blocked in all of them), then serve() waits until a signal arrives or `wait` returns on its own (a control
// endpoint's shutdown), and returns after `stop` ran.
class StopSignals {
public:
    StopSignals() {
        sigemptyset(&set_);
        sigaddset(&set_, SIGINT);
        sigaddset(&set_, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &set_, nullptr);
    }
    void serve(const std::function<void()>& request_stop, const std::function<void()>& wait,
               const std::function<void()>& stop) {
        std::thread watcher([&] {
            int sig = 0;
            sigwait(&set_, &sig);
            request_stop();
        });
        wait();
        stop();
        pthread_kill(watcher.native_handle(), SIGTERM);  // wakes the watcher when the stop came from elsewhere
        watcher.join();
    }

private:
    sigset_t set_;
};

// --listen beyond loopback (0.0.0.0, ::, a LAN address) puts a service without authentication on the network: an
// ISO 8583 host that approves anything, a PIN pad that takes any key. Only with --expose, and then with a warning
// (docs/security.md). Throws std::invalid_argument without it.
inline void check_exposure(const std::string& command, const std::string& listen, bool expose, const std::string& what,
                           const std::string& flag = "--listen") {
    if (!net::is_exposed(listen)) return;
    if (!expose)
        throw std::invalid_argument(flag + " " + listen + " would open the " + what +
                                    " to the network without authentication; add --expose to mean it, or listen on 127.0.0.1");
    std::cerr << "atmbench " << command << ": warning: the " << what << " listens on " << listen
              << ", reachable from the network without authentication (--expose)\n";
}

}  // namespace atmbench::cli
