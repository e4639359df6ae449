#include "atmbench/common/yaml_source.hpp"

#include "atmbench/common/bytes.hpp"

#include <charconv>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

namespace atmbench::common {

namespace {

// yaml-cpp keeps both entries of a key written twice and every lookup finds the first, so `timeout_ms` written
// again further down a step would be silently ignored. A mapping that names a key twice is an error (YAML 1.2
// §3.2.1.1: mapping keys are unique), reported at the second one. Iterative, so a deep document cannot overflow.
void refuse_duplicate_keys(const YAML::Node& root, const std::string& source_name) {
    std::vector<YAML::Node> pending{root};
    std::size_t visited = 0;
    while (!pending.empty()) {
        // Aliases are walked again each time they are used: a document of nested aliases ("billion laughs") would
        // take forever. No fixture comes near this many nodes.
        if (++visited > 1'000'000)
            throw FixtureError(source_name + ": more than 1000000 YAML nodes (aliases expanding?); not read");
        YAML::Node node = pending.back();
        pending.pop_back();
        if (node.IsSequence()) {
            for (const auto& item : node) pending.push_back(item);
        } else if (node.IsMap()) {
            std::map<std::string, int> first_line;
            for (const auto& kv : node) {
                if (kv.first.IsScalar()) {
                    int line = kv.first.Mark().line + 1;
                    auto [it, fresh] = first_line.emplace(kv.first.Scalar(), line);
                    if (!fresh)
                        throw FixtureError(source_name + ":" + std::to_string(line) + ": " + kv.first.Scalar() +
                                           ": appears twice in this mapping (first on line " +
                                           std::to_string(it->second) + "); only one can count");
                }
                pending.push_back(kv.second);
            }
        }
    }
}

}  // namespace

YAML::Node load_yaml_text(const std::string& text, const std::string& source_name) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        throw FixtureError(source_name + ":" + std::to_string(e.mark.line + 1) + ": YAML syntax error: " + e.msg);
    }
    refuse_duplicate_keys(root, source_name);
    return root;
}

YAML::Node load_yaml_file(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw FixtureError(file.string() + ": cannot open file");
    std::stringstream buf;
    buf << in.rdbuf();
    return load_yaml_text(buf.str(), file.string());
}

void YamlReader::fail(const YAML::Node& at, const std::string& key, const std::string& what) const {
    int line = at.IsDefined() ? at.Mark().line + 1 : node_.Mark().line + 1;
    std::string where = source_ + ":" + std::to_string(line < 1 ? 1 : line) + ": ";
    throw FixtureError(where + (key.empty() ? "" : key + ": ") + what);
}

void YamlReader::require_map(const std::string& what) const {
    if (!node_.IsMap()) fail(node_, "", "expected a mapping for " + what);
}

void YamlReader::allow_only(std::initializer_list<const char*> allowed) const {
    for (const auto& kv : node_) {
        std::string k = kv.first.as<std::string>();
        bool ok = false;
        for (const char* a : allowed) ok = ok || k == a;
        if (!ok) {
            std::string list;
            for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
            fail(kv.first, k, "unknown key (expected one of: " + list + ")");
        }
    }
}

std::string YamlReader::string(const std::string& key) const {
    YAML::Node n = node_[key];
    if (!n.IsDefined() || n.IsNull()) fail(node_, key, "missing (required)");
    if (!n.IsScalar()) fail(n, key, "expected a single value");
    return n.Scalar();
}

std::string YamlReader::string_or(const std::string& key, std::string dflt) const {
    return has(key) ? string(key) : std::move(dflt);
}

std::int64_t YamlReader::integer(const std::string& key, std::int64_t min, std::int64_t max) const {
    std::string s = string(key);
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size())
        fail(node_[key], key, "expected a whole number (found \"" + s + "\")");
    if (v < min || v > max)
        fail(node_[key], key,
             "expected a number from " + std::to_string(min) + " to " + std::to_string(max) + " (found " + s + ")");
    return v;
}

std::int64_t YamlReader::integer_or(const std::string& key, std::int64_t dflt, std::int64_t min,
                                    std::int64_t max) const {
    return has(key) ? integer(key, min, max) : dflt;
}

bool YamlReader::boolean_or(const std::string& key, bool dflt) const {
    if (!has(key)) return dflt;
    std::string s = string(key);
    if (s == "true" || s == "yes" || s == "on") return true;
    if (s == "false" || s == "no" || s == "off") return false;
    fail(node_[key], key, "expected true or false (found \"" + s + "\")");
}

std::string YamlReader::digits(const std::string& key, std::size_t min_len, std::size_t max_len) const {
    std::string s = string(key);
    bool ok = s.size() >= min_len && s.size() <= max_len;
    for (char c : s) ok = ok && c >= '0' && c <= '9';
    if (!ok)
        fail(node_[key], key,
             "expected " + (min_len == max_len ? std::to_string(min_len) : std::to_string(min_len) + " to " +
                                                                              std::to_string(max_len)) +
                 " digits (found \"" + s + "\"); quote values with leading zeros");
    return s;
}

std::int64_t YamlReader::money(const std::string& key) const {
    std::string s = string(key);
    std::int64_t major = 0, minor = 0;
    std::size_t dot = s.find('.');
    std::string a = s.substr(0, dot), b = dot == std::string::npos ? "" : s.substr(dot + 1);
    bool ok = !a.empty() && a.size() <= 13 && b.size() <= 2;
    for (char c : a) ok = ok && c >= '0' && c <= '9';
    for (char c : b) ok = ok && c >= '0' && c <= '9';
    if (!ok) fail(node_[key], key, "expected an amount like 5000 or 5000.00, not negative (found \"" + s + "\")");
    std::from_chars(a.data(), a.data() + a.size(), major);
    if (!b.empty()) {
        std::from_chars(b.data(), b.data() + b.size(), minor);
        if (b.size() == 1) minor *= 10;
    }
    return major * 100 + minor;
}

std::int64_t YamlReader::money_or(const std::string& key, std::int64_t dflt) const {
    return has(key) ? money(key) : dflt;
}

std::string YamlReader::hex(const std::string& key, std::initializer_list<std::size_t> byte_lengths) const {
    std::string s = string(key);
    Bytes b;
    try {
        b = from_hex(s);
    } catch (const HexError& e) {
        fail(node_[key], key, std::string("expected hex: ") + e.what());
    }
    bool ok = false;
    std::string list;
    for (std::size_t n : byte_lengths) {
        ok = ok || b.size() == n;
        list += (list.empty() ? "" : " or ") + std::to_string(n);
    }
    if (!ok) fail(node_[key], key, "expected " + list + " bytes of hex (found " + std::to_string(b.size()) + ")");
    return to_hex(b);
}

}  // namespace atmbench::common
