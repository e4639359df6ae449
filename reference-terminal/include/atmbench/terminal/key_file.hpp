// The terminal's entry in its key file (fixtures/keys/README.md): its F41/F42 ids, the master key (TMK) the host
// wraps working keys under, the cipher family and the MAC algorithm of the link. Read by the terminal itself.
#pragma once

#include "atmbench/terminal/link_mac.hpp"

#include <filesystem>
#include <string>

namespace atmbench::terminal {

struct TerminalKeyEntry {
    std::string terminal_id;  // F41, 8 characters
    std::string merchant_id;  // F42, 15 characters
    CipherFamily cipher = CipherFamily::Tdes;
    Bytes master_key;  // TMK, 16 bytes
    MacAlgorithm mac = MacAlgorithm::CupEcb;
};

// Throws host::FixtureError ("FILE:LINE: KEY: expected …") for a bad file, KeyError when the terminal is not in it.
TerminalKeyEntry read_key_file(const std::filesystem::path& file, const std::string& terminal_id);

}  // namespace atmbench::terminal
