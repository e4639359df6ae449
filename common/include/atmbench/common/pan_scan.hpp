// Card numbers found by meaning, not by field name: what the bench masks in everything it saves (traces, reports,
// its control endpoints' views) and what its secret scan looks for in the saved files. A PAN is a run of 13 to 19
// digits (ISO/IEC 7812-1 §4: up to 19 digits; issued PANs have at least 13) that is not part of a longer digit
// run, does not start with 0 (major industry identifier 0 is not issued to card issuers, ISO/IEC 7812-1 §4.2, and
// zero-padded amounts, counts and totals would otherwise match) and passes its Luhn check digit (Annex B).
#pragma once

#include <boost/json/value.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace atmbench {

struct PanRun {
    std::size_t at = 0, size = 0;  // where in the text
};

// Every PAN in `text`, left to right. Letters around a run do not matter: a PAN inside a hex dump (BCD packed)
// or a track ("6222…0018=3012…", "6222…0018D3012…") is found too.
std::vector<PanRun> find_pans(std::string_view text);

// `text` with every PAN masked as mask_pan() does (first 6 and last 4 kept).
std::string mask_pans(std::string_view text);

// Masks every PAN in every string of `v` — values and object keys, at any depth. Numbers are left alone: the
// protocols carry PANs as strings, and timestamps in ns are 13-19 digit numbers.
void mask_pans(boost::json::value& v);

}  // namespace atmbench
