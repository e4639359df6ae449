// An ESC/POS receipt printer as the printer's mechanism (print_mechanism.hpp): the bench's ESC/POS driver
// (device-protocols/escpos) over a device line (devices/device_line.hpp) to the simulated ESC/POS printer, or to a
// real one on a serial line or USB. Before and after each print and cut the driver reads the real-time status
// (DLE EOT 1…4, docs/references.md [ESCPOS] §3); what it reports is the paper's truth.
//
// Faults (printer fault table): on a simulated mechanism, its physical state — mechanismPaperEnd {count: lines
// that still print}, mechanismCoverOpen, mechanismOffline, mechanismCutterJam; on any line, lineFault {target:
// lose | delay:MS | corrupt:OFFSET, count: answers} — injected by the bench and marked so in the trace.
#pragma once

#include "atmbench/devices/fault_plan.hpp"
#include "atmbench/escpos/driver.hpp"
#include "atmbench/escpos/printer.hpp"
#include "devices/device_line.hpp"
#include "devices/printer/print_mechanism.hpp"

#include <chrono>
#include <memory>
#include <optional>

namespace atmbench::devices {

struct EscposMechanismConfig {
    DeviceLineConfig line;
    int paper_lines = 1000;  // the simulated printer's roll
    std::chrono::milliseconds status_timeout{1000};
};

class EscposMechanism final : public PrintMechanism {
public:
    // Opens the line (throws device_link::LinkError when a serial line or USB device cannot be opened).
    EscposMechanism(const EscposMechanismConfig& config, DeviceLineListener listener);

    Outcome print(const std::vector<std::string>& lines) override;
    Outcome cut() override;
    std::string paper_status() const override;
    boost::json::object truth() const override;

    static bool handles(const std::string& fault);  // a fault name of this mechanism
    // Throws std::invalid_argument for what cannot be done (a physical fault on a real printer, a bad target).
    void inject_fault(const FaultSpec& spec);
    void clear_faults();

private:
    template <class Send>
    Outcome drive(const char* what, Send send);

    EscposMechanismConfig config_;
    std::unique_ptr<escpos::Printer> simulated_;  // only with line.transport == simulated
    DeviceLine line_;
    escpos::Driver driver_;
    std::optional<escpos::PrinterStatus> last_;
    std::string last_error_;
};

}  // namespace atmbench::devices
