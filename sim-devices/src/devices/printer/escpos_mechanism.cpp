#include "devices/printer/escpos_mechanism.hpp"

#include <boost/json.hpp>

#include <stdexcept>

namespace atmbench::devices {

namespace json = boost::json;

namespace {

std::unique_ptr<escpos::Printer> simulated_printer(const EscposMechanismConfig& c) {
    if (c.line.transport != "simulated") return nullptr;
    auto printer = std::make_unique<escpos::Printer>();
    // The roll of the device set's config: the printer runs out after that many lines, like the simulated roll.
    printer->arm(escpos::PrinterFaultSpec{escpos::PrinterFault::PaperEnd, c.paper_lines});
    return printer;
}

escpos::DriverSettings driver_settings(const EscposMechanismConfig& c) {
    escpos::DriverSettings s;
    s.status_timeout = c.status_timeout;
    return s;
}

// Why the printer cannot print, as XFS4IoT Printer ends the command (docs/references.md [XFS4IoT] §3.1
// Printer.PrintForm: paperOut; a cover open or cutter error is a hardware error; offline is not ready).
Outcome not_ready(const escpos::PrinterStatus& s, const std::string& where) {
    if (s.paper_end) return Outcome::error("paperOut", where + ": the printer reports paper end");
    if (s.offline && !s.cover_open && !s.error) return Outcome::not_ready(where + ": the printer is offline");
    return Outcome::hardware(where + ": the printer reports " + s.summary());
}

}  // namespace

EscposMechanism::EscposMechanism(const EscposMechanismConfig& config, DeviceLineListener listener)
    : config_(config),
      simulated_(simulated_printer(config)),
      line_(config.line, simulated_.get(), "escpos", std::move(listener)),
      driver_(line_.link(), driver_settings(config)) {}

template <class Send>
Outcome EscposMechanism::drive(const char* what, Send send) {
    try {
        escpos::PrintResult r = send();
        last_ = r.after;
        last_error_.clear();
        // Paper ran out while printing: the lines after it are lost (the simulated printer records which).
        if (r.after.paper_end) return Outcome::error("paperOut", std::string(what) + ": paper ran out while printing");
        if (!r.after.ready()) return not_ready(r.after, what);
        return Outcome::success();
    } catch (const escpos::DriverError& e) {
        last_error_ = e.what();
        if (e.kind() == escpos::DriverError::Kind::NotReady) {
            last_ = e.status();
            return not_ready(e.status(), what);
        }
        if (e.kind() == escpos::DriverError::Kind::BadText)
            return Outcome::invalid_data(std::string(what) + ": " + e.what());
        return Outcome::hardware(std::string(what) + ": " + e.what());  // no answer, a garbled one, the line gone
    }
}

Outcome EscposMechanism::print(const std::vector<std::string>& lines) {
    std::vector<escpos::PrintLine> out;
    out.reserve(lines.size());
    for (const auto& l : lines) out.push_back({l});
    return drive("print", [&] { return driver_.print(out, std::nullopt); });
}

Outcome EscposMechanism::cut() {
    return drive("cut", [&] { return driver_.cut(escpos::CutKind::Partial); });
}

std::string EscposMechanism::paper_status() const {
    if (!last_) return "unknown";  // nothing asked yet: a real printer's paper is not known before it answers
    if (last_->paper_end) return "out";
    return last_->paper_near_end ? "low" : "full";
}

json::object EscposMechanism::truth() const {
    json::object o{{"protocol", "escpos"}, {"line", line_.describe()}, {"transport", config_.line.transport}};
    o["status"] = last_ ? json::value(last_->summary()) : json::value(nullptr);
    if (!last_error_.empty()) o["error"] = last_error_;
    if (simulated_) {
        // The simulated printer's own record: what reached the paper, receipt by receipt, and what was lost.
        json::array receipts;
        for (const auto& r : simulated_->receipts()) {
            json::array lost;
            for (const auto& l : r.lost) lost.push_back(json::string(l));
            receipts.push_back({{"text", r.text()}, {"lost", std::move(lost)}});
        }
        o["receipts"] = std::move(receipts);
        o["onRoll"] = simulated_->current().text();
    }
    return o;
}

bool EscposMechanism::handles(const std::string& fault) {
    return fault == "mechanismPaperEnd" || fault == "mechanismCoverOpen" || fault == "mechanismOffline" ||
           fault == "mechanismCutterJam" || fault == "lineFault";
}

void EscposMechanism::inject_fault(const FaultSpec& spec) {
    if (spec.name == "lineFault") {
        line_.arm(spec.target, spec.count);
        return;
    }
    if (!simulated_)
        throw std::invalid_argument(spec.name + ": the bench cannot change a real printer's paper, cover or cutter (" +
                                    line_.describe() + "); use lineFault, or ask the operator");
    escpos::PrinterFaultSpec f;
    if (spec.name == "mechanismPaperEnd") f = {escpos::PrinterFault::PaperEnd, static_cast<int>(spec.count)};
    else if (spec.name == "mechanismCoverOpen") f.fault = escpos::PrinterFault::CoverOpen;
    else if (spec.name == "mechanismOffline") f.fault = escpos::PrinterFault::Offline;
    else if (spec.name == "mechanismCutterJam") f.fault = escpos::PrinterFault::CutterJam;
    else throw std::invalid_argument("unknown fault '" + spec.name + "'");
    simulated_->arm(f);
}

void EscposMechanism::clear_faults() {
    line_.clear_faults();
    if (!simulated_) return;
    simulated_->clear();  // a new roll of the configured length, cover closed, online, cutter free
    simulated_->arm(escpos::PrinterFaultSpec{escpos::PrinterFault::PaperEnd, config_.paper_lines});
}

}  // namespace atmbench::devices
