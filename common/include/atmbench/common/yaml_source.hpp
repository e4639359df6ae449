// Reading YAML fixtures with errors that name the file, the line and what was expected.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace atmbench::common {

// A fixture or rules file that cannot be used. what() = "FILE:LINE: KEY: what was expected (found …)".
class FixtureError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Loads a YAML document; a syntax error becomes FixtureError with the file and line.
YAML::Node load_yaml_file(const std::filesystem::path& file);
YAML::Node load_yaml_text(const std::string& text, const std::string& source_name);

// Helpers that read one key of a mapping and throw FixtureError("source:line: key: expected …") otherwise.
class YamlReader {
public:
    YamlReader(YAML::Node node, std::string source) : node_(std::move(node)), source_(std::move(source)) {}

    [[noreturn]] void fail(const YAML::Node& at, const std::string& key, const std::string& what) const;
    [[noreturn]] void fail(const std::string& key, const std::string& what) const { fail(node_, key, what); }

    void require_map(const std::string& what) const;
    // Rejects keys outside `allowed` (typos must not be silently ignored).
    void allow_only(std::initializer_list<const char*> allowed) const;

    bool has(const std::string& key) const { return node_[key].IsDefined() && !node_[key].IsNull(); }
    std::string string(const std::string& key) const;                    // required scalar
    std::string string_or(const std::string& key, std::string dflt) const;
    std::int64_t integer(const std::string& key, std::int64_t min, std::int64_t max) const;
    std::int64_t integer_or(const std::string& key, std::int64_t dflt, std::int64_t min, std::int64_t max) const;
    bool boolean_or(const std::string& key, bool dflt) const;
    // A digit string of exactly `digits` digits (e.g. a currency "156"); numbers written unquoted are accepted.
    std::string digits(const std::string& key, std::size_t min_len, std::size_t max_len) const;
    // Money in major units with up to 2 decimals ("5000", "5000.00", 5000.5) → minor units (fen).
    std::int64_t money(const std::string& key) const;
    std::int64_t money_or(const std::string& key, std::int64_t dflt) const;
    std::string hex(const std::string& key, std::initializer_list<std::size_t> byte_lengths) const;

    YamlReader child(const std::string& key) const { return YamlReader(node_[key], source_); }
    YAML::Node node() const { return node_; }
    YAML::Node operator[](const std::string& key) const { return node_[key]; }
    const std::string& source() const { return source_; }
    int line() const { return node_.Mark().line + 1; }

private:
    YAML::Node node_;
    std::string source_;
};

}  // namespace atmbench::common
