// Printer: paper, receipts and where each one is (see printer.hpp).
#include "devices/printer/printer.hpp"
#include "atmbench/devices/fault_table.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <stdexcept>

namespace atmbench::devices {

Printer::Printer(PrinterConfig config) : config_(config), paper_left_(config.paper_lines) {
    if (config.paper_lines < 0 || config.low_paper_lines < 0)
        throw std::invalid_argument("printer: paper_lines and low_paper_lines must be >= 0");
}

std::optional<Outcome> Printer::jam_check(std::string_view point) {
    if (!jammed_ && faults_.fire("paperJam", point)) jammed_ = true;
    if (jammed_) return Outcome::error("paperJammed", "paper jammed; reset required");
    return std::nullopt;
}

Outcome Printer::print(const std::vector<std::string>& lines) {
    if (auto refused = health_.admit(faults_, "print")) return *refused;
    if (auto jam = jam_check("print")) return *jam;
    if (mechanism_) {
        Outcome printed = mechanism_->print(lines);
        if (printed.ok()) pending_.insert(pending_.end(), lines.begin(), lines.end());
        return printed;
    }
    if (auto out = faults_.fire("paperOut", "print"))
        paper_left_ = std::min(paper_left_, static_cast<int>(std::max<std::int64_t>(out->count, 0)));
    std::size_t fit = std::min(lines.size(), static_cast<std::size_t>(paper_left_));
    pending_.insert(pending_.end(), lines.begin(), lines.begin() + static_cast<std::ptrdiff_t>(fit));
    paper_left_ -= static_cast<int>(fit);
    if (fit < lines.size())
        return Outcome::error("paperOut", "paper ran out after " + std::to_string(fit) + " of " +
                                              std::to_string(lines.size()) + " lines");
    return Outcome::success();
}

std::optional<std::vector<std::string>> Printer::render_form(const std::string& form, const FormFields& fields) {
    if (form != "receipt") return std::nullopt;
    std::vector<std::string> lines;
    for (const auto& [name, value] : fields) lines.push_back(name + ": " + value);
    return lines;
}

Outcome Printer::control(bool cut, bool eject, int& presented) {
    presented = 0;
    if (auto refused = health_.admit(faults_, "controlMedia")) return *refused;
    if (auto jam = jam_check("controlMedia")) return *jam;
    bool cut_waiting = std::any_of(receipts_.begin(), receipts_.end(),
                                   [](const Receipt& r) { return r.location == receipt_at::transport; });
    if ((cut || eject) && pending_.empty() && !(eject && cut_waiting))
        return Outcome::error("noMediaPresent", "nothing printed to cut or eject");
    if ((cut || eject) && !pending_.empty()) {
        if (mechanism_)
            if (Outcome o = mechanism_->cut(); !o.ok()) return o;
        Receipt r;
        r.id = static_cast<int>(receipts_.size()) + 1;
        r.lines = std::move(pending_);
        pending_.clear();
        r.location = receipt_at::transport;
        r.cut_ns = now_ns();
        receipts_.push_back(std::move(r));
    }
    if (eject)
        for (Receipt& r : receipts_)
            if (r.location == receipt_at::transport) {
                r.location = receipt_at::exit;
                r.presented_ns = now_ns();
                ++presented;
            }
    return Outcome::success();
}

Outcome Printer::reset(bool retract) {
    if (auto refused = health_.admit(faults_, "reset")) return *refused;
    jammed_ = false;
    if (retract)
        for (Receipt& r : receipts_)
            if (r.location == receipt_at::exit) r.location = receipt_at::retracted;
    if (health_.state() == DeviceState::hardwareError) health_.set(DeviceState::online);
    return Outcome::success();
}

int Printer::take() {
    int n = 0;
    for (Receipt& r : receipts_)
        if (r.location == receipt_at::exit) {
            r.location = receipt_at::customer;
            r.taken_ns = now_ns();
            ++n;
        }
    return n;
}

void Printer::load_paper(int lines) { paper_left_ = lines > 0 ? lines : config_.paper_lines; }

std::string Printer::media_status() const {
    if (jammed_) return "jammed";
    bool exit = false, inside = !pending_.empty();
    for (const Receipt& r : receipts_) {
        exit = exit || r.location == receipt_at::exit;
        inside = inside || r.location == receipt_at::transport;
    }
    return exit ? "entering" : inside ? "present" : "notPresent";
}

std::string Printer::paper_status() const {
    if (jammed_) return "jammed";
    if (mechanism_) return mechanism_->paper_status();
    if (paper_left_ == 0) return "out";
    return paper_left_ <= config_.low_paper_lines ? "low" : "full";
}

const std::vector<std::string>& Printer::fault_names() {
    static const std::vector<std::string> names = devices::fault_names(*fault_table("printer"));  // fault_table.cpp
    return names;
}

void Printer::inject_fault(const FaultSpec& f) {
    if (f.name == "offline") health_.set(DeviceState::offline);
    else if (f.name == "hardwareError" || f.name == "paperJam" || f.name == "paperOut") faults_.arm(f);
    else throw std::invalid_argument("unknown fault '" + f.name + "'");
}

void Printer::clear_faults() {
    faults_.clear_all();
    if (health_.state() == DeviceState::offline) health_.set(DeviceState::online);
}

boost::json::object Printer::physical_truth() const {
    boost::json::array receipts;
    for (const Receipt& r : receipts_) {
        boost::json::array lines;
        for (const auto& l : r.lines) lines.push_back(boost::json::string(l));
        receipts.push_back({{"id", r.id},
                            {"lines", std::move(lines)},
                            {"location", r.location},
                            {"taken", r.location == receipt_at::customer},
                            {"cutNs", r.cut_ns},
                            {"presentedNs", r.presented_ns},
                            {"takenNs", r.taken_ns}});
    }
    boost::json::array uncut;
    for (const auto& l : pending_) uncut.push_back(boost::json::string(l));
    boost::json::object truth{{"device", to_string(health_.state())},
            {"paperLinesLeft", paper_left_},
            {"jammed", jammed_},
            {"uncutLines", std::move(uncut)},
            {"receipts", std::move(receipts)}};
    if (mechanism_) {
        truth.erase("paperLinesLeft");  // the mechanism's paper, not the simulated roll's
        truth["mechanism"] = mechanism_->truth();
    }
    return truth;
}

}  // namespace atmbench::devices
