#include "atmbench/host/terminal_keys.hpp"

#include "atmbench/host/yaml_source.hpp"

namespace atmbench::host {

TerminalDirectory TerminalDirectory::load(const std::vector<std::filesystem::path>& paths) {
    TerminalDirectory dir;
    for (const auto& file : paths) {
        YamlReader doc(load_yaml_file(file), file.string());
        doc.require_map("a terminal keys file (top-level key 'terminals')");
        doc.allow_only({"terminals"});
        YAML::Node list = doc["terminals"];
        if (!list.IsSequence()) doc.fail(list, "terminals", "expected a list of terminals");
        for (const auto& node : list) {
            YamlReader r(node, file.string());
            r.require_map("a terminal");
            r.allow_only({"id", "merchant", "cipher", "master_key", "mac"});
            TerminalKeys t;
            t.terminal_id = r.string("id");
            if (t.terminal_id.size() != 8) r.fail(r["id"], "id", "expected 8 characters (F41 ans8)");
            t.merchant_id = r.string_or("merchant", "000000000000000");
            if (t.merchant_id.size() != 15) r.fail(r["merchant"], "merchant", "expected 15 characters (F42 ans15)");
            try {
                t.cipher = crypto::parse_cipher_family(r.string_or("cipher", "3des"));
                t.mac = crypto::parse_mac_algorithm(r.string_or("mac", "cup-ecb"));
            } catch (const crypto::CryptoError& e) {
                r.fail(r.node(), r.has("mac") ? "cipher/mac" : "cipher", e.what());
            }
            t.master_key = from_hex(r.hex("master_key", {16}));
            if (dir.terminals_.count(t.terminal_id))
                r.fail(r["id"], "id", "terminal " + t.terminal_id + " is defined twice");
            dir.terminals_[t.terminal_id] = std::move(t);
        }
    }
    return dir;
}

const TerminalKeys* TerminalDirectory::find(const std::string& terminal_id) const {
    auto it = terminals_.find(terminal_id);
    return it == terminals_.end() ? nullptr : &it->second;
}

}  // namespace atmbench::host
