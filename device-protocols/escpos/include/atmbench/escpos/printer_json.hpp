// The simulated printer's receipts and status as JSON: what `atmbench escpos-printer` prints on stdout and what a
// device set's `escposPrinter` shows under GET /truth — one view, so a bench reads both the same way.
#pragma once

#include "atmbench/escpos/printer.hpp"

#include <boost/json/object.hpp>

namespace atmbench::escpos {

// {text, lines[{text, align, bold, underline, width, height}], lost[], cut: none|partial|full}
boost::json::object receipt_json(const Receipt& receipt);
// {summary, ready, offline, cover_open, paper_near_end, paper_end, cutter_error, dle_eot[4 status bytes]}
boost::json::object status_json(const PrinterStatus& status);

}  // namespace atmbench::escpos
