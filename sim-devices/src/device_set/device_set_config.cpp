// The device set YAML: what load_device_fixture reads, plus the `tls` section that belongs to the running set
// (the server), not to the device models. The fixture loader rejects keys it does not know, so the `tls` entry is
// taken out before the rest is handed to it — blanked line for line, so the fixture's own errors keep pointing at
// the right line of the file.
#include "atmbench/devices/device_set.hpp"

#include "atmbench/common/yaml_source.hpp"

#include <fstream>
#include <sstream>

namespace atmbench::devices {

namespace {

// The text with the top-level block-mapping entry that starts on line `key_line` (0-based) replaced by empty
// lines: from that line up to the next line that starts a new top-level entry (a character other than space or
// '#' in column 0).
std::string blank_entry(const std::string& text, int key_line) {
    std::string out;
    std::istringstream in(text);
    std::string line;
    int n = 0;
    bool blanking = false;
    while (std::getline(in, line)) {
        if (n == key_line) blanking = true;
        else if (blanking && !line.empty() && line[0] != ' ' && line[0] != '#' && line[0] != '\t' && line[0] != '\r')
            blanking = false;
        if (!blanking) out += line;
        out += '\n';
        ++n;
    }
    return out;
}

std::filesystem::path resolve(const std::filesystem::path& config, const std::string& path) {
    std::filesystem::path p(path);
    return p.is_relative() ? config.parent_path() / p : p;
}

}  // namespace

DeviceSetConfig load_device_set_config(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw common::FixtureError(file.string() + ": cannot open file");
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string text = buf.str();
    const std::string source = file.string();

    const YAML::Node top = common::load_yaml_text(text, source);
    std::optional<YAML::Mark> tls_at;  // where the `tls` key is written
    YAML::Node tls_node;
    if (top.IsMap())
        for (auto it = top.begin(); it != top.end(); ++it)
            if (it->first.IsScalar() && it->first.Scalar() == "tls") {
                tls_at = it->first.Mark();
                tls_node = it->second;
            }
    if (!tls_at) return {parse_device_fixture(text, source), std::nullopt};

    common::YamlReader r(tls_node, source);
    r.require_map("tls: {certificate: PATH, key: PATH}");
    r.allow_only({"certificate", "key"});
    TlsFiles tls{resolve(file, r.string("certificate")).string(), resolve(file, r.string("key")).string()};
    std::error_code ec;
    if (!std::filesystem::is_regular_file(tls.certificate, ec))
        r.fail(r["certificate"], "certificate", "no such file '" + tls.certificate + "'");
    if (!std::filesystem::is_regular_file(tls.key, ec)) r.fail(r["key"], "key", "no such file '" + tls.key + "'");

    std::string rest;
    if (top.Style() != YAML::EmitterStyle::Flow && tls_at->column == 0) {
        rest = blank_entry(text, tls_at->line);
    } else {
        // A flow-style document ({name: …, tls: …}): write it out again without `tls`. Line numbers of later
        // errors then refer to this one-document rewrite; a flow-style fixture is one line anyway.
        YAML::Node copy = YAML::Clone(top);
        copy.remove("tls");
        YAML::Emitter e;
        e << copy;
        rest = e.c_str();
    }
    return {parse_device_fixture(rest, source), std::move(tls)};
}

}  // namespace atmbench::devices
