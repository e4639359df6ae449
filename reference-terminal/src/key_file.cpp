#include "atmbench/terminal/key_file.hpp"

#include "atmbench/host/yaml_source.hpp"

namespace atmbench::terminal {

TerminalKeyEntry read_key_file(const std::filesystem::path& file, const std::string& terminal_id) {
    host::YamlReader doc(host::load_yaml_file(file), file.string());
    doc.require_map("a terminal keys file (top-level key 'terminals')");
    YAML::Node list = doc["terminals"];
    if (!list.IsSequence()) doc.fail(list, "terminals", "expected a list of terminals");
    for (const auto& node : list) {
        host::YamlReader r(node, file.string());
        r.require_map("a terminal");
        r.allow_only({"id", "merchant", "cipher", "master_key", "mac"});
        if (r.string("id") != terminal_id) continue;
        TerminalKeyEntry e;
        e.terminal_id = terminal_id;
        e.merchant_id = r.string_or("merchant", "000000000000000");
        if (e.merchant_id.size() != 15) r.fail(r["merchant"], "merchant", "expected 15 characters (F42 ans15)");
        const std::string cipher = r.string_or("cipher", "3des");
        if (cipher == "sm4") e.cipher = CipherFamily::Sm4;
        else if (cipher != "3des" && cipher != "tdes" && cipher != "des") r.fail(r["cipher"], "cipher", "expected 3des or sm4");
        try {
            e.mac = mac_algorithm_named(r.string_or("mac", "cup-ecb"));
        } catch (const KeyError& k) {
            r.fail(r["mac"], "mac", k.what());
        }
        e.master_key = from_hex(r.hex("master_key", {16}));
        return e;
    }
    throw KeyError("terminal " + terminal_id + " is not in " + file.string());
}

}  // namespace atmbench::terminal
