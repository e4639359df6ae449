#include "atmbench/terminal/terminal_config.hpp"

#include "atmbench/common/host_port.hpp"
#include "atmbench/host/yaml_source.hpp"

namespace atmbench::terminal {

using host::YamlReader;

namespace {

std::filesystem::path relative_to(const std::filesystem::path& base, const std::string& p) {
    std::filesystem::path path(p);
    return path.is_absolute() ? path : base.parent_path() / path;
}

// "ADDRESS:PORT" with a port 0..65535 (common/host_port.hpp), or an error naming file, line and key: 99999 must
// not become another port, nor ':abc' a bare "stoi".
std::string host_port(const YamlReader& r, const std::string& key) {
    std::string text = r.string(key);
    try {
        (void)common::parse_host_port(text);
    } catch (const common::HostPortError& e) {
        r.fail(r[key], key, e.what());
    }
    return text;
}

std::chrono::milliseconds ms(const YamlReader& r, const std::string& key, std::chrono::milliseconds dflt) {
    return std::chrono::milliseconds(r.integer_or(key, dflt.count(), 1, 3'600'000));
}

}  // namespace

TerminalConfig TerminalConfig::load(const std::filesystem::path& file) {
    TerminalConfig c;
    c.source = file;
    YamlReader root(host::load_yaml_file(file), file.string());
    root.require_map("a terminal configuration");
    root.allow_only({"terminal_id", "state_dir", "host", "devices", "keys", "currency", "cassettes", "timeouts_ms",
                     "reversal_retry_ms", "fast_cash", "max_withdrawal", "admin", "defects"});
    c.terminal_id = root.string("terminal_id");
    if (c.terminal_id.size() != 8) root.fail(root["terminal_id"], "terminal_id", "expected 8 characters (F41)");
    c.state_dir = relative_to(file, root.string("state_dir"));

    YamlReader host = root.child("host");
    host.require_map("host: {address, profile, connect_timeout_ms, retain_cash_codes}");
    host.allow_only({"address", "profile", "connect_timeout_ms", "retain_cash_codes"});
    c.host_address = host_port(host, "address");
    c.host_profile = host.string_or("profile", c.host_profile);
    c.connect_timeout = ms(host, "connect_timeout_ms", c.connect_timeout);
    if (host.has("retain_cash_codes")) {
        YAML::Node codes = host["retain_cash_codes"];
        if (!codes.IsSequence()) host.fail(codes, "retain_cash_codes", "expected a list of two-character codes");
        c.retain_cash_codes.clear();
        for (const auto& n : codes) {
            if (!n.IsScalar() || n.Scalar().size() != 2) host.fail(n, "retain_cash_codes", "expected two-character codes");
            c.retain_cash_codes.push_back(n.Scalar());
        }
    }

    YamlReader devices = root.child("devices");
    devices.require_map("devices: {publisher}");
    devices.allow_only({"publisher"});
    c.publisher_uri = devices.string("publisher");

    YamlReader keys = root.child("keys");
    keys.require_map("keys: {file, master_key_kcv}");
    keys.allow_only({"file", "master_key_kcv"});
    c.keys_file = relative_to(file, keys.string("file"));
    c.master_key_kcv = keys.string("master_key_kcv");

    c.currency = root.string_or("currency", c.currency);
    YAML::Node units = root["cassettes"];
    if (!units.IsSequence() || units.size() == 0)
        root.fail(units, "cassettes", "expected a list of {unit, type, currency, value}");
    for (const auto& n : units) {
        YamlReader u(n, file.string());
        u.require_map("a cassette {unit, type, currency, value}");
        u.allow_only({"unit", "type", "currency", "value"});
        CassetteConfig cc;
        cc.unit = u.string("unit");
        cc.type = u.string_or("type", "cashOut");
        if (cc.type != "cashOut" && cc.type != "recycling") u.fail(n["type"], "type", "expected cashOut or recycling");
        cc.currency = u.string_or("currency", c.currency);
        cc.value = u.money("value");
        if (cc.value <= 0) u.fail(n["value"], "value", "expected a positive denomination");
        c.cassettes.push_back(cc);
    }

    if (root.has("timeouts_ms")) {
        YamlReader t = root.child("timeouts_ms");
        t.require_map("timeouts_ms: {card_read, key, pin, host, …}");
        t.allow_only({"card_read", "key", "pin", "host", "deposit_insert", "refused_take", "cash_take", "card_take",
                      "receipt_take", "heartbeat", "screen", "device"});
        Timeouts& d = c.timeouts;
        d.card_read = ms(t, "card_read", d.card_read);
        d.key = ms(t, "key", d.key);
        d.pin = ms(t, "pin", d.pin);
        d.host = ms(t, "host", d.host);
        d.deposit_insert = ms(t, "deposit_insert", d.deposit_insert);
        d.refused_take = ms(t, "refused_take", d.refused_take);
        d.cash_take = ms(t, "cash_take", d.cash_take);
        d.card_take = ms(t, "card_take", d.card_take);
        d.receipt_take = ms(t, "receipt_take", d.receipt_take);
        d.heartbeat = ms(t, "heartbeat", d.heartbeat);
        d.screen = ms(t, "screen", d.screen);
        d.device = ms(t, "device", d.device);
    }
    c.reversal_retry = ms(root, "reversal_retry_ms", c.reversal_retry);
    if (root.has("fast_cash")) {
        YAML::Node f = root["fast_cash"];
        if (!f.IsSequence() || f.size() > 4) root.fail(f, "fast_cash", "expected up to four amounts (F1..F4)");
        for (std::size_t i = 0; i < f.size(); ++i) {
            YAML::Node wrap;
            wrap["v"] = f[i];
            c.fast_cash.push_back(YamlReader(wrap, file.string()).money("v"));
        }
    } else {
        c.fast_cash = {10000, 30000, 50000, 100000};
    }
    c.max_withdrawal = root.money_or("max_withdrawal", c.max_withdrawal);
    if (root.has("admin")) {
        YamlReader a = root.child("admin");
        a.require_map("admin: {listen}");
        a.allow_only({"listen"});
        if (a.has("listen")) c.admin_listen = host_port(a, "listen");
    }
    if (root.has("defects")) {
        YAML::Node d = root["defects"];
        if (!d.IsSequence()) root.fail(d, "defects", "expected a list of defect switch names");
        for (const auto& n : d) c.defects.push_back(n.as<std::string>());
    }
    return c;
}

}  // namespace atmbench::terminal
