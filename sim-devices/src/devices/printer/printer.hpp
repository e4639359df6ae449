// The receipt printer model: paper roll (capacity in lines), the lines printed but not yet cut, and every receipt
// with where it is — in the transport (cut), at the exit (presented), with the customer (taken) or retracted
// (issue 3: printed text is kept so rules can read receipts). No networking. Methods mirror XFS4IoT Printer
// (docs/references.md [XFS4IoT] §3 Printer, §3.1 Printer.PrintForm errors).
//
// Faults (inject_fault / FaultSpec.name):
//   paperOut (armed; at = "print"; count = lines that still fit before the roll ends, default 0),
//   paperJam (armed; at = "print" or "controlMedia": paper jams; every print/cut/eject then ends paperJammed
//   until Reset), hardwareError (armed; at = a command or any), offline (state).
#pragma once

#include "atmbench/devices/fault_plan.hpp"
#include "devices/device_model.hpp"
#include "devices/device_state.hpp"
#include "devices/outcome.hpp"
#include "devices/printer/print_mechanism.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace atmbench::devices {

struct EscposMechanismConfig;  // escpos_mechanism.hpp

struct PrinterConfig {
    int paper_lines = 1000;   // a full roll, in printed lines
    int low_paper_lines = 100;  // paper status "low" at or below this
    // An ESC/POS printer under the service (config `escpos: {line: {transport …}, status_timeout_ms}`); null: the
    // simulated roll above.
    std::shared_ptr<const EscposMechanismConfig> escpos;
};

namespace receipt_at {
inline constexpr std::string_view transport = "transport";  // cut, inside
inline constexpr std::string_view exit = "exit";            // presented at the slot
inline constexpr std::string_view customer = "customer";    // taken
inline constexpr std::string_view retracted = "retracted";
}  // namespace receipt_at

struct Receipt {
    int id = 0;
    std::vector<std::string> lines;
    std::string location;
    std::int64_t cut_ns = 0, presented_ns = 0, taken_ns = 0;  // steady_clock
};

using FormFields = std::vector<std::pair<std::string, std::string>>;

class Printer : public DeviceModel {
public:
    explicit Printer(PrinterConfig config = {});
    // Paper from a mechanism (print_mechanism.hpp) instead of the simulated roll; it outlives the printer.
    void set_mechanism(PrintMechanism* mechanism) { mechanism_ = mechanism; }
    Printer(const Printer&) = delete;
    Printer& operator=(const Printer&) = delete;

    using DeviceModel::admit;

    // Prints lines onto the paper (not yet cut). Paper running out mid-way keeps what was printed: paperOut.
    Outcome print(const std::vector<std::string>& lines);
    // The built-in forms: "receipt" renders each field as "name: value". nullopt = no such form.
    static std::optional<std::vector<std::string>> render_form(const std::string& form, const FormFields& fields);
    static std::vector<std::string> form_names() { return {"receipt"}; }
    // ControlMedia: cut makes a receipt of the printed lines; eject presents the cut receipts (an eject with
    // uncut lines cuts first). `presented` = receipts now at the exit because of this call.
    Outcome control(bool cut, bool eject, int& presented);
    // Reset: clears a jam and a hardware error; retract = receipts waiting at the exit go to the retract bin.
    Outcome reset(bool retract);

    // ---- The customer's and operator's hands
    int take();                 // takes every receipt at the exit; returns how many
    void load_paper(int lines); // a new roll (0 = the configured capacity); clears paper out

    // ---- Status, faults, truth
    // XFS4IoT printer.media: notPresent | present (printed, uncut or cut inside) | entering (at the exit) |
    // jammed; paper.upper: full | low | out | jammed.
    std::string media_status() const;
    std::string paper_status() const;
    const std::vector<Receipt>& receipts() const { return receipts_; }
    const std::vector<std::string>& uncut_lines() const { return pending_; }
    int paper_left() const { return paper_left_; }

    void inject_fault(const FaultSpec& f) override;
    void clear_faults();
    static const std::vector<std::string>& fault_names();
    // {device, paperLinesLeft, jammed, uncutLines, receipts:[{id, lines, location, taken, cutNs, presentedNs, takenNs}]}
    boost::json::object physical_truth() const override;

private:
    std::optional<Outcome> jam_check(std::string_view point);

    PrinterConfig config_;
    PrintMechanism* mechanism_ = nullptr;
    int paper_left_;
    bool jammed_ = false;
    std::vector<std::string> pending_;
    std::vector<Receipt> receipts_;
};

}  // namespace atmbench::devices
