#include "atmbench/escpos/printer_json.hpp"

#include "atmbench/escpos/status.hpp"

#include <boost/json/array.hpp>

namespace atmbench::escpos {

namespace {

const char* justification_name(Justification j) {
    return j == Justification::Center ? "center" : j == Justification::Right ? "right" : "left";
}

}  // namespace

boost::json::object receipt_json(const Receipt& r) {
    boost::json::array lines;
    for (const auto& l : r.lines)
        lines.push_back(boost::json::object{{"text", l.text},
                                            {"align", justification_name(l.justification)},
                                            {"bold", l.bold},
                                            {"underline", l.underline},
                                            {"width", int{l.width}},
                                            {"height", int{l.height}}});
    boost::json::array lost;
    for (const auto& l : r.lost) lost.push_back(boost::json::value(l));
    boost::json::object out{{"text", r.text()}, {"lines", lines}, {"lost", lost}};
    out["cut"] = std::string(!r.cut ? "none" : *r.cut == CutKind::Partial ? "partial" : "full");
    return out;
}

boost::json::object status_json(const PrinterStatus& s) {
    boost::json::array bytes;
    for (std::uint8_t n = 1; n <= 4; ++n) bytes.push_back(int{status_byte(s, n)});
    return {{"summary", s.summary()},   {"ready", s.ready()},           {"offline", s.offline},
            {"cover_open", s.cover_open}, {"paper_near_end", s.paper_near_end}, {"paper_end", s.paper_end},
            {"cutter_error", s.cutter_error}, {"dle_eot", bytes}};
}

}  // namespace atmbench::escpos
