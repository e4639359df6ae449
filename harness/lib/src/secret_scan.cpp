#include "atmbench/harness/secret_scan.hpp"

#include "atmbench/common/base64.hpp"

#include <boost/json.hpp>

#include <cctype>

namespace atmbench::harness {

std::vector<SecretForm> secret_forms(const std::string& value) {
    std::vector<SecretForm> out{{value, "as on the wire"}};
    if (std::optional<std::string> decoded = base64_decode(value); decoded && decoded->size() >= 4) {
        static const char* digits = "0123456789ABCDEF";
        std::string upper, lower;
        for (unsigned char c : *decoded) {
            upper += digits[c >> 4];
            upper += digits[c & 15];
        }
        for (char c : upper) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.push_back({upper, "hex"});
        out.push_back({lower, "hex"});
    }
    return out;
}

namespace {

// What the terminal writes itself: its journal, its output, its screens and receipts.
std::string written_by_terminal(const TraceEvent& e) {
    if (e.source == "journal" && e.kind == "record") return "journal record " + e.name;
    if (e.source == "terminal" && (e.kind == "stdout" || e.kind == "stderr")) return "terminal " + e.kind;
    if (e.source == "xfs" && e.kind == "command" && (e.name.rfind("TextTerminal.", 0) == 0 || e.name.rfind("Printer.", 0) == 0))
        return "xfs " + e.name;
    return "";
}

}  // namespace

std::vector<SecretFinding> find_secrets(const std::vector<TraceEvent>& events, const std::vector<devices::RedactedSecret>& secrets) {
    std::vector<std::pair<SecretForm, const devices::RedactedSecret*>> wanted;
    for (const auto& s : secrets)
        if (s.value.size() >= 8)
            for (auto& f : secret_forms(s.value)) wanted.emplace_back(std::move(f), &s);
    std::vector<SecretFinding> found;
    if (wanted.empty()) return found;
    for (std::size_t i = 0; i < events.size(); ++i) {
        std::string where = written_by_terminal(events[i]);
        if (where.empty()) continue;
        std::string text = boost::json::serialize(events[i].data);
        for (const auto& [form, secret] : wanted)
            if (form.text.size() >= 8 && text.find(form.text) != std::string::npos) {
                found.push_back({i, where, secret->carrier, form.name});
                break;  // one finding per event is enough evidence
            }
    }
    return found;
}

}  // namespace atmbench::harness
