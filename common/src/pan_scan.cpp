#include "atmbench/common/pan_scan.hpp"

#include "atmbench/common/luhn.hpp"
#include "atmbench/common/pan_mask.hpp"

#include <boost/json.hpp>

namespace atmbench {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::vector<PanRun> find_pans(std::string_view text) {
    std::vector<PanRun> out;
    for (std::size_t i = 0; i < text.size();) {
        if (!digit(text[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && digit(text[end])) ++end;
        std::string_view run = text.substr(i, end - i);
        if (run.size() >= 13 && run.size() <= 19 && run.front() != '0' && luhn_valid(run)) out.push_back({i, run.size()});
        i = end;
    }
    return out;
}

std::string mask_pans(std::string_view text) {
    std::string out;
    std::size_t from = 0;
    for (const PanRun& p : find_pans(text)) {
        out.append(text.substr(from, p.at - from));
        out += mask_pan(text.substr(p.at, p.size));
        from = p.at + p.size;
    }
    out.append(text.substr(from));
    return out;
}

void mask_pans(boost::json::value& v) {
    if (v.is_string()) {
        if (!find_pans(v.as_string()).empty()) v = mask_pans(v.as_string());
    } else if (v.is_array()) {
        for (auto& e : v.as_array()) mask_pans(e);
    } else if (v.is_object()) {
        boost::json::object& o = v.as_object();
        bool keys_hold_pans = false;
        for (auto& kv : o) {
            mask_pans(kv.value());
            keys_hold_pans = keys_hold_pans || !find_pans(kv.key()).empty();
        }
        if (keys_hold_pans) {
            boost::json::object masked;
            for (auto& kv : o) masked[mask_pans(kv.key())] = std::move(kv.value());
            o = std::move(masked);
        }
    }
}

}  // namespace atmbench
