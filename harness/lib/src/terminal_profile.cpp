#include "atmbench/harness/terminal_profile.hpp"

#include "atmbench/host/yaml_source.hpp"
#include "atmbench/share_folder.hpp"

namespace atmbench::harness {

using host::YamlReader;

std::string TerminalProfile::screen(const std::string& meaning) const {
    auto it = screens.find(meaning);
    return it == screens.end() || it->second.empty() ? "" : it->second.front();
}

std::chrono::milliseconds TerminalProfile::timeout(const std::string& name, std::chrono::milliseconds dflt) const {
    auto it = timeouts.find(name);
    return it == timeouts.end() ? dflt : it->second;
}

std::string fill_placeholders(std::string text, const std::map<std::string, std::string>& values) {
    for (const auto& [k, v] : values) {
        std::string key = "{" + k + "}";
        for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + v.size()))
            text.replace(at, key.size(), v);
    }
    return text;
}

namespace {

std::vector<std::string> strings(const YamlReader& r, const std::string& key) {
    std::vector<std::string> out;
    YAML::Node n = r[key];
    if (!n.IsDefined() || n.IsNull()) return out;
    if (n.IsScalar()) return {n.Scalar()};
    if (!n.IsSequence()) r.fail(n, key, "expected a list of strings");
    for (const auto& x : n) {
        if (!x.IsScalar()) r.fail(x, key, "expected a list of strings");
        out.push_back(x.Scalar());
    }
    return out;
}

std::map<std::string, std::string> string_map(const YamlReader& r, const std::string& key) {
    std::map<std::string, std::string> out;
    YAML::Node n = r[key];
    if (!n.IsDefined() || n.IsNull()) return out;
    if (!n.IsMap()) r.fail(n, key, "expected a mapping of strings");
    for (const auto& kv : n) {
        if (!kv.second.IsScalar()) r.fail(kv.second, key, "expected a mapping of strings");
        out[kv.first.as<std::string>()] = kv.second.Scalar();
    }
    return out;
}

}  // namespace

TerminalProfile TerminalProfile::load(const std::filesystem::path& file) {
    TerminalProfile p;
    p.source = file;
    YamlReader root(host::load_yaml_file(file), file.string());
    root.require_map("a terminal profile");
    root.allow_only({"name", "start", "ready", "out_of_service", "admin", "customer", "screens", "journal", "receipts",
                     "timeouts_ms"});
    p.name = root.string_or("name", file.stem().string());

    YamlReader start = root.child("start");
    start.require_map("start: {command, defect_args, config_template, stop}");
    start.allow_only({"command", "defect_args", "config_template", "config_timeouts", "stop"});
    p.command = strings(start, "command");
    if (p.command.empty()) start.fail("command", "expected the terminal's argv, e.g. [\"{bin_dir}/my-terminal\", \"--config\", \"{config}\"]");
    p.defect_args = strings(start, "defect_args");
    if (start.has("config_template")) p.config_template = file.parent_path() / start.string("config_template");
    if (start.has("config_timeouts")) {
        if (p.config_template.empty()) start.fail("config_timeouts", "needs config_template: it names a key of the rendered configuration");
        p.config_timeouts = start.string("config_timeouts");
    }
    if (start.has("stop")) {
        YamlReader stop = start.child("stop");
        stop.allow_only({"admin", "grace_ms"});
        p.stop_grace = std::chrono::milliseconds(stop.integer_or("grace_ms", 3000, 0, 60000));
        p.stop_admin = stop.string_or("admin", "");
        if (!p.stop_admin.empty() && (p.stop_admin.find(' ') == std::string::npos || p.stop_admin.find(" /") == std::string::npos))
            stop.fail("admin", "expected \"METHOD /path\", e.g. \"POST /shutdown\"");
        if (!p.stop_admin.empty() && p.admin_address_key.empty() && !root.has("admin"))
            stop.fail("admin", "an admin stop needs the profile's admin section (where the terminal prints its address)");
    }

    YamlReader ready = root.child("ready");
    ready.require_map("ready: {stdout_json, timeout_ms}");
    ready.allow_only({"stdout_json", "timeout_ms"});
    p.ready_json = string_map(ready, "stdout_json");
    if (p.ready_json.empty()) ready.fail("stdout_json", "expected the keys and values of the line that means in service");
    p.ready_timeout = std::chrono::milliseconds(ready.integer_or("timeout_ms", 15000, 100, 600000));
    if (root.has("out_of_service")) {
        YamlReader oos = root.child("out_of_service");
        oos.allow_only({"stdout_json"});
        p.out_of_service_json = string_map(oos, "stdout_json");
    }
    if (root.has("admin")) {
        YamlReader a = root.child("admin");
        a.allow_only({"address_from_stdout", "token_from_stdout", "status", "commands", "refused_status"});
        p.admin_address_key = a.string_or("address_from_stdout", "");
        p.admin_token_key = a.string_or("token_from_stdout", "");
        p.admin_status = a.string_or("status", "");
        p.admin_commands = string_map(a, "commands");
        p.admin_refused_status = static_cast<int>(a.integer_or("refused_status", 409, 100, 599));
    }
    if (root.has("customer")) {
        YamlReader c = root.child("customer");
        c.allow_only({"pin_then", "menu", "fast_cash", "amount", "confirm_deposit", "cancel"});
        p.pin_then = c.string_or("pin_then", p.pin_then);
        p.menu = string_map(c, "menu");
        p.fast_cash = string_map(c, "fast_cash");
        if (c.has("amount")) {
            YamlReader a = c.child("amount");
            a.allow_only({"digits_then"});
            p.amount_then = a.string_or("digits_then", p.amount_then);
        }
        p.confirm_deposit = c.string_or("confirm_deposit", p.confirm_deposit);
        p.cancel = c.string_or("cancel", p.cancel);
    }
    if (root.has("screens")) {
        YamlReader s = root.child("screens");
        s.require_map("screens: {id_pattern, <meaning>: id or [ids]}");
        for (const auto& kv : s.node()) {
            std::string k = kv.first.as<std::string>();
            if (k == "id_pattern") p.screen_id_pattern = kv.second.as<std::string>();
            else p.screens[k] = strings(s, k);
        }
    }
    if (root.has("journal")) {
        YamlReader j = root.child("journal");
        j.allow_only({"path", "format", "exception_field"});
        p.journal_path = j.string("path");
        if (j.string_or("format", "jsonl") != "jsonl") j.fail(j["format"], "format", "expected jsonl (the only journal format read)");
        p.journal_exception_field = j.string_or("exception_field", p.journal_exception_field);
    }
    if (root.has("receipts")) {
        YamlReader r = root.child("receipts");
        r.allow_only({"source", "exception_marker"});
        if (r.string_or("source", "printer") != "printer") r.fail(r["source"], "source", "expected printer");
        p.receipts_from_printer = true;
        p.receipt_exception_marker = r.string_or("exception_marker", "");
    }
    if (root.has("timeouts_ms")) {
        YamlReader t = root.child("timeouts_ms");
        for (const auto& kv : t.node())
            p.timeouts[kv.first.as<std::string>()] = std::chrono::milliseconds(t.integer(kv.first.as<std::string>(), 1, 3600000));
    }
    return p;
}

std::filesystem::path TerminalProfile::find(const std::string& name_or_path) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(name_or_path, ec)) return name_or_path;
    std::filesystem::path named;
    try {
        named = share_folder::fixtures() / "terminals" / (name_or_path + ".yaml");
    } catch (const share_folder::NotFound& e) {
        throw host::FixtureError(name_or_path + ": no such terminal profile file, and no shipped profiles to look in: " + e.what());
    }
    if (std::filesystem::is_regular_file(named, ec)) return named;
    throw host::FixtureError(name_or_path + ": no such terminal profile (not a file, and no " + named.string() + ")");
}

}  // namespace atmbench::harness
