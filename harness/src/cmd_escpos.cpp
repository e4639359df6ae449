// `atmbench escpos-printer`: the simulated ESC/POS receipt printer (device-protocols/escpos) on a pseudo-terminal,
// for a terminal's own printer driver pointed at that path as at a USB-serial printer. Prints one JSON ready line
// ({"pty": "/dev/pts/N", …}), then each receipt as a JSON line when it is cut. Control lines on stdin:
//   fault paper-end[:N] | paper-near-end | cover-open | offline | cutter-jam     arm a fault (paper end after N lines)
//   clear                                                                         a new roll, cover shut, online, cutter free
//   status                                                                        the status and the receipt on the roll
//   quit                                                                          stop (so do end of input and SIGINT/SIGTERM)
// Each control line is answered with one JSON line ({"event": "fault"|"clear"|"status"|"error", …}).
#include "cli_common.hpp"
#include "device_serving.hpp"

#include "atmbench/device_link/pty_device.hpp"
#include "atmbench/escpos/printer.hpp"
#include "atmbench/escpos/printer_json.hpp"
#include "atmbench/usbip/bench_devices.hpp"

#include <boost/json.hpp>

#include <atomic>
#include <mutex>

#include <poll.h>
#include <unistd.h>

namespace atmbench::cli {

namespace {

using namespace atmbench::escpos;

// One JSON line on stdout at a time: receipts come from the pty's thread, answers from the control loop.
class Output {
public:
    void line(const boost::json::object& o) {
        std::lock_guard lock(mutex_);
        std::cout << boost::json::serialize(o) << std::endl;
    }

private:
    std::mutex mutex_;
};

// Answers one control line; false when it was `quit`.
bool control(const std::string& line, Printer& printer, Output& out) {
    if (line == "quit") return false;
    if (line.empty()) return true;
    try {
        if (line.rfind("fault ", 0) == 0) {
            const std::string spec = line.substr(6);
            printer.arm(parse_printer_fault(spec));
            out.line({{"event", "fault"}, {"fault", spec}, {"status", status_json(printer.status())}});
        } else if (line == "clear") {
            printer.clear();
            out.line({{"event", "clear"}, {"status", status_json(printer.status())}});
        } else if (line == "status") {
            out.line({{"event", "status"},
                      {"status", status_json(printer.status())},
                      {"current", receipt_json(printer.current())},
                      {"receipts", printer.receipts_printed()},
                      {"parse_errors", printer.error_count()}});
        } else {
            out.line({{"event", "error"},
                      {"error", "unknown control line '" + line + "': expected fault SPEC, clear, status or quit"}});
        }
    } catch (const std::invalid_argument& e) {
        out.line({{"event", "error"}, {"error", e.what()}});
    }
    return true;
}

}  // namespace

int run_escpos_printer(int argc, char** argv) {
    po::options_description opts("options");
    opts.add_options()
        ("paper-lines", po::value<int>(), "lines on the paper roll before it ends (default: it never ends)")
        ("near-end-lines", po::value<int>()->default_value(PrinterSettings{}.near_end_lines),
         "the near-end sensor trips this many lines before the roll ends")
        ("ascii-default", "firmware starts with Chinese mode off (FS .); the default is on, as on Chinese models");
    add_serving_options(opts);
    po::variables_map vm;
    int code = 0;
    if (!parse_options("escpos-printer", "atmbench escpos-printer [--paper-lines N] [--near-end-lines N] [--ascii-default] [--usbip ADDRESS:PORT [--expose]]",
                       opts, argc, argv, vm, code))
        return code;
    return guarded("escpos-printer", [&] {
        StopSignals signals;
        PrinterSettings settings;
        settings.near_end_lines = vm["near-end-lines"].as<int>();
        settings.chinese_by_default = vm.count("ascii-default") == 0;
        Printer printer(settings);
        if (vm.count("paper-lines")) {
            const int lines = vm["paper-lines"].as<int>();
            if (lines < 0) throw std::invalid_argument("--paper-lines must be 0 or more");
            printer.arm({PrinterFault::PaperEnd, lines});
        }
        Output out;
        std::atomic<std::uint64_t> number{0};
        printer.on_receipt([&](const Receipt& r) {
            boost::json::object o = receipt_json(r);
            o["event"] = "receipt";
            o["number"] = ++number;
            out.line(o);
        });
        DeviceServing serving(printer, vm, usbip::escpos_printer_usb());
        boost::json::object ready = serving.ready_fields();
        ready["device"] = "escpos-printer";
        ready["pid"] = static_cast<std::int64_t>(::getpid());
        out.line(ready);

        std::atomic<bool> stopping{false};
        signals.serve([&] { stopping = true; },
                      [&] { read_control_lines(stopping, [&](const std::string& line) { return control(line, printer, out); }); },
                      [] {});
        return kExitOk;
    });
}

}  // namespace atmbench::cli
