#include "atmbench/harness/saved_output_scan.hpp"

#include "atmbench/common/bytes.hpp"
#include "atmbench/common/pan_mask.hpp"
#include "atmbench/common/pan_scan.hpp"
#include "atmbench/harness/secret_scan.hpp"
#include "atmbench/host/terminal_keys.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>

namespace atmbench::harness {

namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// A number of JSON (or of the HTML page's embedded data): a timestamp in ns, a count — never how a PAN travels.
// The run may be the mantissa's digits of a float ("5.710967999999999E0"): the whole number is what counts.
bool number_part(char c) { return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'; }

bool json_number(const std::string& line, const PanRun& p) {
    std::size_t before = p.at;
    while (before > 0 && number_part(line[before - 1])) --before;
    while (before > 0 && blank(line[before - 1])) --before;
    std::size_t after = p.at + p.size;
    while (after < line.size() && number_part(line[after])) ++after;
    while (after < line.size() && blank(line[after])) ++after;
    bool opens = before > 0 && (line[before - 1] == ':' || line[before - 1] == ',' || line[before - 1] == '[');
    bool closes = after == line.size() || line[after] == ',' || line[after] == '}' || line[after] == ']';
    return opens && closes;
}

// Track 2 (ISO/IEC 7813): PAN, separator '=' (or 'D' in its hex and chip forms), YYMM expiry.
bool track2_follows(const std::string& line, const PanRun& p) {
    std::size_t sep = p.at + p.size;
    if (sep + 5 > line.size()) return false;
    if (line[sep] != '=' && line[sep] != 'D' && line[sep] != 'd') return false;
    return std::all_of(line.begin() + static_cast<std::ptrdiff_t>(sep + 1), line.begin() + static_cast<std::ptrdiff_t>(sep + 5),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::string pan_found(const std::string& line, const PanRun& p, const std::vector<std::string>& catalogue) {
    std::string pan = line.substr(p.at, p.size);
    std::string shown = " (" + mask_pan(pan) + ")";
    if (track2_follows(line, p)) return "track 2 data" + shown;
    if (std::find(catalogue.begin(), catalogue.end(), pan) != catalogue.end()) return "a full PAN of the card fixtures" + shown;
    if (!json_number(line, p)) return "a full PAN" + shown;
    return "";
}

void scan_file(const std::filesystem::path& file, const std::vector<std::string>& catalogue, const std::vector<KnownSecret>& secrets,
               std::vector<SavedSecret>& found) {
    std::ifstream in(file, std::ios::binary);
    std::size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        for (const PanRun& p : find_pans(line))
            if (std::string what = pan_found(line, p, catalogue); !what.empty()) found.push_back({file, number, what});
        for (const KnownSecret& s : secrets)
            if (line.find(s.value) != std::string::npos) found.push_back({file, number, s.what});
    }
}

}  // namespace

std::vector<KnownSecret> known_secrets(const std::vector<devices::RedactedSecret>& handled, const std::filesystem::path& keys_file) {
    std::vector<KnownSecret> out;
    // Shorter values would match by chance (the same bound as INV-NO-SECRETS's scan).
    auto add = [&](const std::string& value, const std::string& what) {
        for (SecretForm& f : secret_forms(value))
            if (f.text.size() >= 8) out.push_back({std::move(f.text), what + ", " + f.name});
    };
    for (const devices::RedactedSecret& s : handled) add(s.value, "a secret the devices handled (" + s.carrier + ")");
    const host::TerminalDirectory directory = host::TerminalDirectory::load({keys_file});
    for (const auto& [id, keys] : directory.terminals()) {
        std::string hex = to_hex(keys.master_key);
        std::string lower = hex;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.push_back({hex, "the master key of terminal " + id + " (fixtures/keys), hex"});
        out.push_back({lower, "the master key of terminal " + id + " (fixtures/keys), hex"});
    }
    std::sort(out.begin(), out.end(), [](const KnownSecret& a, const KnownSecret& b) { return a.value < b.value; });
    out.erase(std::unique(out.begin(), out.end(), [](const KnownSecret& a, const KnownSecret& b) { return a.value == b.value; }), out.end());
    return out;
}

std::vector<SavedSecret> scan_saved_outputs(const std::vector<std::filesystem::path>& outputs, const std::vector<std::string>& catalogue,
                                            const std::vector<KnownSecret>& secrets) {
    std::vector<SavedSecret> found;
    for (const auto& out : outputs) {
        if (std::filesystem::is_directory(out)) {
            std::vector<std::filesystem::path> files;
            for (const auto& e : std::filesystem::recursive_directory_iterator(out))
                if (e.is_regular_file()) files.push_back(e.path());
            std::sort(files.begin(), files.end());
            for (const auto& f : files) scan_file(f, catalogue, secrets, found);
        } else if (std::filesystem::is_regular_file(out)) {
            scan_file(out, catalogue, secrets, found);
        }
    }
    return found;
}

}  // namespace atmbench::harness
