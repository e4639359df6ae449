// The terminals the host knows and their key material (fixtures/keys/*.yaml): the terminal master key (TMK) under
// which sign-on replies deliver working keys, the cipher family and the MAC algorithm of the link.
#pragma once

#include "atmbench/crypto/block_cipher.hpp"
#include "atmbench/crypto/mac.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace atmbench::host {

struct TerminalKeys {
    std::string terminal_id;  // F41, 8 characters
    std::string merchant_id;  // F42, 15 characters
    crypto::CipherFamily cipher = crypto::CipherFamily::Tdes;
    Bytes master_key;  // TMK, 16 bytes (3DES double length or SM4)
    crypto::MacAlgorithm mac = crypto::MacAlgorithm::CupEcb;
};

class TerminalDirectory {
public:
    // Throws FixtureError with file, line and key.
    static TerminalDirectory load(const std::vector<std::filesystem::path>& paths);
    const TerminalKeys* find(const std::string& terminal_id) const;
    const std::map<std::string, TerminalKeys>& terminals() const { return terminals_; }
    void add(TerminalKeys t) { terminals_[t.terminal_id] = std::move(t); }

private:
    std::map<std::string, TerminalKeys> terminals_;
};

}  // namespace atmbench::host
